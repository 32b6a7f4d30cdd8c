"""The case manager's pages: the home (my dossiers, today's call-backs, overdue follow-ups,
upcoming bookings, the filtered list), a dossier and its timeline, and the writes made from it.

Views stay thin: permission → form → service → redirect. Campaigns and the call queue are in
views/campaigns.py.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import require, tenant_sees_profile
from core.paging import keyset_page

from .. import audit, linking, selectors, services
from ..filters import DossierFilter
from ..forms import (
    AssignForm,
    DossierCreateForm,
    DossierForm,
    FollowUpDoneForm,
    InstallationForm,
    InteractionForm,
    StageForm,
    TransferForm,
)
from ..models import (
    CampaignTarget,
    ClosedReason,
    Dossier,
    FollowUp,
    InstallationOutcome,
    LinkSuggestion,
    Stage,
)
from ..permissions import can_follow_dossiers, can_transfer_dossiers
from ..services import DossierError

DOSSIERS_PER_PAGE = 25
HOME_LIST_LIMIT = 20


def _to_dossier(dossier):
    return redirect("caseload:dossier", tenant_slug=dossier.tenant.slug, pk=dossier.pk)


@require(can_follow_dossiers)
def home(request, tenant_slug):
    """My dossiers by stage, what is due today, overdue follow-ups, my people's upcoming
    permanences, and the dossier list with its filters; an admin also sees everyone's load."""
    tenant, user = request.tenant, request.user
    now, today = timezone.now(), timezone.localdate()
    can_transfer = can_transfer_dossiers(user, tenant)
    data = request.GET.copy()
    if "assigned_to" not in data and not can_transfer:
        # A case manager starts from their own dossiers; an admin, who balances the load,
        # from everyone's.
        data["assigned_to"] = str(user.pk)
    filters = DossierFilter(
        data, queryset=selectors.dossiers_for_list(tenant, today=today), tenant=tenant
    )
    # By key, in the list's order (Meta.ordering, served by the dossier_list_* indexes): the
    # last page of 100,000 dossiers costs what the first costs.
    page = keyset_page(request, filters.qs, per_page=DOSSIERS_PER_PAGE)
    counts = selectors.stage_counts(Dossier.objects.filter(tenant=tenant, assigned_to=user))
    stages = [(stage, counts[stage.value]) for stage in Stage]
    shared = selectors.shared_profiles_without_dossier(tenant)
    context = {
        "filters": filters,
        "page": page,
        "stages": stages,
        "my_total": sum(counts.values()),
        "actions_due": list(selectors.actions_due(tenant, user, today=today)[:HOME_LIST_LIMIT]),
        "overdue": list(selectors.overdue_follow_ups(tenant, today=today, user=user)[:50]),
        "bookings": list(selectors.upcoming_bookings(tenant, user, now=now)[:50]),
        "shared_profiles": list(shared[:10]),
        "today": today,
        "now": now,
        "can_transfer": can_transfer,
    }
    if context["can_transfer"]:
        context["load"] = selectors.load_by_case_manager(tenant, today=today)
        context["transfer_form"] = TransferForm(tenant=tenant)
    return render(request, "caseload/home.html", context)


@require(can_follow_dossiers)
def dossier_create(request, tenant_slug):
    form = DossierCreateForm(
        request.POST or None, tenant=request.tenant, user=request.user, instance=Dossier()
    )
    # A new dossier has no version to compare with.
    form.fields["version"].required = False
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in DossierForm.Meta.fields}
        try:
            dossier = services.create_dossier(
                tenant=request.tenant,
                acting_user=request.user,
                assigned_to=form.cleaned_data["assigned_to"],
                stage=form.cleaned_data["stage"],
                **fields,
            )
        except DossierError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Dossier créé."))
            return _to_dossier(dossier)
    return render(request, "caseload/dossier_form.html", {"form": form})


def _dossier(pk):
    return get_object_or_404(
        Dossier.objects.select_related("assigned_to", "target_departement", "person"), pk=pk
    )


