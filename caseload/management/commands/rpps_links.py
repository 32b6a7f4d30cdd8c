"""Lists the dossiers that an earlier version of the portal linked to an account on an RPPS
number and a last name alone, for review. Each also shows on its dossier's page, where a case
manager confirms ("it is them") or detaches it."""

from django.core.management.base import BaseCommand
from django_scopes import scopes_disabled

from caseload.models import Dossier, LinkMethod, LinkSuggestion


class Command(BaseCommand):
    help = "Liste les dossiers reliés à un compte par le seul numéro RPPS, à vérifier."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", help="slug d'un espace (par défaut : tous)")
        parser.add_argument(
            "--all", action="store_true", help="aussi ceux déjà confirmés ou détachés"
        )

    def handle(self, *args, tenant=None, all=False, **options):
        with scopes_disabled():
            suggestions = LinkSuggestion.objects.filter(reason="legacy").select_related(
                "tenant", "dossier", "person", "decided_by"
            )
            if tenant:
                suggestions = suggestions.filter(tenant__slug=tenant)
            if not all:
                suggestions = suggestions.filter(status="pending")
            rows = list(suggestions.order_by("tenant__slug", "dossier_id"))
            unreviewed = Dossier.objects.filter(link_method=LinkMethod.UNVERIFIED_RPPS)
            if tenant:
                unreviewed = unreviewed.filter(tenant__slug=tenant)
            count = unreviewed.count()
        self.stdout.write(
            "tenant\tdossier\tdossier_email\taccount\taccount_email\tstate\tdecided_by"
        )
        for row in rows:
            decided_by = row.decided_by.email if row.decided_by else ""
            self.stdout.write(
                f"{row.tenant.slug}\t{row.dossier_id}\t{row.dossier.email}\t{row.person_id}\t"
                f"{row.person.email}\t{row.status}\t{decided_by}"
            )
        self.stdout.write(f"{count} dossier(s) still linked by RPPS alone, awaiting review.")
