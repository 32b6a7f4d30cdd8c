"""Installation outcome and the 12-month follow-up: touchpoints at the tenant's cadence with
their due dates, overdue flagged on the dossier and the home, completion, and the daily alert."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from caseload import services
from caseload.models import FollowUp, InstallationOutcome, Interaction, Stage
from caseload.tasks import send_overdue_follow_up_alerts
from core import outbox
from tests.accounts.factories import staff_member
from tests.caseload.factories import DossierFactory, FollowUpFactory, departement

pytestmark = pytest.mark.django_db


def install(dossier, user, installed_on):
    return services.record_installation(
        dossier=dossier,
        acting_user=user,
        installed_on=installed_on,
        commune="Étampes",
        departement=departement("91"),
        practice_mode="liberal",
        structure="msp",
        zone_type="zip",
        aids_obtained=["cde", "cesp"],
    )


@pytest.mark.parametrize(
    ("installed_on", "expected"),
    [
        (
            date(2026, 3, 15),
            [date(2026, 4, 15), date(2026, 6, 15), date(2026, 9, 15), date(2027, 3, 15)],
        ),
        # Month ends are clamped: 31 January + 1 month is the last day of February.
        (
            date(2027, 1, 31),
            [date(2027, 2, 28), date(2027, 4, 30), date(2027, 7, 31), date(2028, 1, 31)],
        ),
        (
            date(2027, 8, 31),
            [date(2027, 9, 30), date(2027, 11, 30), date(2028, 2, 29), date(2028, 8, 31)],
        ),
    ],
)
def test_installation_opens_the_touchpoints_at_m1_m3_m6_m12(
    tenant, case_manager, installed_on, expected
):
    dossier = DossierFactory(tenant=tenant, stage=Stage.UNDER_WAY)
    install(dossier, case_manager, installed_on)
    follow_ups = list(FollowUp.objects.filter(dossier=dossier))
    assert [f.months_after for f in follow_ups] == [1, 3, 6, 12]
    assert [f.due_on for f in follow_ups] == expected
    assert all(f.topics and f.done_at is None for f in follow_ups)
    assert "accounting" in follow_ups[0].topics
    dossier.refresh_from_db()
    assert dossier.stage == Stage.INSTALLED
    assert dossier.stage_changes.first().to_stage == Stage.INSTALLED
    assert InstallationOutcome.objects.get(dossier=dossier).aids_obtained == ["cde", "cesp"]


def test_the_tenants_cadence_decides_the_touchpoints(tenant, case_manager):
    tenant.follow_up_months = [2, 12, 6]
    tenant.save()
    dossier = DossierFactory(tenant=tenant)
    install(dossier, case_manager, date(2026, 1, 10))
    assert list(FollowUp.objects.filter(dossier=dossier).values_list("months_after", "due_on")) == [
        (2, date(2026, 3, 10)),
        (6, date(2026, 7, 10)),
        (12, date(2027, 1, 10)),
    ]


def test_correcting_the_date_moves_the_pending_touchpoints_only(tenant, case_manager):
    dossier = DossierFactory(tenant=tenant)
    install(dossier, case_manager, date(2026, 1, 10))
    first = FollowUp.objects.get(dossier=dossier, months_after=1)
    services.complete_follow_up(follow_up=first, acting_user=case_manager)
    install(dossier, case_manager, date(2026, 2, 10))
    due = dict(FollowUp.objects.filter(dossier=dossier).values_list("months_after", "due_on"))
    assert due == {
        1: date(2026, 2, 10),
        3: date(2026, 5, 10),
        6: date(2026, 8, 10),
        12: date(2027, 2, 10),
    }
    assert FollowUp.objects.count() == 4
    assert InstallationOutcome.objects.count() == 1


def test_overdue_touchpoints_are_flagged(tenant, case_manager):
    today = timezone.localdate()
    dossier = DossierFactory(tenant=tenant, assigned_to=case_manager)
    install(dossier, case_manager, today - timedelta(days=100))  # M+1 and M+3 are past due
    overdue = FollowUp.objects.filter(dossier=dossier).overdue(today)
    assert list(overdue.values_list("months_after", flat=True)) == [1, 3]
    due_today = FollowUpFactory(dossier=DossierFactory(tenant=tenant), due_on=today)
    assert not due_today.is_overdue(today)
    assert due_today.is_overdue(today + timedelta(days=1))


def test_overdue_shows_in_red_with_words_on_the_dossier_and_the_home(client, tenant, case_manager):
    today = timezone.localdate()
    dossier = DossierFactory(tenant=tenant, assigned_to=case_manager, last_name="Retardé")
    install(dossier, case_manager, today - timedelta(days=40))
    client.force_login(case_manager)
    page = client.get(
        reverse("caseload:dossier", kwargs={"tenant_slug": tenant.slug, "pk": dossier.pk})
    ).content.decode()
    assert page.count('fr-badge--error">En retard') == 1  # M+1 only
    home = client.get(
        reverse("caseload:home", kwargs={"tenant_slug": tenant.slug})
    ).content.decode()
    assert "point M+1 prévu le" in home
    assert "Suivi en retard" in home  # the row badge in the list


def test_completing_the_last_touchpoint_ends_the_follow_up(tenant, case_manager):
    dossier = DossierFactory(tenant=tenant)
    install(dossier, case_manager, date(2025, 1, 10))
    follow_ups = list(FollowUp.objects.filter(dossier=dossier))
    for follow_up in follow_ups[:-1]:
        services.complete_follow_up(
            follow_up=follow_up, acting_user=case_manager, topics=["taxes"], notes="RAS"
        )
        dossier.refresh_from_db()
        assert dossier.stage == Stage.INSTALLED  # installed during the 12 months
    services.complete_follow_up(follow_up=follow_ups[-1], acting_user=case_manager)
    dossier.refresh_from_db()
    assert dossier.stage == Stage.FOLLOWED
    assert Interaction.objects.filter(dossier=dossier).count() == 4
    with pytest.raises(services.DossierError):
        services.complete_follow_up(follow_up=follow_ups[0], acting_user=case_manager)


def test_marking_a_touchpoint_done_through_the_page(client, tenant, case_manager):
    dossier = DossierFactory(tenant=tenant)
    install(dossier, case_manager, date(2026, 1, 10))
    follow_up = FollowUp.objects.get(dossier=dossier, months_after=1)
    client.force_login(case_manager)
    url = reverse(
        "caseload:follow_up_done", kwargs={"tenant_slug": tenant.slug, "pk": follow_up.pk}
    )
    assert "Comptabilité" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "kind": "meeting",
            "topics": ["accounting", "employer"],
            "notes": "Embauche d'une secrétaire.",
        },
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    assert follow_up.topics == ["accounting", "employer"]
    interaction = Interaction.objects.get(dossier=dossier)
    assert interaction.kind == "meeting"
    assert "Embauche d'une secrétaire." in interaction.text


def test_recording_the_installation_through_the_page(client, tenant, case_manager):
    dossier = DossierFactory(tenant=tenant, stage=Stage.UNDER_WAY)
    client.force_login(case_manager)
    url = reverse("caseload:installation", kwargs={"tenant_slug": tenant.slug, "pk": dossier.pk})
    bad = client.post(url, {"commune": "Étampes"})
    assert bad.status_code == 200
    assert "Étampes" in bad.content.decode()  # what was typed is kept
    response = client.post(
        url,
        {
            "installed_on": "2026-03-02",
            "commune": "Étampes",
            "departement": departement("91").pk,
            "practice_mode": "liberal",
            "structure": "msp",
            "zone_type": "zip",
            "aids_obtained": ["cde", "local"],
        },
    )
    assert response.status_code == 302
    assert InstallationOutcome.objects.get(dossier=dossier).aids_obtained == ["cde", "local"]
    assert FollowUp.objects.filter(dossier=dossier).count() == 4
    dossier.refresh_from_db()
    assert dossier.stage == Stage.INSTALLED


def test_the_daily_alert_mails_each_case_manager_their_overdue_touchpoints(
    tenant, other_tenant, case_manager, other_case_manager, tenant_admin
):
    today = timezone.localdate()
    mine = DossierFactory(tenant=tenant, assigned_to=case_manager, last_name="Lemoine")
    install(mine, case_manager, today - timedelta(days=100))  # M+1 and M+3 late
    theirs = DossierFactory(tenant=tenant, assigned_to=other_case_manager, last_name="Roux")
    install(theirs, case_manager, today - timedelta(days=10))  # nothing late yet
    nobody = DossierFactory(tenant=tenant, last_name="Orphelin")
    FollowUpFactory(dossier=nobody, due_on=today - timedelta(days=3))
    done = DossierFactory(tenant=tenant, assigned_to=other_case_manager)
    FollowUpFactory(dossier=done, due_on=today - timedelta(days=3), done_at=timezone.now())
    elsewhere_admin = staff_member(other_tenant, Role.ADMIN, email="x@example.org")
    FollowUpFactory(
        dossier=DossierFactory(tenant=other_tenant, assigned_to=elsewhere_admin),
        due_on=today - timedelta(days=1),
    )

    assert send_overdue_follow_up_alerts() == 3
    assert send_overdue_follow_up_alerts() == 0  # twice the same day: recorded once
    assert outbox.relay()["sent"] == 3
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {case_manager.email, tenant_admin.email, elsewhere_admin.email}
    message = by_recipient[case_manager.email]
    assert "2 points de suivi en retard" in message.subject
    assert "Lemoine" in message.body and "M+1" in message.body and "M+3" in message.body
    assert "Roux" not in message.body and "Orphelin" not in message.body
    assert f"/{tenant.slug}/suivi/dossiers/{mine.pk}/" in message.body
    # The dossier nobody follows goes to the tenant's admins.
    assert "Orphelin" in by_recipient[tenant_admin.email].body
    assert "Lemoine" not in by_recipient[tenant_admin.email].body


def test_no_alert_when_nothing_is_late(tenant, case_manager):
    FollowUpFactory(dossier=DossierFactory(tenant=tenant, assigned_to=case_manager))
    assert send_overdue_follow_up_alerts() == 0
    assert mail.outbox == []
