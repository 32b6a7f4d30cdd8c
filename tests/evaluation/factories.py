import factory

from evaluation.models import Indicator, SourceKind, Unit
from tests.conventions.factories import AnnexFactory, ConventionFactory


class IndicatorFactory(factory.django.DjangoModelFactory):
    """An indicator entered by hand, attached to an annex."""

    class Meta:
        model = Indicator

    annex = factory.SubFactory(AnnexFactory)
    convention = factory.SelfAttribute("annex.convention")
    tenant = factory.SelfAttribute("convention.tenant")
    code = factory.Sequence(lambda n: f"indicateur-{n}")
    label = factory.Sequence(lambda n: f"Indicateur {n}")
    unit = Unit.COUNT
    source = SourceKind.ENTERED


def computed(code, *, annex=None, convention=None, **kwargs):
    """An indicator computed by the registered computation `code`."""
    from evaluation.computations import registry

    computation = registry.get(code)
    fields = {"convention": convention or annex.convention, "annex": annex}
    return IndicatorFactory(
        **fields,
        code=code.replace(".", "-").replace("_", "-"),
        label=str(computation.label),
        unit=computation.unit,
        source=SourceKind.COMPUTED,
        computation=code,
        **kwargs,
    )


__all__ = ["AnnexFactory", "ConventionFactory", "IndicatorFactory", "computed"]
