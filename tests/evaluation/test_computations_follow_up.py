"""Annex 3 (follow-up) and the caseload aggregates against hand-counted fixtures."""

from datetime import date

import pytest

from caseload.models import FollowUpSatisfaction, Stage, StageChange
from evaluation.periods import Period
from tests.caseload.factories import (
    DossierFactory,
    FollowUpFactory,
    InstallationOutcomeFactory,
)
from tests.evaluation.helpers import at, dep, figures, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def installations(tenant, other_tenant):
    """Q1 2026: I1 10 Jan (91, libéral, MSP, ZIP, CDE); I2 20 Feb (91, salarié, centre de
    santé, ZAC); I3 5 Mar (94, libéral, groupe, hors zonage, CDE and local aid). I4 1 Jun 2025
    (94) is still followed; I5 1 Dec 2024 is not; another tenant's installation is out."""
    rows = [
        ("i1", date(2026, 1, 10), "91", "liberal", "msp", "zip", ["cde"]),
        ("i2", date(2026, 2, 20), "91", "salarie", "centre_sante", "zac", []),
        ("i3", date(2026, 3, 5), "94", "liberal", "groupe", "outside", ["cde", "local"]),
        ("i4", date(2025, 6, 1), "94", "liberal", "msp", "zip", []),
        ("i5", date(2024, 12, 1), "91", "liberal", "msp", "zip", []),
    ]
    made = {}
    for name, day, code, mode, structure, zone, aids in rows:
        made[name] = InstallationOutcomeFactory(
            dossier=DossierFactory(tenant=tenant, stage=Stage.INSTALLED), installed_on=day,
            departement=dep(code), practice_mode=mode, structure=structure, zone_type=zone,
            aids_obtained=aids,
        )  # fmt: skip
    InstallationOutcomeFactory(
        dossier=DossierFactory(tenant=other_tenant), installed_on=date(2026, 2, 1)
    )
    return made


@pytest.mark.parametrize(
    ("code", "whole", "in_94"),
    [
        ("follow_up.installations", (3, None, None), (1, None, None)),
        ("follow_up.people_accompanied", (4, None, None), (2, None, None)),
        ("follow_up.zip_share", (33.3, 1, 3), (0, 0, 1)),
        ("follow_up.zac_share", (33.3, 1, 3), (0, 0, 1)),
        ("follow_up.cde_share", (66.7, 2, 3), (100, 1, 1)),
    ],
)
def test_annex_3_installations_match_the_hand_count(tenant, installations, code, whole, in_94):
    assert figures(run(code, tenant)) == whole
    assert figures(run(code, tenant, departement="94")) == in_94


def test_installations_by_mode_structure_and_zone(tenant, installations):
    breakdown = run("follow_up.installations", tenant).breakdown
    counted = {dimension: {row[0]: row[2] for row in rows if row[2]}
               for dimension, rows in breakdown.items()}  # fmt: skip
    assert counted == {
        "departement": {"91": 2, "94": 1},
        "practice_mode": {"liberal": 2, "salarie": 1},
        "structure": {"msp": 1, "centre_sante": 1, "groupe": 1},
        "zone": {"zip": 1, "zac": 1, "outside": 1},
    }


def test_touchpoints_on_time(tenant, installations):
    """Due in Q1 2026: M+6 of I4 on 15 Jan, done the day before (on time); M+1 of I1 on 10 Feb,
    done on the 12th (late); M+1 of I2 on 20 Mar, not done. M+1 of I3 is due in April."""
    for name, months, due, done in (
        ("i4", 6, date(2026, 1, 15), at(2026, 1, 14)),
        ("i1", 1, date(2026, 2, 10), at(2026, 2, 12)),
        ("i2", 1, date(2026, 3, 20), None),
        ("i3", 1, date(2026, 4, 5), None),
    ):
        FollowUpFactory(dossier=installations[name].dossier, months_after=months, due_on=due,
                        done_at=done)  # fmt: skip
    result = run("follow_up.touchpoints_on_time", tenant)
    assert figures(result) == (33.3, 1, 3)
    assert result.breakdown["touchpoint"] == [["1", "M+1", 0, 2], ["6", "M+6", 1, 1]]
    # On 1 March the touchpoint due on 20 March is not late yet.
    assert figures(run("follow_up.touchpoints_on_time", tenant, as_of=at(2026, 3, 1))) == (
        50, 1, 2,
    )  # fmt: skip
    assert figures(run("follow_up.touchpoints_on_time", tenant, departement="94")) == (100, 1, 1)


