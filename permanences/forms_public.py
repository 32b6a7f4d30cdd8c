"""Forms of the intern-facing pages: the list's filters and the booking form."""

from datetime import date, datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _

from core.models import Departement

from .models import Session, SessionKind, Topic

FIRST_FREE_SLOT = ""
MONTHS_AHEAD = 12


def month_bounds(value):
    """The aware start of the month written "YYYY-MM" (Paris time) and of the next one."""
    year, month = (int(part) for part in value.split("-"))
    paris = timezone.get_current_timezone()
    start = datetime(year, month, 1, tzinfo=paris)
    following = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=paris)
    return start, following


def month_choices(today=None):
    """This month and the next eleven, as ("2026-03", "mars 2026")."""
    today = today or timezone.localdate()
    choices = []
    for offset in range(MONTHS_AHEAD):
        year, month = (
            today.year + (today.month - 1 + offset) // 12,
            (today.month - 1 + offset) % 12 + 1,
        )
        choices.append(
            (f"{year}-{month:02d}", date_format(date(year, month, 1), "YEAR_MONTH_FORMAT"))
        )
    return choices


def tenant_departements(request):
    """The tenant's départements, or those where it holds sessions when none are listed."""
    tenant = getattr(request, "tenant", None)
    if tenant is None:
        return Departement.objects.none()
    covered = tenant.departements.all()
    if covered.exists():
        return covered
    return Departement.objects.filter(pk__in=Session.objects.values("departement_id")).order_by(
        "insee_code"
    )


class SessionFilter(django_filters.FilterSet):
    """The filters of the sessions list: département, kind, month."""

    # INSEE codes in the URL (?departement=07), which people can read and share.
    departement = django_filters.ModelChoiceFilter(
        label=_("Département"),
        queryset=tenant_departements,
        to_field_name="insee_code",
        empty_label=_("Tous les départements"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type de permanence"),
        choices=SessionKind.choices,
        empty_label=_("Tous les types"),
    )
    mois = django_filters.ChoiceFilter(
        label=_("Mois"),
        choices=month_choices,
        empty_label=_("Tous les mois"),
        method="filter_month",
    )

    class Meta:
        model = Session
        fields = ["departement", "kind"]

    def filter_month(self, queryset, name, value):
        start, end = month_bounds(value)
        return queryset.filter(starts_at__gte=start, starts_at__lt=end)


class SlotField(forms.ChoiceField):
    """The free slots are the choices shown; any slot of the session is accepted, so that a
    slot taken since the page was shown reaches the service, which explains it is taken."""

    def __init__(self, *, slot_count=None, **kwargs):
        self.slot_count = slot_count
        super().__init__(**kwargs)

    def valid_value(self, value):
        if value == FIRST_FREE_SLOT:
            return True
        return (
            value.isascii()
            and value.isdigit()
            and (self.slot_count is None or int(value) < self.slot_count)
        )


class BookingForm(forms.Form):
    slot = SlotField(
        label=_("Votre créneau d'entretien"),
        required=False,
        widget=forms.RadioSelect,
    )
    topics = forms.MultipleChoiceField(
        label=_("Les sujets que vous souhaitez aborder"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    questions = forms.CharField(
        label=_("Vos questions"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Elles sont transmises aux hôtes de la permanence pour préparer l'entretien."),
    )

    def __init__(self, *args, session=None, free_slots=(), waiting_list=False, **kwargs):
        """Without `session` (a booking POST, before the service locks the session), any
        slot number is accepted: the service checks it against the session it locked."""
        super().__init__(*args, **kwargs)
        if session is None:
            return
        if waiting_list or not session.has_slots:
            # On the waiting list, the slot is given at promotion: the earliest free one.
            del self.fields["slot"]
            return
        field = self.fields["slot"]
        field.slot_count = session.slot_count
        field.help_text = _("Un entretien individuel de %(minutes)d minutes.") % {
            "minutes": session.slot_minutes
        }
        field.choices = [(FIRST_FREE_SLOT, _("Le premier créneau libre"))] + [
            (str(index), slot_label(start, end)) for index, start, end in free_slots
        ]
        self.initial.setdefault("slot", FIRST_FREE_SLOT)

    def cleaned_slot(self):
        value = self.cleaned_data.get("slot", FIRST_FREE_SLOT)
        return int(value) if value not in (None, FIRST_FREE_SLOT) else None


def slot_label(start, end):
    return _("De %(start)s à %(end)s") % {
        "start": time_format(timezone.localtime(start), "SCHEDULE_TIME_FORMAT"),
        "end": time_format(timezone.localtime(end), "SCHEDULE_TIME_FORMAT"),
    }
