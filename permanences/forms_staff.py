"""Forms of the staff and host pages (sessions, monthly templates, cancelling and moving
bookings, attendance). Booking on someone's behalf: forms_on_behalf.py."""

from datetime import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Role
from core.forms import PlausibleDatesMixin, bound_number
from core.models import Departement
from core.widgets import DateInput, DateTimeInput, TimeInput

from .models import (
    Attendance,
    Booking,
    Session,
    SessionKind,
    SessionStatus,
    SessionTemplate,
)
from .models.sessions import INTERVIEW_MAX_CAPACITY

# Who may host a session: partner staff with the host role, and case managers.
HOST_ROLES = [Role.HOST, Role.CASE_MANAGER]
WEEK_OF_MONTH_CHOICES = [
    (1, _("1re semaine du mois")),
    (2, _("2e semaine du mois")),
    (3, _("3e semaine du mois")),
    (4, _("4e semaine du mois")),
    (5, _("Dernière semaine du mois")),
]
ORDINALS = {1: _("1er"), 2: _("2e"), 3: _("3e"), 4: _("4e"), 5: _("dernier")}
TOO_MANY_SEATS = _("Une permanence d'aide à l'installation accueille au plus 7 personnes.")


def at_least_one(field):
    """A capacity of 0 gets a French message (the database constraint has none)."""
    field.validators.append(MinValueValidator(1))
    field.widget.attrs["min"] = 1


def session_label(session):
    """ "mardi 9 mars 2027, 14:00 — Essonne", in Paris time."""
    local = timezone.localtime(session.starts_at)
    return _("%(date)s, %(time)s — %(departement)s") % {
        "date": date_format(local, "LONG_DATE_FORMAT"),
        "time": time_format(local, "TIME_FORMAT"),
        "departement": session.departement.name,
    }


def rhythm_label(template):
    """ "2e mardi du mois, 14h00–17h30"."""
    return _("%(ordinal)s %(weekday)s du mois, %(start)s–%(end)s") % {
        "ordinal": ORDINALS[template.week_of_month],
        "weekday": template.get_weekday_display(),
        "start": time_format(template.start_time, "SCHEDULE_TIME_FORMAT"),
        "end": time_format(template.end_time, "SCHEDULE_TIME_FORMAT"),
    }


