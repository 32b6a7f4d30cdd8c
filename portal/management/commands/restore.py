from django.core.management.base import BaseCommand, CommandError

from portal.backups import BackupError, check_archive, restore_backup


class Command(BaseCommand):
    help = (
        "Restaure une archive de `manage.py backup` dans la base de DATABASE_URL et dans "
        "MEDIA_ROOT, vides sauf --force (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="le fichier cap-installation-….tar")
        parser.add_argument(
            "--force",
            action="store_true",
            help="remplacer le contenu d'une base ou d'un MEDIA_ROOT qui ne sont pas vides",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="seulement vérifier l'archive (sommes de contrôle, migrations), sans rien restaurer",
        )

    def handle(self, *args, archive, force, check, **options):
        try:
            if check:
                manifest = check_archive(path=archive)
            else:
                report = restore_backup(path=archive, force=force)
                manifest = report["manifest"]
        except BackupError as error:
            action = "Check" if check else "Restore"
            raise CommandError(f"{action} failed: {error}") from error
        portal = manifest["portal"]
        made = (
            f"made {manifest['created_at']} from the database {manifest['database']['name']} "
            f"by portal {portal['version']} (git revision {portal['git_revision'] or 'unknown'})"
        )
        if check:
            self.stdout.write(self.style.SUCCESS(f"Archive intact: {archive}") + f"\n  {made}")
            return
        self._report_restore(archive, made, report)

    def _report_restore(self, archive, made, report):
        target = report["target"]
        replaced = target["relations"] or not target["media_empty"]
        self.stdout.write(
            self.style.SUCCESS(f"Restored {archive}")
            + f"\n  {made}"
            + f"\n  into the database {target['database']} and MEDIA_ROOT {target['media_root']}"
            + (" (their previous contents replaced)" if replaced else "")
        )
        pending = report["pending_migrations"]
        if pending:
            self.stdout.write(
                self.style.WARNING(
                    f"This code has {len(pending)} migrations the backup had not applied: run "
                    "`manage.py migrate` before starting the portal."
                )
            )
        self.stdout.write(
            "Before starting the portal: empty Redis (the task queue names rows by id) as "
            "docs/operations.md says, under 'Restoring'."
        )
