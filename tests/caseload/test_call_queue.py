"""The call queue: who comes next, call-backs coming back at their date, do-not-call respected,
attempts counted, and two case managers never given the same person."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from caseload import services
from caseload.models import CampaignTarget, Interaction, Outcome, Stage, TargetStatus
from caseload.selectors import call_queue
from tests.caseload.factories import CampaignFactory, CampaignTargetFactory, DossierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(tenant):
    return CampaignFactory(tenant=tenant)


def target(campaign, **fields):
    dossier_fields = {
        key.removeprefix("dossier__"): fields.pop(key)
        for key in list(fields)
        if key.startswith("dossier__")
    }
    dossier = DossierFactory(tenant=campaign.tenant, **dossier_fields)
    return CampaignTargetFactory(campaign=campaign, dossier=dossier, **fields)


def queue(campaign, user, now):
    return list(call_queue(campaign, user=user, now=now))


def call(person, case_manager, outcome, **details):
    """The case manager logs a call to a person of the campaign."""
    return services.log_interaction(
        dossier=person.dossier,
        target=person,
        kind="call",
        author=case_manager,
        outcome=outcome,
        **details,
    )


def test_order_due_call_backs_then_never_attempted_then_fewest_attempts(campaign, case_manager):
    now = timezone.now()
    twice = target(campaign, attempts=2, last_attempt_at=now - timedelta(days=1))
    once_recent = target(campaign, attempts=1, last_attempt_at=now - timedelta(hours=1))
    once_old = target(campaign, attempts=1, last_attempt_at=now - timedelta(days=3))
    fresh = target(campaign)
    due_late = target(
        campaign,
        status=TargetStatus.CALL_BACK,
        attempts=3,
        call_back_at=now - timedelta(hours=2),
    )
    due_now = target(
        campaign, status=TargetStatus.CALL_BACK, attempts=1, call_back_at=now - timedelta(minutes=1)
    )
    assert queue(campaign, case_manager, now) == [
        due_late,
        due_now,
        fresh,
        once_old,
        once_recent,
        twice,
    ]


def test_a_call_back_leaves_the_queue_and_comes_back_at_its_date(campaign, case_manager):
    now = timezone.now()
    person = target(campaign)
    other = target(campaign)
    call_back_at = now + timedelta(days=2)
    call(person, case_manager, Outcome.CALL_BACK, call_back_at=call_back_at, now=now)
    person.refresh_from_db()
    assert person.status == TargetStatus.CALL_BACK
    assert person.call_back_at == call_back_at
    assert person.attempts == 1
    assert person.claimed_by is None

    assert queue(campaign, case_manager, now) == [other]
    assert queue(campaign, case_manager, call_back_at - timedelta(minutes=1)) == [other]
    # At its date, it comes back first, before people never called.
    assert queue(campaign, case_manager, call_back_at) == [person, other]
    assert queue(campaign, case_manager, call_back_at + timedelta(days=1)) == [person, other]

    # The dossier's next action says when.
    person.dossier.refresh_from_db()
    assert person.dossier.next_action_on == timezone.localdate(call_back_at)
    assert person.dossier.next_action.startswith("Rappeler le")


def test_a_due_call_back_not_reached_goes_back_into_the_ordinary_order(campaign, case_manager):
    now = timezone.now()
    person = target(
        campaign, status=TargetStatus.CALL_BACK, attempts=1, call_back_at=now - timedelta(hours=1)
    )
    fresh = target(campaign)
    call(person, case_manager, Outcome.NOT_REACHED, now=now)
    person.refresh_from_db()
    assert (person.status, person.call_back_at, person.attempts) == (TargetStatus.PENDING, None, 2)
    assert queue(campaign, case_manager, now) == [fresh, person]


def test_do_not_call_never_appears(campaign, case_manager):
    now = timezone.now()
    flagged = target(campaign, dossier__do_not_call=True)
    refused = target(campaign, status=TargetStatus.DO_NOT_CALL)
    flagged_call_back = target(
        campaign,
        dossier__do_not_call=True,
        status=TargetStatus.CALL_BACK,
        call_back_at=now - timedelta(hours=1),
    )
    ok = target(campaign)
    assert queue(campaign, case_manager, now) == [ok]
    assert services.claim_next_target(campaign=campaign, user=case_manager, now=now) == ok
    assert {flagged, refused, flagged_call_back}.isdisjoint(queue(campaign, case_manager, now))


def test_asking_not_to_be_called_flags_the_dossier_for_every_campaign(
    tenant, campaign, case_manager
):
    now = timezone.now()
    person = target(campaign)
    elsewhere = CampaignTargetFactory(
        campaign=CampaignFactory(tenant=tenant), dossier=person.dossier
    )
    call(person, case_manager, Outcome.DO_NOT_CALL, now=now)
    person.dossier.refresh_from_db()
    assert person.dossier.do_not_call is True
    assert queue(campaign, case_manager, now) == []
    assert queue(elsewhere.campaign, case_manager, now) == []
    assert Interaction.objects.get(dossier=person.dossier).outcome == Outcome.DO_NOT_CALL


def test_final_outcomes_and_closed_dossiers_leave_the_queue(campaign, case_manager):
    now = timezone.now()
    target(campaign, status=TargetStatus.NOT_INTERESTED)
    target(campaign, status=TargetStatus.QUALIFIED)
    target(campaign, dossier__stage=Stage.CLOSED)
    reached = target(campaign, status=TargetStatus.REACHED, attempts=1, last_attempt_at=now)
    assert queue(campaign, case_manager, now) == [reached]


def test_another_case_managers_claim_hides_the_person_for_fifteen_minutes(
    campaign, case_manager, other_case_manager
):
    now = timezone.now()
    first = target(campaign)
    second = target(campaign)
    assert services.claim_next_target(campaign=campaign, user=case_manager, now=now) == first
    # The other case manager gets the next person, not the same one.
    assert services.claim_next_target(campaign=campaign, user=other_case_manager, now=now) == second
    # Asking again returns the person one already holds.
    assert services.claim_next_target(campaign=campaign, user=case_manager, now=now) == first
    # Nobody is left for a third ask.
    assert services.claim_next_target(campaign=campaign, user=other_case_manager, now=now) == second
    later = now + timedelta(minutes=16)
    # An abandoned claim expires: the other case manager may now be given that person.
    services.release_claim(target=second, user=other_case_manager)
    assert queue(campaign, other_case_manager, later)[0] == first


def test_an_outcome_counts_the_attempt_and_moves_the_dossier_on(campaign, case_manager):
    person = target(campaign)
    call(person, case_manager, Outcome.QUALIFIED, text="Projet en MSP.")
    person.refresh_from_db()
    assert (person.status, person.attempts) == (TargetStatus.QUALIFIED, 1)
    assert person.last_attempt_at is not None
    person.dossier.refresh_from_db()
    assert person.dossier.stage == Stage.MATURING
    # Contacted, then maturing: both steps are in the history.
    assert list(person.dossier.stage_changes.values_list("to_stage", flat=True)) == [
        Stage.MATURING,
        Stage.CONTACTED,
    ]


def test_a_call_back_must_be_in_the_future(campaign, case_manager):
    person = target(campaign)
    with pytest.raises(services.DossierError) as error:
        call(
            person,
            case_manager,
            Outcome.CALL_BACK,
            call_back_at=timezone.now() - timedelta(minutes=5),
        )
    assert error.value.code == "call_back_past"
    assert not Interaction.objects.exists()


# Through the pages


def test_the_queue_page_shows_the_next_person_and_an_outcome_moves_on(
    client, tenant, campaign, case_manager
):
    first = target(campaign, dossier__first_name="Alice", dossier__last_name="Martin")
    second = target(campaign, dossier__first_name="Bruno", dossier__last_name="Petit")
    client.force_login(case_manager)
    url = reverse("caseload:call_queue", kwargs={"tenant_slug": tenant.slug, "pk": campaign.pk})
    page = client.get(url).content.decode()
    assert "Appeler Alice Martin" in page
    first.refresh_from_db()
    assert first.claimed_by == case_manager

    outcome_url = reverse(
        "caseload:call_outcome",
        kwargs={"tenant_slug": tenant.slug, "pk": campaign.pk, "target_pk": first.pk},
    )
    response = client.post(outcome_url, {"outcome": "reached", "text": "Rappel en juin."})
    assert response.status_code == 302 and response.url == url
    assert "Appeler Bruno Petit" in client.get(url).content.decode()
    interaction = Interaction.objects.get(dossier=first.dossier)
    assert (interaction.outcome, interaction.campaign, interaction.author) == (
        Outcome.REACHED,
        campaign,
        case_manager,
    )
    assert interaction.shareable is False  # call notes are staff notes
    second.refresh_from_db()
    assert second.claimed_by == case_manager


def test_call_back_without_a_date_is_refused_and_the_note_kept(
    client, tenant, campaign, case_manager
):
    person = target(campaign)
    client.force_login(case_manager)
    client.get(
        reverse("caseload:call_queue", kwargs={"tenant_slug": tenant.slug, "pk": campaign.pk})
    )
    outcome_url = reverse(
        "caseload:call_outcome",
        kwargs={"tenant_slug": tenant.slug, "pk": campaign.pk, "target_pk": person.pk},
    )
    response = client.post(outcome_url, {"outcome": "call_back", "text": "Occupé, rappeler."})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Indiquez quand rappeler la personne." in page
    assert "Occupé, rappeler." in page
    assert not Interaction.objects.exists()


def test_a_person_claimed_by_someone_else_cannot_be_logged_over(
    client, tenant, campaign, case_manager, other_case_manager
):
    person = target(campaign)
    services.claim_next_target(campaign=campaign, user=other_case_manager)
    client.force_login(case_manager)
    outcome_url = reverse(
        "caseload:call_outcome",
        kwargs={"tenant_slug": tenant.slug, "pk": campaign.pk, "target_pk": person.pk},
    )
    response = client.post(outcome_url, {"outcome": "not_interested"}, follow=True)
    assert "appelle cette personne en ce moment" in response.content.decode()
    person.refresh_from_db()
    assert person.status == TargetStatus.PENDING


def test_a_campaign_naming_its_case_managers_is_worked_by_them_only(
    client, tenant, campaign, case_manager, other_case_manager
):
    campaign.case_managers.set([other_case_manager])
    target(campaign)
    client.force_login(case_manager)
    url = reverse("caseload:call_queue", kwargs={"tenant_slug": tenant.slug, "pk": campaign.pk})
    assert client.get(url).status_code == 403
    client.force_login(other_case_manager)
    assert client.get(url).status_code == 200


def _race(tenant, monkeypatch, *, lock):
    """Eight case managers ask for the next person at the same instant, three times each; the
    claim is written slowly, so without the lock they would all read the same head."""
    from django.db.models import QuerySet

    from accounts.models import Role
    from tests.accounts.factories import staff_member

    campaign = CampaignFactory(tenant=tenant)
    for _ in range(40):
        target(campaign)
    managers = [staff_member(tenant, Role.CASE_MANAGER, mfa=False) for _ in range(8)]
    slow_save = CampaignTarget.save

    def save(self, *args, **kwargs):
        time.sleep(0.02)
        return slow_save(self, *args, **kwargs)

    monkeypatch.setattr(CampaignTarget, "save", save)
    if not lock:
        monkeypatch.setattr(QuerySet, "select_for_update", lambda self, **kwargs: self)
    barrier = threading.Barrier(len(managers))
    claimed, errors = [], []

    def work(user):
        try:
            barrier.wait()
            with scope(tenant=tenant):  # as in a request
                for _ in range(3):
                    got = services.claim_next_target(campaign=campaign, user=user)
                    claimed.append(got.pk)
                    # Done with this one: it leaves the queue, then ask for the next.
                    CampaignTarget.objects.filter(pk=got.pk).update(status=TargetStatus.QUALIFIED)
        except Exception as error:  # noqa: BLE001 (reported by the test)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(user,)) for user in managers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(claimed) == 24
    return claimed


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_claims_never_give_the_same_person_twice(tenant, monkeypatch):
    claimed = _race(tenant, monkeypatch, lock=True)
    assert len(set(claimed)) == 24, "two case managers were given the same person"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_control_without_the_lock_the_race_gives_someone_twice(tenant, monkeypatch):
    """The same race without SELECT … FOR UPDATE SKIP LOCKED: the test above would catch it."""
    claimed = _race(tenant, monkeypatch, lock=False)
    assert len(set(claimed)) < 24
