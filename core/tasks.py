from celery import shared_task

from . import outbox


@shared_task(ignore_result=True)
def relay_outbox():
    """Send what the outbox holds (after each commit that recorded a message, and every
    minute by beat in case the broker or the worker was down then)."""
    return outbox.relay()
