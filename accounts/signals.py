from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Membership


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, **kwargs):
    from .permissions import sync_tenant_permissions

    sync_tenant_permissions(instance.user, instance.tenant)
