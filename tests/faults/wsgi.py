"""The portal as gunicorn serves it in production, with the fault tests' knobs."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.faults.stack_settings")
application = get_wsgi_application()

from tests.faults import knobs  # noqa: E402  (after Django is set up)

knobs.apply()
