"""RPPS numbers: 11 digits, the last one a Luhn check digit over the first ten (ANS)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

RPPS_LENGTH = 11


def luhn_is_valid(digits: str) -> bool:
    """Luhn: from the right, double every second digit (minus 9 above 9); the sum ends in 0."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def normalise_rpps(value: str) -> str:
    """People copy the number with spaces or dots from a card or a letter: keep the digits."""
    return "".join(ch for ch in (value or "") if ch not in " .-\u00a0")


def validate_rpps(value: str) -> None:
    """Raise a ValidationError that says exactly why a number is not a valid RPPS number."""
    number = normalise_rpps(value)
    if not number.isdigit():
        raise ValidationError(
            _("Un numéro RPPS ne contient que des chiffres."), code="rpps_not_digits"
        )
    if len(number) != RPPS_LENGTH:
        raise ValidationError(
            ngettext(
                "Un numéro RPPS compte 11 chiffres ; vous en avez saisi %(count)d.",
                "Un numéro RPPS compte 11 chiffres ; vous en avez saisi %(count)d.",
                len(number),
            )
            % {"count": len(number)},
            code="rpps_length",
        )
    if not luhn_is_valid(number):
        raise ValidationError(
            _(
                "La clé de contrôle (le dernier chiffre) ne correspond pas aux dix premiers : "
                "le numéro contient sans doute une faute de frappe. Vérifiez-le sur votre carte "
                "CPS ou sur l'Annuaire santé."
            ),
            code="rpps_checksum",
        )
