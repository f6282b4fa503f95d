"""`station-desk search QUERY [--kind KIND] [--json] --user NAME`: the window's search box on
the command line, with the same rules (what the user may see; youth subjects masked)."""

from __future__ import annotations

import argparse
from typing import Any

from station_desk.cli.common import (
    EXIT_OK,
    add_command,
    as_dict,
    authenticated,
    format_table,
    print_json,
)
from station_desk.i18n import _


def add_search_command(
    commands: Any, common: argparse.ArgumentParser, as_user: argparse.ArgumentParser
) -> None:
    search = add_command(
        commands, "search", common, as_user, handler=cmd_search,
        help=_("find records of every module by name, pinyin, initials, number or phone tail"),
    )
    search.add_argument("query", metavar="QUERY", help=_("what to look for"))
    search.add_argument(
        "--kind",
        metavar="KIND",
        help=_("only this kind: mediation, youth, meetings, volunteers, duty, contacts"),
    )
    search.add_argument(
        "--limit", type=int, default=20, metavar="N", help=_("hits per kind (default 20)")
    )
    search.add_argument("--json", action="store_true", help=_("print JSON instead of a table"))


def cmd_search(args: argparse.Namespace) -> int:
    with authenticated(args) as (services, user):
        groups = services.search.search(user, args.query, args.kind, max(1, args.limit))
    if args.json:
        rows = [
            {**as_dict(group), "label": _(group.label), "hits": [as_dict(hit) for hit in group.hits]}
            for group in groups
        ]
        print_json(rows)
        return EXIT_OK
    for group in groups:
        print(f"{_(group.label)} ({len(group.hits)}{'+' if group.more else ''})")
        hits = [as_dict(hit) for hit in group.hits]
        print(format_table(hits, ("when", "title", "detail", "record_id")))
        print()
    if not groups:
        print(_("Nothing found."))
    return EXIT_OK