@require(can_follow_dossiers)
def dossier_detail(request, tenant_slug, pk):
    """The dossier: its fields, the person's shared profile, the installation and its
    follow-up, and one timeline of everything that happened, newest first."""
    dossier = _dossier(pk)
    today = timezone.localdate()
    profile = audit.shown_profile(
        dossier=dossier, tenant=request.tenant, actor=request.user, via="dossier"
    )
    follow_ups = list(FollowUp.objects.filter(dossier=dossier))
    for follow_up in follow_ups:
        follow_up.overdue = follow_up.is_overdue(today)
    context = {
        "dossier": dossier,
        "timeline": selectors.dossier_timeline(dossier),
        "profile": profile,
        "installation": InstallationOutcome.objects.filter(dossier=dossier)
        .select_related("departement")
        .first(),
        "follow_ups": follow_ups,
        "targets": CampaignTarget.objects.filter(dossier=dossier).select_related("campaign"),
        "stage_form": StageForm(initial={"stage": dossier.stage, "version": dossier.version}),
        "assign_form": AssignForm(tenant=request.tenant, initial={"to_user": dossier.assigned_to}),
        "closed_reasons": ClosedReason,
        "today": today,
        "suggestions": list(linking.pending_suggestions(dossier)),
    }
    return render(request, "caseload/dossier_detail.html", context)


@require(can_follow_dossiers)
def dossier_edit(request, tenant_slug, pk):
    dossier = _dossier(pk)
    form = DossierForm(request.POST or None, instance=dossier, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_dossier(
                dossier=dossier,
                version=form.cleaned_data["version"],
                changes=form.changes(),
                acting_user=request.user,
            )
        except DossierError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Dossier enregistré."))
            return _to_dossier(dossier)
    return render(request, "caseload/dossier_form.html", {"form": form, "dossier": dossier})


@require(can_follow_dossiers)
@require_POST
def dossier_stage(request, tenant_slug, pk):
    dossier = _dossier(pk)
    form = StageForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _to_dossier(dossier)
    try:
        dossier = services.change_stage(
            dossier=dossier,
            to_stage=form.cleaned_data["stage"],
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
            acting_user=request.user,
        )
    except DossierError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Étape enregistrée : %(stage)s.") % {"stage": dossier.get_stage_display()}
        )
    return _to_dossier(dossier)


@require(can_follow_dossiers)
@require_POST
def dossier_assign(request, tenant_slug, pk):
    dossier = _dossier(pk)
    form = AssignForm(request.POST, tenant=request.tenant)
    if not form.is_valid():
        messages.error(request, _("Choisissez un(e) chargé(e) de mission de l'espace."))
        return _to_dossier(dossier)
    try:
        dossier = services.assign_dossier(
            dossier=dossier, to_user=form.cleaned_data["to_user"], acting_user=request.user
        )
    except DossierError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Chargé(e) de mission enregistré(e)."))
    return _to_dossier(dossier)


@require(can_follow_dossiers)
def interaction_create(request, tenant_slug, pk):
    dossier = _dossier(pk)
    form = InteractionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.log_interaction(
                dossier=dossier,
                author=request.user,
                kind=data["kind"],
                occurred_at=data["occurred_at"],
                outcome=data["outcome"],
                call_back_at=data["call_back_at"],
                text=data["text"],
                shareable=data["shareable"],
            )
        except DossierError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Échange enregistré."))
            return _to_dossier(dossier)
    return render(request, "caseload/interaction_form.html", {"form": form, "dossier": dossier})


