from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope, scopes_disabled

from ..forms import ProfileForm
from ..homes import staff_homes
from ..models import SettlementStep
from ..onboarding import ready_to_book
from ..profile_sections import render_sections
from ..services import (
    InvitationError,
    get_or_create_profile,
    save_profile,
    set_step_done,
)
from ..services import accept_invitation as accept_invitation_service
from .onboarding import project_url


@login_required
def after_login(request):
    """Send each person to their own home: their role's page, or their permanences."""
    homes = staff_homes(request.user)
    if len(homes) == 1:
        return redirect(homes[0].url)
    if homes:
        return render(request, "accounts/choose_home.html", {"homes": homes})
    # An intern lands on their permanences; the short "Votre projet" step first if booking
    # would ask for it (a new account just confirmed, or terms of a newer version).
    if not ready_to_book(request.user):
        return redirect(project_url(reverse("intern_home")))
    return redirect("intern_home")


@login_required
def profile(request):
    profile = get_or_create_profile(request.user)
    missing = profile.missing_items()
    tenant = profile.followed_tenant
    steps, done_ids = [], set()
    if tenant is not None:
        with scope(tenant=tenant):
            steps = list(SettlementStep.objects.all())
            done_ids = set(
                profile.step_completions.filter(step__tenant=tenant).values_list(
                    "step_id", flat=True
                )
            )
    context = {
        "profile": profile,
        "missing": missing,
        "completeness": profile.completeness_percent(missing),
        "followed_tenant": tenant,
        "steps": [(step, step.id in done_ids) for step in steps],
        "steps_done": len(done_ids),
        "departements": profile.departements_considered.all(),
        "profile_sections": render_sections(request, profile),
        "homes": staff_homes(request.user),
    }
    return render(request, "accounts/profile.html", context)


@login_required
def profile_edit(request):
    profile = get_or_create_profile(request.user)
    form = ProfileForm(request.POST or None, instance=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        save_profile(form=form, user=request.user)
        messages.success(request, _("Votre profil est enregistré."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.html", {"form": form})


@login_required
@require_POST
def toggle_step(request, step_id):
    profile = get_or_create_profile(request.user)
    if profile.followed_tenant is None:
        return redirect("accounts:profile")
    # Only the steps of the tenant the person follows can be ticked.
    with scope(tenant=profile.followed_tenant):
        step = get_object_or_404(SettlementStep, pk=step_id)
    set_step_done(profile=profile, step=step, done=request.POST.get("done") == "1")
    return redirect(reverse("accounts:profile") + "#etapes")


@login_required
def accept_invitation(request, token):
    if request.method == "POST":
        try:
            membership = accept_invitation_service(token=token, user=request.user)
        except InvitationError as error:
            messages.error(request, str(error))
            return redirect("home")
        messages.success(
            request,
            _("Vous avez rejoint l'espace %(tenant)s en tant que %(role)s.")
            % {"tenant": membership.tenant.name, "role": membership.get_role_display()},
        )
        return redirect("after_login")
    from ..models import Invitation

    with scopes_disabled():
        invitation = get_object_or_404(Invitation.objects.select_related("tenant"), token=token)
    return render(request, "accounts/accept_invitation.html", {"invitation": invitation})


@login_required
def whoami(request):
    """The smallest authenticated page: who is logged in (for scripts and the benchmark)."""
    return JsonResponse({"email": request.user.email, "name": request.user.get_full_name()})
