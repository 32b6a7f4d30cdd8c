"""`python -m tests.faults.celery_main worker|beat …`: Celery as in production, with the fault
tests' knobs (and, for beat, their one-second schedule)."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.faults.stack_settings")
django.setup()

from portal.celery import app  # noqa: E402
from tests.faults import knobs  # noqa: E402

knobs.apply()
if sys.argv[1] == "beat":
    app.conf.beat_schedule = knobs.FAST_BEAT
app.start(sys.argv[1:])
