from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time
from django.core.management.base import BaseCommand

from accounts.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo staff accounts (demo data only)."

    def handle(self, *args, **options):
        counter = next(yield_hotp_counters_from_time())
        self.stdout.write(f"{hotp_value(DEMO_TOTP_SECRET, counter):06d}")
