"""Error pages Django renders itself: a server error, and the database out of reach.

When PostgreSQL is stopped or restarting, every page that touches it fails with an
OperationalError (or an InterfaceError on a connection that died). Rather than the generic
500 page, the visitor gets a French "service momentarily unavailable" page, status 503 with
Retry-After, so that they (and proxies, and crawlers) come back later. Like the 500 page, it is
rendered without the request's context: no session, no database, no tenant.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as default_server_error

# Seconds after which a browser or a proxy may try again.
RETRY_AFTER_SECONDS = 60


@requires_csrf_token
def server_error(request):
    """handler500: the 503 page when the cause is the database, Django's 500 page otherwise."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        return database_unavailable(request)
    return default_server_error(request)


def database_unavailable(request):
    page = loader.get_template("503.html").render()
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
