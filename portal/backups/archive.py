"""The archive file: a manifest first, then the database dump and the media tar, each checked
against the size and SHA-256 the manifest gives before anything is restored from it."""

import hashlib
import io
import json
import os
import tarfile
import time
from pathlib import Path

from .errors import BackupError

FORMAT = "cap-installation-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_DUMP = "database.dump"
MEDIA_TAR = "media.tar.gz"
PAYLOAD = (DATABASE_DUMP, MEDIA_TAR)
CHUNK = 1024 * 1024


def file_digest(path):
    """{"bytes": size, "sha256": hex digest} of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return {"bytes": size, "sha256": digest.hexdigest()}


def write_archive(path, *, manifest, payload_dir):
    """Write the archive to `path` through a `.partial` file renamed at the end, so that an
    interrupted backup never leaves a file that looks complete. Readable by its owner only:
    it holds personal data."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as output:
            with tarfile.open(fileobj=output, mode="w", format=tarfile.PAX_FORMAT) as tar:
                data = json.dumps(manifest, indent=2).encode() + b"\n"
                tar.addfile(_member(MANIFEST, len(data)), io.BytesIO(data))
                for name in PAYLOAD:
                    member_path = Path(payload_dir) / name
                    with open(member_path, "rb") as member:
                        tar.addfile(_member(name, member_path.stat().st_size), member)
            output.flush()
            os.fsync(output.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _member(name, size):
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(time.time())
    return info


def read_verified(archive, destination=None):
    """Read the archive in one pass: its manifest, and each payload member checked against
    it (copied into `destination` when given). Returns the manifest; raises BackupError on
    anything unexpected, before the caller has changed anything."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive}: no such file")
    try:
        manifest, seen = None, set()
        with tarfile.open(archive, mode="r|") as tar:
            for member in tar:
                if manifest is None:
                    if member.name != MANIFEST or not member.isfile():
                        break
                    manifest = _parse_manifest(archive, tar.extractfile(member).read())
                    continue
                if member.name not in PAYLOAD or member.name in seen or not member.isfile():
                    raise BackupError(f"{archive}: unexpected member {member.name!r}")
                seen.add(member.name)
                _check_member(archive, tar, member, manifest, destination)
    except (tarfile.TarError, EOFError, json.JSONDecodeError) as error:
        raise BackupError(f"{archive}: unreadable archive ({error})") from error
    if manifest is None:
        raise BackupError(f"{archive}: not a Cap Installation backup (no manifest first)")
    missing = sorted(set(PAYLOAD) - seen)
    if missing:
        raise BackupError(f"{archive}: incomplete archive, missing {', '.join(missing)}")
    return manifest


def _parse_manifest(archive, data):
    manifest = json.loads(data)
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{archive}: not a Cap Installation backup (format {manifest.get('format')!r})"
        )
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{archive}: backup format version {manifest.get('format_version')!r}, this portal "
            f"reads version {FORMAT_VERSION}: restore it with the portal version that made it"
        )
    files = manifest.get("files", {})
    if not all(isinstance(files.get(name), dict) for name in PAYLOAD):
        raise BackupError(f"{archive}: the manifest lacks the checksums of its members")
    return manifest


def _check_member(archive, tar, member, manifest, destination):
    expected = manifest["files"][member.name]
    digest = hashlib.sha256()
    size = 0
    source = tar.extractfile(member)
    target = open(Path(destination) / member.name, "wb") if destination else None  # noqa: SIM115
    try:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if target:
                target.write(chunk)
    finally:
        if target:
            target.close()
    if size != expected["bytes"] or digest.hexdigest() != expected["sha256"]:
        raise BackupError(
            f"{archive}: {member.name} does not match its checksum in the manifest "
            "(a damaged or altered copy): restore another backup"
        )