def test_satisfaction_of_the_follow_up(tenant, installations):
    for name, overall, day in (("i4", 5, at(2026, 2, 1)), ("i1", 3, at(2026, 3, 1)),
                               ("i2", 5, at(2026, 4, 2))):  # fmt: skip
        answer = FollowUpSatisfaction.objects.create(
            tenant=tenant, dossier=installations[name].dossier, overall=overall, usefulness=4,
            would_recommend=True,
        )  # fmt: skip
        FollowUpSatisfaction.objects.filter(pk=answer.pk).update(answered_at=day)
    assert figures(run("follow_up.satisfaction_rate", tenant)) == (50, 1, 2)
    assert figures(run("follow_up.satisfaction_average", tenant)) == (4, 8, 2)
    assert figures(run("follow_up.satisfaction_rate", tenant, departement="94")) == (100, 1, 1)
    empty = Period.parse("2025-Q1")
    assert figures(run("follow_up.satisfaction_rate", tenant, period=empty)) == (None, 0, 0)
    assert figures(run("follow_up.satisfaction_average", tenant, period=empty)) == (None, 0, 0)


def _dossier(tenant, created, stage, code="91", **kwargs):
    dossier = DossierFactory(tenant=tenant, stage=stage, target_departement=dep(code), **kwargs)
    type(dossier).objects.filter(pk=dossier.pk).update(created_at=created)
    return dossier


def _change(dossier, from_stage, to_stage, when):
    change = StageChange.objects.create(tenant=dossier.tenant, dossier=dossier,
                                        from_stage=from_stage, to_stage=to_stage)  # fmt: skip
    StageChange.objects.filter(pk=change.pk).update(changed_at=when)


@pytest.fixture
def dossiers(tenant, other_tenant):
    """At the end of Q1 2026: D1 contacted (maturing only in May); D2 opened in January from the
    CDOM, closed in March (contact lost); D3 opened in April does not exist yet; D4, imported
    without history, was still to contact (contacted in May)."""
    d1 = _dossier(tenant, at(2025, 12, 1), Stage.MATURING)
    _change(d1, "", Stage.TO_CONTACT, at(2025, 12, 1))
    _change(d1, Stage.TO_CONTACT, Stage.CONTACTED, at(2026, 2, 1))
    _change(d1, Stage.CONTACTED, Stage.MATURING, at(2026, 5, 1))
    d2 = _dossier(tenant, at(2026, 1, 10), Stage.CLOSED, "94", source="cdom",
                  closed_reason="lost_contact", closed_at=at(2026, 3, 1))  # fmt: skip
    _change(d2, "", Stage.TO_CONTACT, at(2026, 1, 10))
    _change(d2, Stage.TO_CONTACT, Stage.CLOSED, at(2026, 3, 1))
    _dossier(tenant, at(2026, 4, 10), Stage.TO_CONTACT)
    d4 = _dossier(tenant, at(2025, 11, 1), Stage.CONTACTED)
    _change(d4, Stage.TO_CONTACT, Stage.CONTACTED, at(2026, 5, 1))
    _dossier(other_tenant, at(2026, 1, 5), Stage.TO_CONTACT)


def test_dossiers_by_stage_at_the_end_of_a_past_period(tenant, dossiers):
    result = run("caseload.dossiers_by_stage", tenant)
    stages = {row[0]: row[2] for row in result.breakdown["stage"] if row[2]}
    assert stages == {"to_contact": 1, "contacted": 1, "closed": 1}
    assert figures(result)[0] == 2  # open: all but the closed one
    in_94 = run("caseload.dossiers_by_stage", tenant, departement="94")
    assert {row[0]: row[2] for row in in_94.breakdown["stage"] if row[2]} == {"closed": 1}


def test_the_running_period_reads_the_current_stages(tenant, dossiers):
    result = run("caseload.dossiers_by_stage", tenant, period=Period.parse("2026-Q2"),
                 as_of=at(2026, 5, 15))  # fmt: skip
    stages = {row[0]: row[2] for row in result.breakdown["stage"] if row[2]}
    assert stages == {"to_contact": 1, "contacted": 1, "maturing": 1, "closed": 1}


def test_dossiers_opened_and_closed_in_the_period(tenant, dossiers):
    opened = run("caseload.dossiers_opened", tenant)
    assert figures(opened)[0] == 1
    assert {row[0]: row[2] for row in opened.breakdown["source"] if row[2]} == {"cdom": 1}
    closed = run("caseload.dossiers_closed", tenant)
    assert figures(closed)[0] == 1
    assert {row[0]: row[2] for row in closed.breakdown["closed_reason"] if row[2]} == {
        "lost_contact": 1
    }
    assert figures(run("caseload.dossiers_closed", tenant, period=Period.parse("2025-Q1")))[0] == 0
