from django.core.management.base import BaseCommand

from core import outbox
from core.models import OutboxMessage, OutboxStatus


class Command(BaseCommand):
    help = "Envoie les messages en attente dans la boîte d'envoi (sans Celery)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=10_000)

    def handle(self, *args, limit, **options):
        counts = outbox.relay(limit=limit)
        pending = OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count()
        failed = OutboxMessage.objects.filter(status=OutboxStatus.FAILED).count()
        self.stdout.write(
            f"sent {counts['sent']}, dropped {counts['dropped']}, retried later "
            f"{counts['retried']}, failed {counts['failed']}; "
            f"still pending {pending}, failed in all {failed}"
        )
