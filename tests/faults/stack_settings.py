"""Settings of the portal processes the fault tests start: production's (portal.settings, from
the environment the test gives), with only what a throw-away run needs changed."""

from portal.settings import *  # noqa: F403

# No collectstatic for a throw-away run: pages link to /static/… without a manifest.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# A message a killed worker held comes back after 5 s instead of an hour (production's
# visibility timeout), so that "done again on retry" is seen within the test.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **globals().get("CELERY_BROKER_TRANSPORT_OPTIONS", {}),
    "visibility_timeout": 5,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
