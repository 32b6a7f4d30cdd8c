"""Loading France's 18 regions, 101 départements and their land neighbours (reference data)."""

from .territories_data import DEPARTEMENTS, NEIGHBOURS, REGIONS, check_neighbours


def load(Region, Departement, using="default"):  # noqa: N803  (the models, as a migration has them)
    """Create or update the territories in place, matched on their INSEE code (running it again
    changes nothing). Takes the models so that a migration can pass its historical ones."""
    problems = check_neighbours()
    if problems:
        raise ValueError("core.territories_data.NEIGHBOURS is inconsistent: " + "; ".join(problems))
    regions = {}
    for code, name in REGIONS:
        regions[code], _created = Region.objects.using(using).update_or_create(
            insee_code=code, defaults={"name": name}
        )
    departements = {}
    for code, name, region_code in DEPARTEMENTS:
        departements[code], _created = Departement.objects.using(using).update_or_create(
            insee_code=code, defaults={"name": name, "region": regions[region_code]}
        )
    # NEIGHBOURS is symmetric, so each link is set from both ends: correct whether or not the
    # (historical) model treats the self-relation as symmetrical.
    for code, departement in departements.items():
        departement.neighbours.set([departements[other] for other in NEIGHBOURS.get(code, ())])
