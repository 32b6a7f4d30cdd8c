"""The error summary at the top of a form (components/form_errors.html): how many errors,
every one of them named after its field and linked to it, the form's own errors included."""

import re

from django import forms
from django.template import Context, Template

SUMMARY = Template('{% include "components/form_errors.html" %}')


class BookingForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    email = forms.EmailField(label="Adresse e-mail")
    rpps = forms.CharField(label="Numéro RPPS", max_length=3)
    phone = forms.CharField(label="Téléphone", required=False)

    def clean(self):
        raise forms.ValidationError("Cette permanence est complète.")


class StepForm(forms.Form):
    title = forms.CharField(label="Titre")


def render(**context):
    return SUMMARY.render(Context(context))


def lines(markup):
    items = re.findall(r"<li>\s*(.*?)\s*</li>", markup, re.S)
    return [" ".join(re.sub(r"\s+", " ", item).split()) for item in items]


def test_every_error_is_listed_with_a_link_to_its_field_and_counted():
    form = BookingForm({"email": "pas-une-adresse", "rpps": "10 00 000"})
    markup = render(form=form)
    assert lines(markup) == [
        "Cette permanence est complète.",
        "Token : Ce champ est obligatoire.",
        '<a href="#id_email">Adresse e-mail : Saisissez une adresse de courriel valide.</a>',
        '<a href="#id_rpps">Numéro RPPS : Assurez-vous que cette valeur comporte au plus 3 '
        "caractères (actuellement 9).</a>",
    ]
    assert "4 erreurs à corriger" in markup


def test_a_form_whose_only_error_belongs_to_no_field_has_a_summary_that_says_it():
    class Login(forms.Form):
        login = forms.CharField(required=False)

        def clean(self):
            raise forms.ValidationError("L'adresse e-mail ou le mot de passe est incorrect.")

    markup = render(form=Login({}))
    assert 'id="resume-erreurs"' in markup
    assert "Une erreur à corriger" in markup
    assert lines(markup) == ["L&#x27;adresse e-mail ou le mot de passe est incorrect."]


def test_a_valid_or_unbound_form_has_no_summary():
    assert "resume-erreurs" not in render(form=BookingForm())
    assert "resume-erreurs" not in render(form=forms.Form({}))


def test_the_rows_of_a_formset_are_named_and_linked():
    formset = forms.formset_factory(StepForm, extra=0)(
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "0",
            "form-0-title": "Ordre",
            "form-1-title": "",
        }
    )
    formset.forms[1].empty_permitted = False
    markup = render(formset=formset, form=None)
    assert lines(markup) == [
        '<a href="#id_form-1-title">Étape 2 — Titre : Ce champ est obligatoire.</a>'
    ]
    assert "Une erreur à corriger" in markup
