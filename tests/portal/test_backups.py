"""`make backup` / `make restore`: a populated portal comes back whole, every table row for row,
every private file byte for byte, and a restore never half-overwrites what is there."""

import json
import tarfile
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import Tenant
from portal.backups import archive
from tests.accounts.factories import TenantFactory
from tests.portal.backup_helpers import (
    connect,
    file_checksums,
    fingerprint,
    manage,
    png_bytes,
    populate_portal,
)

# pg_dump reads what is committed, and a restore replaces the schema under the test's own
# connection: the tests that back up their own rows, or restore, commit (transaction=True).
pytestmark = pytest.mark.postgres
committed = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def scratch_database():
    """An empty database beside the test one, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored"
    with connect("postgres") as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connect("postgres") as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@committed
def test_a_populated_portal_comes_back_row_for_row_and_file_for_file(
    monkeypatch, media_root, tmp_path, scratch_database
):
    populate_portal(monkeypatch)
    source = connection.settings_dict["NAME"]
    started = time.monotonic()
    made = manage(
        "backup", "--output-dir", str(tmp_path / "backups"), database=source, media_root=media_root
    )
    backup_seconds = time.monotonic() - started
    assert made.returncode == 0, made.stderr
    (path,) = (tmp_path / "backups").glob("cap-installation-*.tar")
    assert path.stat().st_mode & 0o777 == 0o600  # personal data: its owner only

    restored_media = tmp_path / "restored-media"
    started = time.monotonic()
    restored = manage("restore", str(path), database=scratch_database, media_root=restored_media)
    restore_seconds = time.monotonic() - started
    assert restored.returncode == 0, restored.stderr

    expected = fingerprint(source)
    assert fingerprint(scratch_database) == expected
    with_rows = {table for table, (count, _md5) in expected["rows"].items() if count}
    assert {
        "accounts_tenant",
        "caseload_dossier",
        "caseload_importjob",
        "conventions_conventiondocument",
        "core_outboxmessage",
        "permanences_booking",
        "aids_aidmeasure",
        "auditlog_logentry",
    } <= with_rows
    files = file_checksums(media_root)
    assert file_checksums(restored_media) == files
    assert {name.split("/")[0] for name in files} == {"private", "tenants"}
    assert any(name.startswith("private/conventions/") for name in files)
    assert any(name.startswith("private/imports/") for name in files)
    print(
        f"\nbackup {backup_seconds:.1f} s, restore {restore_seconds:.1f} s, "
        f"{path.stat().st_size / 1024:.0f} KiB: {len(expected['rows'])} tables "
        f"({len(with_rows)} with rows, {sum(c for c, _ in expected['rows'].values())} rows), "
        f"{len(files)} files"
    )


@pytest.mark.django_db
def test_the_manifest_says_what_the_archive_holds(media_root, tmp_path):
    call_command("backup", output_dir=str(tmp_path), stdout=StringIO())
    (path,) = tmp_path.glob("cap-installation-*.tar")
    with tarfile.open(path) as tar:
        assert tar.getnames() == ["manifest.json", "database.dump", "media.tar.gz"]
        manifest = json.load(tar.extractfile("manifest.json"))
        for name in ("database.dump", "media.tar.gz"):
            assert manifest["files"][name] == archive.file_digest(_extract(tar, name, tmp_path))
    assert manifest["format"] == "cap-installation-backup"
    assert manifest["database"]["name"] == connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(name) FROM django_migrations WHERE app = 'caseload'")
        assert manifest["database"]["migrations"]["caseload"] == cursor.fetchone()[0]
    assert manifest["portal"]["version"]


def _extract(tar, name, folder):
    target = Path(folder) / f"extracted-{name}"
    target.write_bytes(tar.extractfile(name).read())
    return target


def _backup_of_a_small_portal(media_root, tmp_path):
    tenant = TenantFactory(slug="sauvegarde")
    tenant.logo.save("logo.png", ContentFile(png_bytes()))
    call_command("backup", output_dir=str(tmp_path / "backups"), stdout=StringIO())
    (path,) = (tmp_path / "backups").glob("cap-installation-*.tar")
    return path, fingerprint(connection.settings_dict["NAME"]), file_checksums(media_root)


@committed
def test_restore_refuses_a_database_that_is_not_empty_and_force_replaces_it(media_root, tmp_path):
    path, backed_up, files = _backup_of_a_small_portal(media_root, tmp_path)
    Tenant.objects.filter(slug="sauvegarde").delete()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE left_over (id int)")
    (Path(media_root) / "left-over.pdf").write_bytes(b"%PDF")
    changed = fingerprint(connection.settings_dict["NAME"])

    with pytest.raises(CommandError, match="refusing to overwrite") as refused:
        call_command("restore", str(path))
    assert "the database" in str(refused.value) and "MEDIA_ROOT" in str(refused.value)
    assert fingerprint(connection.settings_dict["NAME"]) == changed

    call_command("restore", str(path), force=True, stdout=StringIO())
    assert fingerprint(connection.settings_dict["NAME"]) == backed_up  # left_over is gone too
    assert file_checksums(media_root) == files


@pytest.mark.django_db
def test_a_damaged_archive_is_refused_before_anything_changes(media_root, tmp_path):
    path, _backed_up, files = _backup_of_a_small_portal(media_root, tmp_path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte, in the database dump
    path.write_bytes(bytes(data))
    before = fingerprint(connection.settings_dict["NAME"])

    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(path), force=True)
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(path), check=True)
    assert fingerprint(connection.settings_dict["NAME"]) == before
    assert file_checksums(media_root) == files


@committed
def test_a_restore_failing_halfway_leaves_the_database_as_it_was(media_root, tmp_path):
    """pg_restore gives up on a dump cut short once psql, replacing the database, has dropped
    its schema: none of that is committed (it would be with a COMMIT written regardless)."""
    path, _backed_up, _files = _backup_of_a_small_portal(media_root, tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    manifest = archive.read_verified(path, destination=work)
    dump = work / archive.DATABASE_DUMP
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size * 2 // 3])
    manifest["files"][archive.DATABASE_DUMP] = archive.file_digest(dump)
    cut_short = tmp_path / "cut-short.tar"
    archive.write_archive(cut_short, manifest=manifest, payload_dir=work)
    before = fingerprint(connection.settings_dict["NAME"])

    with pytest.raises(CommandError, match="pg_restore failed, nothing was restored"):
        call_command("restore", str(cut_short), force=True)
    assert fingerprint(connection.settings_dict["NAME"]) == before


@pytest.mark.django_db
def test_an_archive_from_a_newer_portal_is_refused(media_root, tmp_path):
    path, _backed_up, _files = _backup_of_a_small_portal(media_root, tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    manifest = archive.read_verified(path, destination=work)
    manifest["database"]["migrations"]["caseload"] = "9999_from_the_future"
    newer = tmp_path / "newer.tar"
    archive.write_archive(newer, manifest=manifest, payload_dir=work)

    with pytest.raises(CommandError, match="caseload.9999_from_the_future"):
        call_command("restore", str(newer), force=True)
