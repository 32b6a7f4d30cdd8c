from django.core.management.base import BaseCommand, CommandError

from evaluation.tasks import active_tenants, parse_quarter, render_quarterly_reports


class Command(BaseCommand):
    help = (
        "Publish a quarter and render its missing quarterly reports (every tenant, or one), "
        "as the beat task does on each quarter's first day; --force renders existing ones again "
        "(same frozen figures, no second e-mail)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tenant", metavar="SLUG", help="Only this tenant.")
        parser.add_argument(
            "--quarter", metavar="2026-Q3", help="The quarter (default: the one just over)."
        )
        parser.add_argument(
            "--force", action="store_true", help="Render again the reports already there."
        )

    def handle(self, *args, **options):
        try:
            quarter = parse_quarter(options["quarter"])
        except ValueError as error:
            raise CommandError(f"Unknown quarter {options['quarter']!r}: use 2026-Q3.") from error
        if options["tenant"] and not active_tenants(options["tenant"]):
            raise CommandError(f"No active tenant {options['tenant']!r}.")
        if quarter.start >= parse_quarter(None).end:
            raise CommandError(f"{quarter.code} is not over yet: only a draft can be rendered.")
        done = render_quarterly_reports(
            quarter=quarter, slug=options["tenant"], force=options["force"]
        )
        for tenant, rendered in done:
            state = "rendered" if rendered else "already there"
            self.stdout.write(f"{quarter.code} {tenant.slug}: {state}")
