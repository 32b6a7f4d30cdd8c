"""The indicator definitions conventions.AnnexIndicator held move into evaluation.Indicator:
one model, nothing lost."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("conventions", "0002_contacts_conventions_annexes_meetings"), ("evaluation", None)]
AFTER = [("conventions", "0003_move_indicators_to_evaluation")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    nodes = [target for target in targets if target[1] is not None]
    return MigrationExecutor(connection).loader.project_state(nodes).apps


@pytest.mark.django_db(transaction=True)
def test_annex_indicators_become_entered_indicators_of_their_annex():
    try:
        _check_the_move(_migrate(BEFORE))
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _check_the_move(apps):
    Tenant = apps.get_model("accounts", "Tenant")
    Convention = apps.get_model("conventions", "Convention")
    Annex = apps.get_model("conventions", "Annex")
    AnnexIndicator = apps.get_model("conventions", "AnnexIndicator")
    tenant = Tenant.objects.create(slug="idf", name="IDF", contact_email="c@example.org")
    convention = Convention.objects.create(tenant=tenant, title="Protocole", kind="protocol")
    annex = Annex.objects.create(
        tenant=tenant, convention=convention, number=2, title="Permanences", axis="installation"
    )
    for label, unit in (("Permanences tenues", "par département"), ("Satisfaction", "%")):
        AnnexIndicator.objects.create(
            tenant=tenant, annex=annex, label=label, unit=unit, target=10, computation="Module."
        )
    AnnexIndicator.objects.create(tenant=tenant, annex=annex, label="Satisfaction", unit="%")
    Indicator = _migrate(AFTER).get_model("evaluation", "Indicator")
    rows = list(
        Indicator.objects.order_by("pk").values_list(
            "annex_id", "convention_id", "code", "unit", "target", "source", "method"
        )
    )
    assert rows == [
        (annex.pk, convention.pk, "permanences-tenues", "count", 10, "entered",
         "Unité : par département.\nModule."),
        (annex.pk, convention.pk, "satisfaction", "percentage", 10, "entered", "Module."),
        (annex.pk, convention.pk, "satisfaction-2", "percentage", None, "entered", ""),
    ]  # fmt: skip
