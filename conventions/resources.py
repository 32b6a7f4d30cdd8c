"""Partners in and out of spreadsheets (django-import-export), one tenant at a time.

Columns: nom, type, departement, site_internet. A row whose name already exists in the tenant
updates that partner; the type accepts the code (``cdom``) or the French label; the département
is its INSEE code (``91``, ``2A``).
"""

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from core.models import Departement

from .models import Partner, PartnerKind

COLUMNS = {"name": "nom", "kind": "type", "departement": "departement", "website": "site_internet"}


def _normalised(text):
    return " ".join(str(text).split()).casefold()


class KindWidget(widgets.Widget):
    """Exports the code; imports the code or the label, case and spacing aside."""

    def clean(self, value, row=None, **kwargs):
        if value is None or not str(value).strip():
            raise ValueError(_("Le type est obligatoire."))
        wanted = _normalised(value)
        for kind in PartnerKind:
            if wanted in (kind.value, _normalised(kind.label)):
                return kind.value
        raise ValueError(
            _("Type inconnu : « %(value)s ». Types possibles : %(codes)s.")
            % {"value": value, "codes": ", ".join(PartnerKind.values)}
        )

    def render(self, value, obj=None, **kwargs):
        return value or ""


class DepartementWidget(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(Departement, field="insee_code")

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip().upper()
        if not code:
            return None
        if code.isdigit() and len(code) == 1:
            code = f"0{code}"  # spreadsheets turn "01" into 1
        departement = Departement.objects.filter(insee_code=code).first()
        if departement is None:
            raise ValueError(
                _("Département inconnu : « %(value)s » (code INSEE attendu, par exemple 91).")
                % {"value": value}
            )
        return departement


class TextWidget(widgets.CharWidget):
    """Trims spaces, and the quote our exports put before a cell a spreadsheet would run."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else " ".join(str(value).split())
        if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
            text = text[1:]
        return text


class PartnerResource(resources.ModelResource):
    name = fields.Field(attribute="name", column_name=COLUMNS["name"], widget=TextWidget())
    kind = fields.Field(attribute="kind", column_name=COLUMNS["kind"], widget=KindWidget())
    departement = fields.Field(
        attribute="departement", column_name=COLUMNS["departement"], widget=DepartementWidget()
    )
    website = fields.Field(attribute="website", column_name=COLUMNS["website"], widget=TextWidget())

    class Meta:
        model = Partner
        fields = ["name", "kind", "departement", "website"]
        import_id_fields = ["name"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        use_transactions = True

    def __init__(self, tenant, **kwargs):
        super().__init__(**kwargs)
        self.tenant = tenant

    def get_queryset(self):
        return Partner.objects.filter(tenant=self.tenant).select_related("departement")

    def init_instance(self, row=None):
        # The tenant is set before validation, so the unique name check runs in this tenant.
        return Partner(tenant=self.tenant)
