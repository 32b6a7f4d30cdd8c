"""The Celery app. Its beat schedule lives here and only here."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# One place for every periodic task of the portal.
app.conf.beat_schedule = {
    # Every commit that records a message asks for a relay; this one catches what was recorded
    # while the broker or the worker was down.
    "core-relay-outbox": {
        "task": "core.tasks.relay_outbox",
        "schedule": 60.0,
    },
    # The worker writes down that it is alive; /sante/ reads how long ago (portal.health).
    "core-worker-heartbeat": {
        "task": "core.tasks.heartbeat",
        "schedule": 60.0,
    },
    # A large import queued while the broker was down, or whose worker died, is sent again.
    "caseload-dispatch-queued-imports": {
        "task": "caseload.tasks.dispatch_queued_imports",
        "schedule": 60.0,
    },
    # Every app's retention rules (privacy.registry): old closed dossiers, import files…
    "privacy-apply-retention": {
        "task": "privacy.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=45),
    },
    "caseload-overdue-follow-up-alerts": {
        "task": "caseload.tasks.send_overdue_follow_up_alerts",
        "schedule": crontab(hour=8, minute=0),
    },
    # Accounts unused for 3 years: warning 30 days before, then erasure (privacy.retention).
    "privacy-sweep-inactive-accounts": {
        "task": "privacy.tasks.sweep_inactive_accounts",
        "schedule": crontab(hour=4, minute=30),
    },
    "purge-expired-invitations": {
        "task": "accounts.tasks.purge_expired_invitations",
        "schedule": crontab(hour=3, minute=15),
    },
    # Reminders N days before a permanence; each is recorded, so a sweep never sends twice.
    "permanences-send-due-reminders": {
        "task": "permanences.tasks.send_due_reminders",
        "schedule": crontab(minute="*/15"),
    },
    # The evaluation: the running quarter's values recomputed every night (and the previous
    # quarter published if its close was missed); the close itself on each quarter's first day.
    "evaluation-refresh-running-quarter": {
        "task": "evaluation.tasks.refresh_running_quarter",
        "schedule": crontab(hour=2, minute=30),
    },
    "evaluation-close-quarter": {
        "task": "evaluation.tasks.close_quarter",
        "schedule": crontab(day_of_month=1, month_of_year="1,4,7,10", hour=1, minute=0),
    },
    # The day before a permanence, each host gets the registrants (CELERY_TIMEZONE: Paris).
    "permanences-send-host-digests": {
        "task": "permanences.tasks.send_host_digests",
        "schedule": crontab(hour=17, minute=0),
    },
}
