"""The tenant administrator's pages: members, invitations, the tenant's page and steps, and
the tenant's audit journal."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core import journal as audit_journal
from core import outbox
from core.pages import page_context
from core.paging import keyset_page

from ..forms import InvitationForm, SettlementStepFormSet, TenantForm
from ..forms_journal import JournalFilterForm
from ..models import Invitation, Membership, SettlementStep
from ..permissions import can_administer_tenant, can_read_audit_trail, require
from ..services import (
    cancel_invitation,
    invite_member,
    remove_membership,
    save_steps,
    save_tenant_page,
)

JOURNAL_PER_PAGE = 50


@require(can_administer_tenant)
def home(request, tenant_slug):
    tenant = request.tenant
    context = {
        "tenant": tenant,
        "memberships": Membership.objects.select_related("user").order_by(
            "user__last_name", "role"
        ),
        "invitations": Invitation.objects.pending().select_related("invited_by"),
        "invite_form": InvitationForm(),
        "steps": SettlementStep.objects.all(),
        "failed_messages": outbox.failed_for_tenant(tenant.pk).count(),
    }
    return render(request, "accounts/tenant_admin/home.html", context)


@require(can_administer_tenant)
def failed_messages(request, tenant_slug):
    """E-mails of the tenant the mail server refused until the last try: who, what, why, and
    a button to try again (for instance once the address is corrected)."""
    failed = outbox.failed_for_tenant(request.tenant.pk)
    if request.method == "POST":
        ids = [int(pk) for pk in request.POST.getlist("message") if pk.isdigit()]
        retried = outbox.retry(message_ids=ids, tenant_id=request.tenant.pk)
        messages.success(
            request,
            ngettext(
                "%(count)s message sera renvoyé dans un instant.",
                "%(count)s messages seront renvoyés dans un instant.",
                retried,
            )
            % {"count": retried},
        )
        return redirect("tenant_admin:failed_messages", tenant_slug=tenant_slug)
    rows = list(failed[:200])
    for row in rows:
        row.kind_label = outbox.kind_label(row.kind)
    return render(request, "accounts/tenant_admin/failed_messages.html", {"rows": rows})


def _admin_page(tenant_slug, title, *, crumb="", intro=""):
    """An administration form page's title, breadcrumb and way back (components/form_page)."""
    admin_home = reverse("tenant_admin:home", kwargs={"tenant_slug": tenant_slug})
    return page_context(
        title=title,
        crumb=crumb,
        crumbs=[(_("Administration"), admin_home)],
        cancel_url=admin_home,
        intro=intro,
    )


@require(can_administer_tenant)
def invite(request, tenant_slug):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        already = Membership.objects.filter(
            user__email=email, role=form.cleaned_data["role"]
        ).exists()
        if already:
            form.add_error("email", _("Cette personne a déjà ce rôle dans l'espace."))
        else:
            invitation = invite_member(
                tenant=request.tenant,
                email=email,
                role=form.cleaned_data["role"],
                organisation=form.cleaned_data["organisation"],
                invited_by=request.user,
            )
            if invitation.resent:
                message = _(
                    "%(email)s avait déjà une invitation en attente pour ce rôle : elle lui a "
                    "été renvoyée (le même lien, valable jusqu'au %(date)s)."
                ) % {
                    "email": email,
                    "date": date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT"),
                }
            else:
                message = _("Invitation envoyée à %(email)s.") % {"email": email}
            messages.success(request, message)
            return redirect("tenant_admin:home", tenant_slug=tenant_slug)
    page = _admin_page(
        tenant_slug,
        _("Inviter un membre"),
        intro=_(
            "La personne invitée reçoit un e-mail avec un lien valable 14 jours. Elle devra se "
            "connecter, ou créer son compte, avec cette adresse, puis activer la double "
            "authentification."
        ),
    )
    return render(request, "accounts/tenant_admin/invite.html", {"form": form, **page})


@require(can_administer_tenant)
@require_POST
def revoke_invitation(request, tenant_slug, pk):
    invitation = get_object_or_404(Invitation.objects.pending(), pk=pk)
    cancel_invitation(invitation=invitation)
    messages.success(request, _("L'invitation a été annulée."))
    return redirect("tenant_admin:home", tenant_slug=tenant_slug)


@require(can_administer_tenant)
@require_POST
def remove_member(request, tenant_slug, pk):
    membership = get_object_or_404(Membership, pk=pk)
    if membership.user == request.user and membership.role == "admin":
        messages.error(request, _("Vous ne pouvez pas retirer votre propre rôle d'administrateur."))
    else:
        remove_membership(membership=membership)
        messages.success(request, _("Le rôle a été retiré."))
    return redirect("tenant_admin:home", tenant_slug=tenant_slug)


@require(can_administer_tenant)
def edit_tenant(request, tenant_slug):
    form = TenantForm(request.POST or None, request.FILES or None, instance=request.tenant)
    if request.method == "POST" and form.is_valid():
        save_tenant_page(form=form)
        messages.success(request, _("La page de l'espace est à jour."))
        return redirect("tenant_admin:home", tenant_slug=tenant_slug)
    page = _admin_page(
        tenant_slug,
        _("Modifier la page de l'espace"),
        crumb=_("Page de l'espace"),
        intro=_(
            "Ces informations sont publiques : elles apparaissent sur la page d'accueil de "
            "l'espace et dans l'en-tête de ses pages."
        ),
    )
    return render(request, "accounts/tenant_admin/edit_tenant.html", {"form": form, **page})


@require(can_administer_tenant)
def edit_steps(request, tenant_slug):
    formset = SettlementStepFormSet(request.POST or None, queryset=SettlementStep.objects.all())
    if request.method == "POST" and formset.is_valid():
        save_steps(formset=formset, tenant=request.tenant)
        messages.success(request, _("Les étapes d'installation sont à jour."))
        return redirect("tenant_admin:home", tenant_slug=tenant_slug)
    page = _admin_page(
        tenant_slug,
        _("Modifier les étapes d'installation"),
        crumb=_("Étapes d'installation"),
        intro=_(
            "Les étapes apparaissent sur la page de l'espace ; les personnes qui suivent "
            "l'espace les cochent dans leur profil au fur et à mesure. Elles sont affichées "
            "dans l'ordre croissant du champ « ordre »."
        ),
    )
    return render(request, "accounts/tenant_admin/edit_steps.html", {"formset": formset, **page})


@require(can_read_audit_trail)
def journal(request, tenant_slug):
    """Every entry of the tenant's audit trail, newest first, filtered by kind, author, dates
    and object. The lines come from what each app registered (core.audit)."""
    tenant = request.tenant
    form = JournalFilterForm(request.GET or None, tenant=tenant)
    entries = audit_journal.tenant_entries(tenant.pk)
    if form.is_bound and form.is_valid():
        entries = audit_journal.filter_entries(entries, **form.criteria())
    # By key (newest first, the timestamp's index): an old page costs what the first costs.
    page = keyset_page(request, entries, per_page=JOURNAL_PER_PAGE)
    return render(
        request,
        "accounts/tenant_admin/journal.html",
        {
            "form": form,
            "page": page,
            "lines": audit_journal.journal_lines(
                page.object_list, tenant_id=tenant.pk, tenant_slug=tenant.slug
            ),
        },
    )