def host_candidates(tenant):
    """The tenant's members who may host a session (host role or case manager)."""
    return (
        get_user_model()
        .objects.filter(
            memberships__tenant=tenant, memberships__role__in=HOST_ROLES, is_active=True
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def check_interview_rules(form, *, kind, capacity, slot_minutes, start_time, end_time):
    """The rules of annex 2 for a template (a session's model and constraints check its own)."""
    if kind != SessionKind.INTERVIEW:
        return
    if capacity and capacity > INTERVIEW_MAX_CAPACITY:
        form.add_error("capacity", TOO_MANY_SEATS)
    if not slot_minutes:
        form.add_error(
            "slot_minutes", _("Une permanence d'entretiens a des créneaux de 30 à 45 minutes.")
        )
    elif capacity and start_time and end_time and end_time > start_time:
        minutes = (end_time.hour - start_time.hour) * 60 + end_time.minute - start_time.minute
        slots = minutes // slot_minutes
        if slots < capacity:
            form.add_error(
                None,
                ngettext(
                    "La durée ne permet que %(slots)d créneau de %(minutes)d minutes "
                    "pour %(capacity)d places.",
                    "La durée ne permet que %(slots)d créneaux de %(minutes)d minutes "
                    "pour %(capacity)d places.",
                    slots,
                )
                % {"slots": slots, "minutes": slot_minutes, "capacity": capacity},
            )


def check_faculty(form, *, kind, faculty):
    """An information session names its faculty (the steering committee counts them per
    faculty and month); a permanence has none."""
    if kind == SessionKind.INFORMATION and not faculty:
        form.add_error("faculty", _("Indiquez la faculté qui accueille la séance d'information."))
    elif kind == SessionKind.INTERVIEW and faculty:
        form.cleaned_data["faculty"] = ""


class SessionForm(PlausibleDatesMixin, forms.ModelForm):
    day = forms.DateField(label=_("Date"), widget=DateInput())
    video_link = Session._meta.get_field("video_link").formfield(assume_scheme="https")
    start_time = forms.TimeField(label=_("Heure de début"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Heure de fin"), widget=TimeInput())

    class Meta:
        model = Session
        fields = [
            "kind",
            "title",
            "departement",
            "mode",
            "place",
            "faculty",
            "video_link",
            "capacity",
            "slot_minutes",
            "registration_opens_at",
            "registration_closes_at",
            "hosts",
        ]
        widgets = {
            "registration_opens_at": DateTimeInput(),
            "registration_closes_at": DateTimeInput(),
            "hosts": forms.CheckboxSelectMultiple(),
        }
        help_texts = {
            "capacity": _("Au plus 7 pour une permanence d'aide à l'installation."),
            "registration_opens_at": _("Vide : dès la publication."),
            "registration_closes_at": _("Vide : jusqu'au début de la permanence."),
        }

    field_order = [
        "kind", "title", "departement", "faculty", "day", "start_time", "end_time", "mode",
        "place", "video_link", "capacity", "slot_minutes", "registration_opens_at",
        "registration_closes_at", "hosts",
    ]  # fmt: skip

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].queryset = tenant.covered_departements()
        self.fields["hosts"].queryset = host_candidates(tenant)
        self.fields["hosts"].label_from_instance = lambda user: (
            f"{user.get_full_name()} ({user.email})" if user.get_full_name() else user.email
        )
        at_least_one(self.fields["capacity"])
        # As a template's (annex 2); a number of minutes past any day broke the slot count.
        bound_number(self.fields["slot_minutes"], minimum=30, maximum=45)
        if not self.instance.pk:
            self.initial.setdefault("slot_minutes", 30)
        if self.instance.pk:
            starts, ends = (
                timezone.localtime(self.instance.starts_at),
                timezone.localtime(self.instance.ends_at),
            )
            self.initial.setdefault("day", starts.date())
            self.initial.setdefault("start_time", starts.time())
            self.initial.setdefault("end_time", ends.time())

    def clean(self):
        cleaned = super().clean()
        day, start, end = (cleaned.get(name) for name in ("day", "start_time", "end_time"))
        if day and start and end:
            zone = timezone.get_current_timezone()
            starts_at = datetime.combine(day, start, tzinfo=zone)
            ends_at = datetime.combine(day, end, tzinfo=zone)
            if ends_at <= starts_at:
                self.add_error("end_time", _("La fin doit être après le début."))
            else:
                # Set now, so that the model's clean() counts the slots of these times.
                self.instance.starts_at, self.instance.ends_at = starts_at, ends_at
                closes = cleaned.get("registration_closes_at")
                if closes and closes > starts_at:
                    self.add_error(
                        "registration_closes_at",
                        _("Les inscriptions doivent fermer avant le début de la permanence."),
                    )
        opens, closes = cleaned.get("registration_opens_at"), cleaned.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error(
                "registration_closes_at", _("La clôture doit suivre l'ouverture des inscriptions.")
            )
        if cleaned.get("kind") == SessionKind.INFORMATION:
            cleaned["slot_minutes"] = None  # an information session has no interview slots
        check_faculty(self, kind=cleaned.get("kind"), faculty=cleaned.get("faculty"))
        return cleaned


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Il est envoyé aux personnes inscrites et en liste d'attente."),
        max_length=2000,
    )


class SessionFilterForm(forms.Form):
    """The filters of the session list (GET); an invalid value is simply ignored."""

    UPCOMING, PAST = "upcoming", "past"

    when = forms.ChoiceField(
        label=_("Période"),
        choices=[(UPCOMING, _("À venir")), (PAST, _("Passées"))],
        required=False,
    )
    departement = forms.ModelChoiceField(
        label=_("Département"),
        queryset=Departement.objects.none(),
        to_field_name="insee_code",  # ?departement=91, readable and shareable
        required=False,
        empty_label=_("Tous"),
    )
    status = forms.ChoiceField(
        label=_("Statut"), choices=[("", _("Tous")), *SessionStatus.choices], required=False
    )

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].queryset = tenant.covered_departements()

    def filter(self, sessions, now):
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("when") == self.PAST:
            sessions = sessions.filter(starts_at__lte=now).order_by("-starts_at", "-id")
        else:
            sessions = sessions.filter(starts_at__gt=now).order_by("starts_at", "id")
        if data.get("departement"):
            sessions = sessions.filter(departement=data["departement"])
        if data.get("status"):
            sessions = sessions.filter(status=data["status"])
        return sessions


class SessionTemplateForm(forms.ModelForm):
    week_of_month = forms.TypedChoiceField(
        label=_("Semaine du mois"), choices=WEEK_OF_MONTH_CHOICES, coerce=int
    )

    class Meta:
        model = SessionTemplate
        fields = [
            "departement",
            "kind",
            "week_of_month",
            "weekday",
            "start_time",
            "end_time",
            "mode",
            "place",
            "faculty",
            "capacity",
            "slot_minutes",
            "is_active",
        ]
        widgets = {"start_time": TimeInput(), "end_time": TimeInput()}
        help_texts = {
            "capacity": _("Au plus 7 pour une permanence d'aide à l'installation."),
            "slot_minutes": _("De 30 à 45 minutes pour les entretiens individuels."),
        }

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].queryset = tenant.covered_departements()
        at_least_one(self.fields["capacity"])
        slot_minutes = self.fields["slot_minutes"]
        slot_minutes.validators += [MinValueValidator(30), MaxValueValidator(45)]
        slot_minutes.widget.attrs.update(min=30, max=45)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("La fin doit être après le début."))
        check_interview_rules(
            self,
            kind=cleaned.get("kind"),
            capacity=cleaned.get("capacity"),
            slot_minutes=cleaned.get("slot_minutes"),
            start_time=start,
            end_time=end,
        )
        check_faculty(self, kind=cleaned.get("kind"), faculty=cleaned.get("faculty"))
        return cleaned


