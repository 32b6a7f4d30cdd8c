"""Indicator definitions (admins): the list by convention and annex, the form, the values
typed by hand with their history, and the small-cell setting."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from conventions.models import Annex
from core.pages import form_page

from .. import services
from ..forms import EnteredValueForm, IndicatorForm, SettingsForm
from ..models import EnteredValue, EvaluationSettings, Indicator, SourceKind
from ..permissions import can_edit_evaluation, require_evaluation
from .common import crumbs, tenant_url, to


@require_evaluation(can_edit_evaluation)
def definitions(request, tenant_slug):
    indicators = Indicator.objects.select_related("convention", "annex").order_by(
        "convention__title", "annex__number", "position", "pk"
    )
    annex = None
    if request.GET.get("annexe", "").isdigit():
        annex = Annex.objects.filter(pk=request.GET["annexe"]).first()
        if annex is not None:
            indicators = indicators.filter(annex=annex)
    return render(
        request,
        "evaluation/definitions.html",
        {
            "indicators": indicators,
            "annex": annex,
            "crumbs": crumbs(request),
            "threshold": EvaluationSettings.objects.filter(tenant=request.tenant).first(),
        },
    )


def _definition_page(request, indicator=None):
    initial = {}
    if indicator is None and request.GET.get("annexe", "").isdigit():
        annex = Annex.objects.filter(pk=request.GET["annexe"]).first()
        if annex is not None:
            initial = {"annex": annex, "convention": annex.convention_id}
    form = IndicatorForm(
        request.POST or None, instance=indicator, initial=initial, tenant=request.tenant
    )
    if request.method == "POST" and form.is_valid():
        services.save_indicator(form=form)
        messages.success(request, _("Indicateur enregistré."))
        return to(request, "definitions")
    return form_page(
        request,
        title=_("Modifier l'indicateur") if indicator else _("Ajouter un indicateur"),
        intro=_(
            "Un indicateur calculé est compté par le portail chaque nuit et figé à la clôture "
            "du trimestre ; un indicateur saisi est renseigné chaque trimestre par l'équipe."
        ),
        crumbs=crumbs(request, (_("Indicateurs"), tenant_url(request, "definitions"))),
        cancel_url=tenant_url(request, "definitions"),
        form=form,
    )


@require_evaluation(can_edit_evaluation)
def definition_create(request, tenant_slug):
    return _definition_page(request)


@require_evaluation(can_edit_evaluation)
def definition_edit(request, tenant_slug, pk):
    return _definition_page(request, get_object_or_404(Indicator, pk=pk))


@require_evaluation(can_edit_evaluation)
def entered_values(request, tenant_slug, pk):
    """The values typed for an entered indicator, quarter by quarter, with their history."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("convention", "annex"),
        pk=pk,
        source=SourceKind.ENTERED,
    )
    form = EnteredValueForm(request.POST or None, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        try:
            services.enter_value(
                indicator=indicator,
                quarter=form.cleaned_data["quarter"],
                departement=form.cleaned_data["departement"],
                value=form.cleaned_data["value"],
                comment=form.cleaned_data["comment"],
                acting_user=request.user,
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Valeur enregistrée."))
            return to(request, "entered_values", pk=indicator.pk)
    history = EnteredValue.objects.filter(indicator=indicator).select_related(
        "departement", "entered_by"
    )
    return render(
        request,
        "evaluation/entered_values.html",
        {
            "indicator": indicator,
            "form": form,
            "history": history,
            "crumbs": crumbs(request, (_("Indicateurs"), tenant_url(request, "definitions"))),
        },
    )


@require_evaluation(can_edit_evaluation)
def settings(request, tenant_slug):
    current = EvaluationSettings.objects.filter(tenant=request.tenant).first()
    form = SettingsForm(
        request.POST or None, instance=current or EvaluationSettings(tenant=request.tenant)
    )
    if request.method == "POST" and form.is_valid():
        services.save_settings(
            tenant=request.tenant,
            small_cell_threshold=form.cleaned_data["small_cell_threshold"],
        )
        messages.success(request, _("Réglages enregistrés."))
        return to(request, "definitions")
    return form_page(
        request,
        title=_("Secret statistique"),
        intro=_(
            "Un chiffre calculé sur moins de personnes que ce seuil s'affiche « < seuil » dans "
            "les tableaux de bord, les rapports et les exports."
        ),
        crumbs=crumbs(request, (_("Indicateurs"), tenant_url(request, "definitions"))),
        cancel_url=tenant_url(request, "definitions"),
        form=form,
    )
