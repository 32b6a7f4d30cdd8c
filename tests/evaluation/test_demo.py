"""The evaluation's demo: four published quarters computed from the demo's activity, with real
trends (satisfaction spread, not 100 %), a ready report in the history; idempotent."""

import pytest

from accounts import demo as accounts_demo
from caseload import demo as caseload_demo
from conventions import demo as conventions_demo
from evaluation import demo
from evaluation.models import EnteredValue, Indicator, IndicatorValue, PublishedQuarter, Report
from evaluation.periods import Quarter
from permanences import demo as permanences_demo

pytestmark = pytest.mark.django_db


def _seed():
    idf, _pm64 = accounts_demo.seed_tenants()
    conventions_demo.seed_partners(idf)
    conventions_demo.seed_conventions(idf)
    accounts_demo.seed_staff(idf)
    interns = accounts_demo.seed_interns(idf)
    permanences_demo.seed_permanences(idf, [user for user, _label in interns])
    caseload_demo.seed_caseload(idf)
    return idf, demo.seed_evaluation(idf)


def _values(code, quarters):
    rows = IndicatorValue.objects.filter(
        indicator__code=code, departement=None, period_start__in=[q.start for q in quarters]
    )
    return {row.period_start: row for row in rows}


def test_the_demo_publishes_four_quarters_of_real_trends_and_a_report():
    idf, report = _seed()
    past = [Quarter.current().minus(n) for n in range(4, 0, -1)]
    published = set(
        PublishedQuarter.objects.filter(tenant=idf).values_list("period_start", flat=True)
    )
    assert published == {q.start for q in past}
    assert report.is_ready and not report.is_draft and report.quarter == past[-1]

    satisfaction = _values("satisfaction", past)
    assert len(satisfaction) == 4
    assert all(50 < row.value < 100 for row in satisfaction.values())  # a spread, not 100 %
    assert len({row.value for row in satisfaction.values()}) > 1  # a trend, not a constant
    assert _values("installes-12-mois", past[-1:])[past[-1].start].value > 50
    assert sum(row.value for row in _values("mois-sans-permanence", past).values()) > 0
    assert Indicator.objects.filter(tenant=idf, annex__number=4, source="entered").exists()

    counts = (IndicatorValue.objects.count(), EnteredValue.objects.count(), Report.objects.count())
    assert demo.seed_evaluation(idf).pk == report.pk
    assert (
        IndicatorValue.objects.count(),
        EnteredValue.objects.count(),
        Report.objects.count(),
    ) == counts
