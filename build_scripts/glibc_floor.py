"""The oldest glibc a one-folder build runs on: the newest GLIBC_x.y any of its binaries needs.

    python build_scripts/glibc_floor.py FOLDER [--max 2.28]

Reads the version references (`objdump -p`, "required from libc.so.6: GLIBC_2.x") of every
ELF file under FOLDER, prints the glibc floor and the newest libstdc++ (GLIBCXX_3.4.x,
CXXABI_1.3.x) and libgcc (GCC_x.y) versions needed, and the files that set them. With
`--max`, exits 1 when any file needs a glibc newer than that and names the symbols.
`build.py` runs it after every build; the Kylin/UOS build passes `--max 2.28`.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
VERSION = re.compile(r"\b(GLIBC|GLIBCXX|CXXABI|GCC)_(\d+(?:\.\d+)*)\b")
FAMILIES = ("GLIBC", "GLIBCXX", "CXXABI", "GCC")


def version_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


@dataclass
class Floor:
    """The newest version of each family that some file needs, and which files need it."""

    newest: dict[str, str] = field(default_factory=dict)
    needed_by: dict[str, dict[str, list[Path]]] = field(default_factory=dict)
    files: int = 0

    def add(self, path: Path, family: str, version: str) -> None:
        self.needed_by.setdefault(family, {}).setdefault(version, []).append(path)
        current = self.newest.get(family)
        if current is None or version_key(version) > version_key(current):
            self.newest[family] = version

    def files_above(self, family: str, limit: str) -> dict[str, list[Path]]:
        return {
            version: paths
            for version, paths in self.needed_by.get(family, {}).items()
            if version_key(version) > version_key(limit)
        }


def elf_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as file:
            if file.read(4) == ELF_MAGIC:
                yield path


def _private_headers(path: Path) -> str:
    return subprocess.run(
        ["objdump", "-p", str(path)], capture_output=True, text=True, check=True
    ).stdout


def needed_libraries(path: Path) -> set[str]:
    """The sonames the file links to directly (its NEEDED entries)."""
    return {
        line.split()[1]
        for line in _private_headers(path).splitlines()
        if line.strip().startswith("NEEDED")
    }


def required_versions(path: Path) -> set[tuple[str, str]]:
    """(family, version) pairs from the file's "Version References" (what it needs)."""
    output = _private_headers(path)
    needed: set[tuple[str, str]] = set()
    in_references = False
    for line in output.splitlines():
        if line.startswith("Version References:"):
            in_references = True
        elif in_references and line and not line.startswith(" "):
            in_references = False
        elif in_references:
            needed.update(VERSION.findall(line))
    return needed


def measure(folder: Path) -> Floor:
    floor = Floor()
    for path in elf_files(folder):
        floor.files += 1
        for family, version in required_versions(path):
            floor.add(path, family, version)
    return floor


def symbols_newer_than(path: Path, limit: str) -> list[str]:
    """The dynamic symbols of `path` that need a glibc newer than `limit` (for the message)."""
    output = subprocess.run(
        ["objdump", "-T", str(path)], capture_output=True, text=True, check=True
    ).stdout
    found = set()
    for line in output.splitlines():
        match = re.search(r"\(?GLIBC_(\d+(?:\.\d+)*)\)?\s+(\S+)$", line)
        if match and "*UND*" in line and version_key(match[1]) > version_key(limit):
            found.add(f"{match[2]}@GLIBC_{match[1]}")
    return sorted(found)


def report(floor: Floor, folder: Path) -> list[str]:
    lines = [
        f"glibc floor of {folder}: GLIBC_{floor.newest.get('GLIBC', '?')} ({floor.files} ELF files)"
    ]
    for family in FAMILIES[1:]:
        if family in floor.newest:
            version = floor.newest[family]
            first = floor.needed_by[family][version][0].relative_to(folder)
            lines.append(f"  newest {family}_{version} (e.g. {first})")
    glibc = floor.newest.get("GLIBC")
    if glibc:
        users = floor.needed_by["GLIBC"][glibc]
        names = ", ".join(str(path.relative_to(folder)) for path in users[:5])
        more = f" and {len(users) - 5} more" if len(users) > 5 else ""
        lines.append(f"  GLIBC_{glibc} is needed by {names}{more}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--max", help="fail when a file needs a glibc newer than this (e.g. 2.28)")
    args = parser.parse_args(argv)
    folder = args.folder.resolve()
    floor = measure(folder)
    print("\n".join(report(floor, folder)))
    if floor.files == 0:
        print(f"no ELF files under {folder}", file=sys.stderr)
        return 1
    if args.max:
        above = floor.files_above("GLIBC", args.max)
        for version in sorted(above, key=version_key):
            for path in above[version]:
                symbols = ", ".join(symbols_newer_than(path, args.max)[:8])
                print(
                    f"TOO NEW: {path.relative_to(folder)} needs GLIBC_{version}: {symbols}",
                    file=sys.stderr,
                )
        if above:
            print(
                f"glibc floor check FAILED: files need more than GLIBC_{args.max}", file=sys.stderr
            )
            return 1
        print(f"glibc floor check passed: nothing needs more than GLIBC_{args.max}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
