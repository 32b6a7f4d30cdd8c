"""Dossiers of every tenant (a fifth linked to a person the tenant knows), their first stage,
their interactions, and the installations with their follow-up."""

from datetime import timedelta

from caseload.models import Dossier, FollowUp, InstallationOutcome, Interaction, StageChange

from .bulk import copy_rows
from .people import rpps, shares

DAYS = 540  # eighteen months of history
STAGES = {"to_contact": 55, "contacted": 15, "maturing": 9, "defined": 5, "under_way": 3,
          "installed": 5, "followed": 3, "closed": 5}  # fmt: skip
KINDS = ["call"] * 6 + ["email", "email", "meeting", "note"]
OUTCOMES = ["reached", "not_reached", "not_reached", "call_back", "qualified", "not_interested"]
RPPS_OFFSET = 50_000_000  # dossiers' RPPS numbers never meet the profiles'
CHUNK = 100_000  # interactions built and copied at a time


def dossiers(scale, tenants_made, people_by_tenant, rng, anchor):
    """Returns the dossiers written (dicts, ids set)."""
    stages, weights = zip(*STAGES.items(), strict=True)
    counts = shares(scale.dossiers, [len(deps) for _t, deps, _s in tenants_made])
    made, number = [], 0
    for (tenant, departements, staff), count in zip(tenants_made, counts, strict=True):
        managers = [user.pk for user in staff["case_manager"]]
        people = people_by_tenant.get(tenant.pk, [])
        for n in range(count):
            number += 1
            stage = rng.choices(stages, weights)[0]
            created = anchor - timedelta(days=rng.randrange(DAYS), hours=rng.randrange(10))
            linked = n % 5 == 0 and n < len(people)
            made.append({
                "tenant_id": tenant.pk, "person_id": people[n] if linked else None,
                "link_method": "email" if linked else "",
                "first_name": f"Prénom{number}", "last_name": f"Nom{number}",
                "email": f"dossier{number}@charge.example.org", "phone": "06 12 34 56 78",
                "rpps": rpps(RPPS_OFFSET + number), "specialty": "medecine_generale",
                "diploma_year": 2010 + number % 15, "faculty": "Faculté",
                "assigned_to_id": None if n % 50 == 49 else managers[n % len(managers)],
                "stage": stage, "closed_reason": "lost_contact" if stage == "closed" else "",
                "closed_at": created + timedelta(days=30) if stage == "closed" else None,
                "source": rng.choice(["call_campaign", "permanence", "cdom"]),
                "target_departement_id": departements[n % len(departements)].pk,
                "tags": rng.choice([[], [], ["cesp"], ["msu"]]),
                "next_action": "Rappeler" if n % 21 == 0 else "",
                "next_action_on": anchor.date() - timedelta(days=n % 5) if n % 21 == 0 else None,
                "created_at": created, "updated_at": created,
            })  # fmt: skip
    copy_rows(Dossier, made, now=anchor)
    copy_rows(StageChange, ({"tenant_id": d["tenant_id"], "dossier_id": d["id"],
                             "to_stage": d["stage"], "changed_by_id": d["assigned_to_id"],
                             "changed_at": d["created_at"]} for d in made), now=anchor)  # fmt: skip
    return made


def interactions(scale, dossiers_made, rng, anchor):
    """`scale.interactions` in all, spread evenly over the dossiers, between each dossier's
    creation and the anchor day; returns how many were written."""
    spans = [max(int((anchor - d["created_at"]).total_seconds()), 1) for d in dossiers_made]
    for start in range(0, scale.interactions, CHUNK):
        rows = []
        for index in range(start, min(start + CHUNK, scale.interactions)):
            position = index % len(dossiers_made)
            dossier = dossiers_made[position]
            rows.append({
                "tenant_id": dossier["tenant_id"], "dossier_id": dossier["id"],
                "kind": rng.choice(KINDS),
                "occurred_at": dossier["created_at"] + timedelta(seconds=rng.randrange(spans[position])),
                "author_id": dossier["assigned_to_id"], "outcome": rng.choice(OUTCOMES),
                "text": "Compte rendu d'appel." if index % 3 == 0 else "",
            })  # fmt: skip
        copy_rows(Interaction, rows, now=anchor)
    return scale.interactions


def installations(dossiers_made, rng, anchor):
    """The installed and followed dossiers' outcomes and follow-ups at 1, 3, 6 and 12 months."""
    installed = [d for d in dossiers_made if d["stage"] in ("installed", "followed")]
    outcomes = copy_rows(InstallationOutcome, ({
        "tenant_id": d["tenant_id"], "dossier_id": d["id"],
        "departement_id": d["target_departement_id"],
        "installed_on": anchor.date() - timedelta(days=rng.randrange(DAYS)), "commune": "Commune",
        "practice_mode": "liberal", "structure": rng.choice(["msp", "groupe", "cabinet"]),
        "zone_type": rng.choice(["zip", "zac", "outside"]),
        "aids_obtained": rng.choice([[], ["cde"]]),
    } for d in installed), now=anchor)  # fmt: skip
    copy_rows(FollowUp, ({
        "tenant_id": o["tenant_id"], "dossier_id": o["dossier_id"], "months_after": months,
        "due_on": o["installed_on"] + timedelta(days=30 * months),
        "done_at": anchor if rng.random() < 0.8 else None,
    } for o in outcomes for months in (1, 3, 6, 12)), now=anchor)  # fmt: skip
    return len(outcomes)