@require(can_follow_dossiers)
def installation(request, tenant_slug, pk):
    """Record (or correct) the installation: the dossier becomes "installed" and the
    touchpoints of the 12-month follow-up are scheduled."""
    dossier = _dossier(pk)
    existing = InstallationOutcome.objects.filter(dossier=dossier).first()
    form = InstallationForm(
        request.POST or None, instance=existing or InstallationOutcome(), tenant=request.tenant
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in InstallationForm.Meta.fields}
        services.record_installation(dossier=dossier, acting_user=request.user, **data)
        if existing:
            messages.success(request, _("Installation mise à jour."))
        else:
            messages.success(
                request,
                _("Installation enregistrée : les points de suivi des 12 mois sont programmés."),
            )
        return _to_dossier(dossier)
    return render(
        request,
        "caseload/installation_form.html",
        {"form": form, "dossier": dossier, "existing": existing},
    )


@require(can_follow_dossiers)
def follow_up_done(request, tenant_slug, pk):
    follow_up = get_object_or_404(FollowUp.objects.select_related("dossier"), pk=pk)
    dossier = follow_up.dossier
    if follow_up.done_at is not None:
        messages.info(request, _("Ce point de suivi est déjà fait."))
        return _to_dossier(dossier)
    form = FollowUpDoneForm(request.POST or None, initial={"topics": follow_up.topics})
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_follow_up(
                follow_up=follow_up,
                acting_user=request.user,
                kind=form.cleaned_data["kind"],
                topics=form.cleaned_data["topics"],
                notes=form.cleaned_data["notes"],
            )
        except DossierError as error:
            messages.info(request, error.message)
        else:
            messages.success(request, _("Point de suivi enregistré."))
        return _to_dossier(dossier)
    return render(
        request,
        "caseload/follow_up_form.html",
        {"form": form, "follow_up": follow_up, "dossier": dossier},
    )


@require(can_follow_dossiers)
@require_POST
def open_for_profile(request, tenant_slug, user_id):
    """Open (or find) the dossier of someone who shared their profile with the tenant."""
    person = get_object_or_404(User, pk=user_id)
    profile = getattr(person, "profile", None)
    if not tenant_sees_profile(profile, request.tenant):
        raise Http404
    try:
        dossier, suggested = linking.open_dossier_for_person(
            tenant=request.tenant, person=person, acting_user=request.user
        )
    except DossierError as error:
        messages.error(request, error.message)
        return redirect("caseload:home", tenant_slug=tenant_slug)
    if suggested:
        messages.info(
            request,
            _(
                "Un dossier de l'espace porte le numéro RPPS de ce profil. Vérifiez auprès de "
                "la personne qu'il s'agit bien d'elle, puis confirmez ou écartez le rattachement."
            ),
        )
    return _to_dossier(dossier)


@require(can_follow_dossiers)
@require_POST
def link_suggestion(request, tenant_slug, pk, suggestion_pk):
    """Confirm ("it is them": the account is linked) or dismiss a suggested account."""
    dossier = _dossier(pk)
    suggestion = get_object_or_404(LinkSuggestion, pk=suggestion_pk, dossier=dossier)
    confirm = request.POST.get("decision") == "confirm"
    decide = linking.confirm_suggestion if confirm else linking.dismiss_suggestion
    try:
        decide(suggestion=suggestion, acting_user=request.user)
    except DossierError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Le compte est relié au dossier ; la personne en est informée par e-mail.")
            if confirm
            else _("Rattachement écarté."),
        )
    return _to_dossier(dossier)


@require(can_transfer_dossiers)
@require_POST
def transfer(request, tenant_slug):
    """The admin's bulk transfer of the ticked dossiers to one case manager."""
    form = TransferForm(request.POST, tenant=request.tenant)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    back = back or reverse("caseload:home", kwargs={"tenant_slug": tenant_slug})
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    to_user = form.cleaned_data["to_user"]
    moved = services.transfer_dossiers(
        tenant=request.tenant,
        dossier_ids=[dossier.pk for dossier in form.cleaned_data["dossiers"]],
        to_user=to_user,
        acting_user=request.user,
    )
    messages.success(
        request,
        ngettext(
            "%(count)d dossier transféré à %(name)s.",
            "%(count)d dossiers transférés à %(name)s.",
            moved,
        )
        % {"count": moved, "name": to_user.get_full_name() or to_user.email},
    )
    return redirect(back)
