"""An encrypted copy of a plain SQLite database (`sqlcipher_export`): used to convert a
database from before encryption, its plain local backups, and an old plain backup being
restored. The copy is checked by the caller; a failed copy leaves no file behind.
"""

from __future__ import annotations

import contextlib
import os
from contextlib import closing
from pathlib import Path

from station_desk.db.engine import APPLICATION_ID, cipher_module
from station_desk.errors import StorageError
from station_desk.i18n import _

SIDECARS = ("-wal", "-shm", "-journal")


def export_encrypted(plain: Path, target: Path, key: bytes) -> None:
    """Copy the plain database at `plain` into a new encrypted file `target` (removed again
    when anything fails; a full disk becomes a clear StorageError)."""
    module = cipher_module()
    try:
        with closing(module.connect(str(plain), timeout=30)) as raw:
            raw.isolation_level = None
            raw.execute("ATTACH DATABASE ? AS encrypted KEY \"x'" + key.hex() + "'\"", (str(target),))
            raw.execute("SELECT sqlcipher_export('encrypted')")
            version = raw.execute("PRAGMA main.user_version").fetchone()[0]
            raw.execute(f"PRAGMA encrypted.user_version = {int(version)}")
            raw.execute(f"PRAGMA encrypted.application_id = {APPLICATION_ID}")
            raw.execute("DETACH DATABASE encrypted")
        with open(target, "rb+") as file:
            os.fsync(file.fileno())
    except (module.Error, OSError) as exc:
        for path in (target, *(target.with_name(target.name + s) for s in SIDECARS)):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        text = str(exc).lower()
        if "full" in text or "no space" in text:
            raise StorageError(
                _(
                    "The disk became full while encrypting the database. Free some space and "
                    "sign in again; the database was not changed."
                )
            ) from exc
        raise StorageError(
            _("The database could not be encrypted ({reason}); it was not changed.").format(reason=exc)
        ) from exc
