from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_scopes import scopes_disabled

from accounts import demo as accounts_demo
from aids import demo as aids_demo
from caseload import demo as caseload_demo
from conventions import demo as conventions_demo
from evaluation import demo as evaluation_demo
from permanences import demo as permanences_demo


class Command(BaseCommand):
    help = "Create or refresh the demo data (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (demo accounts have published passwords).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Demo accounts have published passwords: run with DEBUG=true, or --force on a "
                "throw-away deployment."
            )
        with transaction.atomic(), scopes_disabled():
            idf, _pm64 = accounts_demo.seed_tenants()
            partners = conventions_demo.seed_partners(idf)
            conventions_demo.seed_conventions(idf)
            staff = accounts_demo.seed_staff(idf)
            interns = accounts_demo.seed_interns(idf)
            sessions = permanences_demo.seed_permanences(idf, [user for user, _label in interns])
            caseload_demo.seed_caseload(idf)
            report = evaluation_demo.seed_evaluation(idf)
            aids_demo.seed_aids()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: 2 tenants, {partners} partners, {len(staff)} staff, "
                f"{len(interns)} interns, {sessions} new permanences, the quarterly report "
                f"{report.quarter.code} in the steering history."
            )
        )
        if options["quiet_logins"]:
            return
        self.stdout.write(f"\nDemo logins (password for all: {accounts_demo.DEMO_PASSWORD})")
        for email, label in staff + [(user.email, label) for user, label in interns]:
            self.stdout.write(f"  {email:<48} {label}")
        self.stdout.write(
            "\nStaff accounts have two-factor authentication: get the current code with\n"
            "  .venv/bin/python manage.py demo_totp_code"
        )
