from django.core.management.base import BaseCommand, CommandError

from portal import health


class Command(BaseCommand):
    help = (
        "Affiche l'état de la base, du cache, du courtier et du worker (comme /sante/) ; "
        "échoue si l'un des éléments nommés (tous par défaut) est en panne."
    )

    def add_arguments(self, parser):
        parser.add_argument("components", nargs="*", choices=health.COMPONENTS)

    def handle(self, *args, components, **options):
        report = health.report()
        self.stdout.write(", ".join(f"{name} {report[name]}" for name in health.COMPONENTS))
        down = [name for name in components or health.COMPONENTS if report[name] != health.OK]
        if down:
            raise CommandError(f"down: {', '.join(down)}")
