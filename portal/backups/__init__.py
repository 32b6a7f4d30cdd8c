"""Backups of the portal: one archive holding the database and the uploaded files.

An archive is an uncompressed tar, `cap-installation-<UTC time>.tar`, holding in this order:

- `manifest.json`: when, which portal (version, git revision when known), the database's
  server version and migration state, and the size and SHA-256 of the two members below;
- `database.dump`: `pg_dump` of DATABASE_URL in custom format (compressed by pg_dump);
- `media.tar.gz`: every file under MEDIA_ROOT (signed convention PDFs, import uploads,
  tenant logos, and whatever else the portal stores there).

`manage.py backup` and `manage.py restore` (so `make backup` and `make restore`) call
`create_backup` and `restore_backup`; docs/operations.md is the operator's procedure.
"""

from .operations import BackupError, check_archive, create_backup, restore_backup

__all__ = ["BackupError", "check_archive", "create_backup", "restore_backup"]