class GenerateForm(forms.Form):
    """Which period to fill with a template's sessions."""

    NEXT_12_MONTHS = "12"

    period = forms.ChoiceField(label=_("Période"))

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [
            (self.NEXT_12_MONTHS, _("Les 12 prochains mois")),
            (str(today.year), _("L'année %(year)d") % {"year": today.year}),
            (str(today.year + 1), _("L'année %(year)d") % {"year": today.year + 1}),
        ]

    @property
    def year(self):
        period = self.cleaned_data["period"]
        return None if period == self.NEXT_12_MONTHS else int(period)


class CancelBookingForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class MoveBookingForm(forms.Form):
    to_session = forms.ModelChoiceField(
        label=_("Nouvelle permanence"), queryset=Session.objects.none(), empty_label=None
    )
    reason = forms.CharField(
        label=_("Motif"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("Vide : « Déplacée vers la permanence du … »."),
    )

    def __init__(self, *args, booking, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["to_session"]
        field.queryset = (
            Session.objects.published()
            .upcoming()
            .exclude(pk=booking.session_id)
            .select_related("departement")
            .with_counts()
            .order_by("starts_at", "id")
        )
        field.label_from_instance = self.label

    @staticmethod
    def label(session):
        seats = session.seats
        if session.confirmed_count >= seats:
            left = _("complète : liste d'attente")
        else:
            left = _("%(free)d places libres sur %(seats)d") % {
                "free": seats - session.confirmed_count,
                "seats": seats,
            }
        return f"{session_label(session)} ({left})"


class AttendanceForm(forms.ModelForm):
    """One registrant's attendance and the team's private notes."""

    class Meta:
        model = Booking
        fields = ["attendance", "staff_notes"]
        widgets = {
            "attendance": forms.RadioSelect(),
            "staff_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendance"].choices = [("", _("Non renseignée")), *Attendance.choices]


AttendanceFormSet = forms.modelformset_factory(
    Booking, form=AttendanceForm, extra=0, edit_only=True, can_delete=False
)
