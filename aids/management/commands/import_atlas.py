from django.core.management.base import BaseCommand, CommandError

from aids.atlas import AtlasError, default_directory, import_atlas


class Command(BaseCommand):
    help = (
        "Import the aids and training capacities of the Atlas de l'attractivité médicale "
        "(aids_matrix_2022.csv, aids_by_departement.csv, training_capacity.csv). All or "
        "nothing; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            dest="directory",
            default=None,
            help=f"Folder holding the three CSV files (default: {default_directory()}).",
        )

    def handle(self, *args, directory=None, **options):
        try:
            report = import_atlas(directory)
        except AtlasError as error:
            raise CommandError(
                "Import refusé, rien n'a été enregistré :\n"
                + "\n".join(f"  - {line}" for line in error.errors)
            ) from error
        for line in report.lines():
            self.stdout.write(line)
        message = "Atlas importé." if report.changed else "Atlas déjà à jour : rien n'a changé."
        self.stdout.write(self.style.SUCCESS(message))
