"""Booking on behalf of someone who phoned the central registration desk: find the person by
e-mail among the people the tenant knows (accounts.relations), then book them; or invite an
address the tenant does not know to sign up and book itself.

An address without an account and an account the tenant does not know get the same answer, in
one query either way: the look-up is no way to learn who has an account on the portal."""

from django import forms
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _

from accounts.relations import find_known_person

from .models import BookingStatus, Topic

UNKNOWN_PERSON = _(
    "Aucune personne suivie par l'espace n'utilise cette adresse. Vous pouvez l'inviter à "
    "réserver sa place elle-même : elle recevra un e-mail pour créer son compte, ou se "
    "connecter si elle en a déjà un."
)


class PersonLookupForm(forms.Form):
    """Step 1: whom to book, by e-mail address."""

    email = forms.EmailField(
        label=_("Adresse e-mail de la personne"),
        help_text=_("Une personne dont l'espace suit le dossier, ou qui lui a partagé son profil."),
    )

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self.person = None

    def clean_email(self):
        email = self.cleaned_data["email"]
        self.person = find_known_person(self.tenant, email)
        if self.person is None:
            raise forms.ValidationError(UNKNOWN_PERSON, code="unknown_person")
        return email

    @property
    def unknown_person(self):
        """The address is well formed but nobody the tenant knows: offer the invitation."""
        return self.has_error("email", "unknown_person")


class StaffBookingForm(PersonLookupForm):
    """Step 2: the person found (their address carried along and looked up again), the slot,
    the topics and their questions."""

    slot_index = forms.TypedChoiceField(
        label=_("Créneau"), coerce=int, required=False, empty_value=None
    )
    topics = forms.MultipleChoiceField(
        label=_("Sujets à aborder"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple(),
        required=False,
    )
    questions = forms.CharField(
        label=_("Ses questions"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, tenant=session.tenant, **kwargs)
        self.fields["email"].widget = forms.HiddenInput()
        taken = set(
            session.bookings.filter(status=BookingStatus.CONFIRMED).values_list(
                "slot_index", flat=True
            )
        )
        choices = [("", _("Le premier créneau libre"))]
        for index, start, end in session.slots():
            if index not in taken:
                start_label = time_format(timezone.localtime(start), "TIME_FORMAT")
                end_label = time_format(timezone.localtime(end), "TIME_FORMAT")
                choices.append((index, f"{start_label} – {end_label}"))
        self.fields["slot_index"].choices = choices
        if not session.has_slots:
            del self.fields["slot_index"]


class SignupInvitationForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail à inviter"))
