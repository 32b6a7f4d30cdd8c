"""The questionnaire of the end of the 12-month follow-up (annex 3): queued through the outbox
when the last touchpoint is done, answered from a signed link without logging in."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from core.emails import absolute_url
from core.outbox import enqueue

FOLLOW_UP_SURVEY = "caseload.follow_up_survey"
SALT = "caseload.follow_up_survey"
VALID_FOR = timedelta(days=60)


def queue_survey(dossier):
    """Ask for the questionnaire to be sent (once per dossier, whatever happens next); call
    inside the transaction that records the last touchpoint."""
    enqueue(
        key=f"{FOLLOW_UP_SURVEY}:{dossier.pk}",
        kind=FOLLOW_UP_SURVEY,
        payload={"dossier": dossier.pk},
        tenant_id=dossier.tenant_id,
    )


def survey_token(dossier):
    return signing.dumps({"d": dossier.pk}, salt=SALT)


def read_survey_token(token):
    """The dossier id in the token; raises signing.SignatureExpired or signing.BadSignature."""
    data = signing.loads(token, salt=SALT, max_age=VALID_FOR)
    if not isinstance(data, dict) or not isinstance(data.get("d"), int):
        raise signing.BadSignature("malformed questionnaire token")
    return data["d"]


def survey_url(dossier):
    path = reverse(
        "caseload:follow_up_survey",
        kwargs={"tenant_slug": dossier.tenant.slug, "token": survey_token(dossier)},
    )
    return absolute_url(path)
