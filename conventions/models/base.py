from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.tenancy import TenantOwnedModel

OTHER_TENANT = _("Ce partenaire n'appartient pas à cet espace.")


class OwnedByParent(TenantOwnedModel):
    """A row that belongs to a parent row (a convention, an annex, a meeting) and to its tenant.

    It keeps its own `tenant` key so that the tenant scope filters it like any other row; saving
    copies the parent's tenant, so forms and the demo never have to set it.
    """

    parent_field = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.tenant_id:
            self.tenant_id = getattr(self, self.parent_field).tenant_id
        super().save(*args, **kwargs)

    def check_same_tenant(self, **partners):
        """Refuse a partner (or any tenant-owned row) of another tenant than the parent's."""
        parent_tenant = getattr(self, self.parent_field).tenant_id
        errors = {
            field: OTHER_TENANT
            for field, row in partners.items()
            if row is not None and row.tenant_id != parent_tenant
        }
        if errors:
            raise ValidationError(errors)
