"""The form of the account-deletion page."""

from django import forms
from django.utils.translation import gettext_lazy as _


class EraseForm(forms.Form):
    password = forms.CharField(
        label=_("Votre mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )
    confirm = forms.BooleanField(
        label=_(
            "Je comprends que mon compte, mon profil et mes inscriptions à venir seront "
            "supprimés, et que je ne pourrai pas revenir en arrière."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Ce mot de passe n'est pas le bon."))
        return password
