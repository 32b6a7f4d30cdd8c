"""The end-of-follow-up questionnaire (annex 3): sent once through the outbox with the last
touchpoint, answered once from its signed link, counted by the steering committee."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from caseload import services
from caseload.follow_up_survey import FOLLOW_UP_SURVEY, survey_token
from caseload.models import FollowUp, FollowUpSatisfaction
from core.models import OutboxMessage
from core.outbox import relay
from tests.caseload.factories import DossierFactory, departement

pytestmark = pytest.mark.django_db


def _installed(tenant, case_manager, **dossier_fields):
    dossier = DossierFactory(tenant=tenant, **dossier_fields)
    services.record_installation(
        dossier=dossier, acting_user=case_manager, installed_on=date(2025, 1, 10),
        commune="Étampes", departement=departement("91"), practice_mode="liberal",
        structure="msp",
    )  # fmt: skip
    return dossier, list(FollowUp.objects.filter(dossier=dossier))


def test_the_last_touchpoint_sends_the_questionnaire_once(
    tenant, case_manager, django_capture_on_commit_callbacks
):
    dossier, follow_ups = _installed(tenant, case_manager, email="dr.martin@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for follow_up in follow_ups[:-1]:
            services.complete_follow_up(follow_up=follow_up, acting_user=case_manager)
    assert not OutboxMessage.objects.filter(kind=FOLLOW_UP_SURVEY).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.complete_follow_up(follow_up=follow_ups[-1], acting_user=case_manager)
    relay()
    assert OutboxMessage.objects.filter(kind=FOLLOW_UP_SURVEY).count() == 1
    sent = [m for m in mail.outbox if m.to == ["dr.martin@example.org"]]
    assert len(sent) == 1
    assert "/suivi/questionnaire/" in sent[0].body


def test_the_questionnaire_is_answered_once_without_logging_in(client, tenant, case_manager):
    dossier, _follow_ups = _installed(tenant, case_manager)
    url = reverse(
        "caseload:follow_up_survey",
        kwargs={"tenant_slug": tenant.slug, "token": survey_token(dossier)},
    )
    assert client.get(url).status_code == 200
    answers = {"overall": "4", "usefulness": "5", "would_recommend": "oui", "comment": ""}
    assert client.post(url, answers).status_code == 302
    answer = FollowUpSatisfaction.objects.get(dossier=dossier)
    assert (answer.overall, answer.usefulness, answer.would_recommend) == (4, 5, True)
    assert "déjà répondu" in client.post(url, answers).content.decode()
    assert FollowUpSatisfaction.objects.count() == 1


def test_an_incomplete_answer_keeps_what_was_chosen(client, tenant, case_manager):
    dossier, _follow_ups = _installed(tenant, case_manager)
    url = reverse("caseload:follow_up_survey",
                  kwargs={"tenant_slug": tenant.slug, "token": survey_token(dossier)})  # fmt: skip
    response = client.post(url, {"overall": "2", "comment": "Trop de démarches"})
    assert response.status_code == 200
    assert "Trop de démarches" in response.content.decode()
    assert not FollowUpSatisfaction.objects.exists()


def test_a_tampered_link_or_another_tenants_slug_finds_nothing(
    client, tenant, other_tenant, case_manager
):
    dossier, _follow_ups = _installed(tenant, case_manager)
    token = survey_token(dossier)
    tampered = reverse("caseload:follow_up_survey",
                       kwargs={"tenant_slug": tenant.slug, "token": token[:-2] + "xx"})  # fmt: skip
    assert client.get(tampered).status_code == 400
    elsewhere = reverse("caseload:follow_up_survey",
                        kwargs={"tenant_slug": other_tenant.slug, "token": token})  # fmt: skip
    assert client.get(elsewhere).status_code == 404
