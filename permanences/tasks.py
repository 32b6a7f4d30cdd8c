from celery import shared_task


@shared_task(bind=True)
def send_booking_notification(self, booking_id, kind):
    """Placeholder until the notifications land: records nothing, sends nothing."""
    return False
