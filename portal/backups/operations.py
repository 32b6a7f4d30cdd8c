"""Making a backup and restoring one: what `manage.py backup` and `manage.py restore` run."""

import subprocess
import tempfile
import tomllib
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from . import archive, database, media
from .errors import BackupError

__all__ = ["BackupError", "check_archive", "create_backup", "restore_backup"]


def create_backup(*, output_dir, using=DEFAULT_DB_ALIAS, media_root=None):
    """Write `cap-installation-<UTC time>.tar` into `output_dir` (created, private to its
    owner, if absent). Returns (path, manifest)."""
    connection = connections[using]
    database.require_postgresql(connection)
    (pg_dump,) = database.require_tools("pg_dump")
    media_root = Path(media_root or settings.MEDIA_ROOT).resolve()
    output_dir = Path(output_dir).resolve()
    if output_dir.is_relative_to(media_root):
        raise BackupError(f"the output folder {output_dir} is inside MEDIA_ROOT {media_root}")
    output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = timezone.now()
    path = output_dir / f"cap-installation-{now:%Y%m%dT%H%M%SZ}.tar"
    if path.exists():
        raise BackupError(f"{path} exists already")
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".backup-") as work:
        work = Path(work)
        # The database first: a file uploaded while the media are read then belongs to a row
        # the dump does not have (harmless), rather than a row pointing to a missing file.
        database.dump(connection, work / archive.DATABASE_DUMP, pg_dump=pg_dump)
        media_totals = media.write_media_tar(media_root, work / archive.MEDIA_TAR)
        manifest = {
            "format": archive.FORMAT,
            "format_version": archive.FORMAT_VERSION,
            "created_at": now.isoformat(timespec="seconds"),
            "portal": portal_identity(),
            "database": {
                "name": connection.settings_dict["NAME"],
                "server_version": database.server_version(connection),
                "pg_dump": database.tool_version(pg_dump),
                "migrations": database.migration_state(connection),
            },
            "media": media_totals,
            "files": {name: archive.file_digest(work / name) for name in archive.PAYLOAD},
        }
        archive.write_archive(path, manifest=manifest, payload_dir=work)
    return path, manifest


def check_archive(*, path):
    """Read the whole archive and check it against its manifest, and that this code knows
    its migrations; change nothing. Returns the manifest."""
    manifest = archive.read_verified(path)
    _refuse_unknown_migrations(manifest)
    return manifest


def restore_backup(*, path, using=DEFAULT_DB_ALIAS, media_root=None, force=False):
    """Restore an archive into the database `using` and MEDIA_ROOT. Both must be empty unless
    `force`, which replaces what they hold. Every check runs before anything changes; the
    database is restored in one transaction. Returns a report for the operator."""
    if not Path(path).is_file():
        raise BackupError(f"{path}: no such file")
    connection = connections[using]
    database.require_postgresql(connection)
    pg_restore, psql = database.require_tools("pg_restore", "psql")
    media_root = Path(media_root or settings.MEDIA_ROOT).resolve()
    target = {
        "database": connection.settings_dict["NAME"],
        "relations": database.relation_count(connection),
        "media_root": str(media_root),
        "media_empty": media.is_empty(media_root),
    }
    if not force and (target["relations"] or not target["media_empty"]):
        raise BackupError(_not_empty_message(target))
    with tempfile.TemporaryDirectory(prefix="cap-installation-restore-") as work:
        manifest = archive.read_verified(path, destination=work)
        _refuse_unknown_migrations(manifest)
        connection.close()  # its session must not stand in the way of replacing the schema
        database.restore(
            connection,
            str(Path(work) / archive.DATABASE_DUMP),
            pg_restore=pg_restore,
            psql=psql,
            replace=force,
        )
        try:
            media.restore_media(Path(work) / archive.MEDIA_TAR, media_root, replace=force)
        except (OSError, BackupError) as error:
            raise BackupError(
                f"the database is restored, but not MEDIA_ROOT ({error}): fix that, then run the "
                "restore again with --force (FORCE=1)"
            ) from error
    return {
        "manifest": manifest,
        "target": target,
        "pending_migrations": database.pending_migrations(connection),
    }


def _refuse_unknown_migrations(manifest):
    unknown = database.unknown_migrations(manifest["database"]["migrations"])
    if unknown:
        portal = manifest["portal"]
        raise BackupError(
            f"this backup was made by a newer portal: this code lacks the migrations "
            f"{', '.join(unknown)}. Restore it with the portal that made it (version "
            f"{portal['version']}, git revision {portal['git_revision'] or 'unknown'})"
        )


def _not_empty_message(target):
    held = []
    if target["relations"]:
        held.append(
            f"the database {target['database']} holds {target['relations']} tables, "
            "sequences or views"
        )
    if not target["media_empty"]:
        held.append(f"MEDIA_ROOT {target['media_root']} holds files")
    return (
        f"{' and '.join(held)}: refusing to overwrite them. Restore into an empty database "
        "and an empty MEDIA_ROOT, or replace their contents with --force (make restore ... FORCE=1)"
    )


def portal_identity():
    """The portal's version (pyproject.toml) and git revision, when this copy has them (the
    image has no .git)."""
    identity = {"version": None, "git_revision": None}
    base_dir = Path(settings.BASE_DIR)
    pyproject = base_dir / "pyproject.toml"
    if pyproject.is_file():
        identity["version"] = tomllib.loads(pyproject.read_text())["project"].get("version")
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607 (git wherever it is installed)
            cwd=base_dir,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return identity
    if result.returncode == 0:
        identity["git_revision"] = result.stdout.strip()
    return identity
