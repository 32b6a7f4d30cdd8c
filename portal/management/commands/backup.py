from django.core.management.base import BaseCommand, CommandError

from portal.backups import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de DATABASE_URL (pg_dump) et les fichiers de MEDIA_ROOT dans une "
        "archive datée (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default="backups",
            help="dossier des archives (créé au besoin ; par défaut : backups)",
        )

    def handle(self, *args, output_dir, **options):
        try:
            path, manifest = create_backup(output_dir=output_dir)
        except BackupError as error:
            raise CommandError(f"Backup failed: {error}") from error
        files = manifest["files"]
        self.stdout.write(
            self.style.SUCCESS(f"Backup written: {path}")
            + f"\n  database {manifest['database']['name']}: "
            f"{_size(files['database.dump']['bytes'])} (pg_dump custom format)"
            f"\n  media: {manifest['media']['files']} files, {_size(manifest['media']['bytes'])}"
            f" ({_size(files['media.tar.gz']['bytes'])} compressed)"
            "\nIt holds personal data: encrypt it and copy it off this machine."
        )


def _size(count):
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if count < 1024 or unit == "GiB":
            return f"{count:.0f} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024
    return f"{count:.1f} GiB"
