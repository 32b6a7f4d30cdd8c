"""RPPS numbers: 11 digits, the last a Luhn key over the first ten.

The vectors were computed by hand (doubling every second digit from the right, minus 9 above 9):
- 1234567890 → doubled 0,8,6,4,2 give 0+7+3+8+4 = 22; kept 9,7,5,3,1 give 25; 47 → key 3.
- 1010123456 → doubled 6,4,2,0,0 give 3+8+4+0+0 = 15; kept 5,3,1,1,1 give 11; 26 → key 4.
- 1000000000 → only the leading 1, kept: 1 → key 9.
"""

import pytest
from django.core.exceptions import ValidationError

from accounts.rpps import luhn_is_valid, normalise_rpps, validate_rpps

VALID = ["12345678903", "10101234564", "10000000009"]


@pytest.mark.parametrize("number", VALID)
def test_valid_numbers_pass(number):
    validate_rpps(number)
    assert luhn_is_valid(number)


@pytest.mark.parametrize(
    "number",
    ["12345678904", "10101234560", "10000000001", "21345678903"],  # last: two digits swapped
)
def test_wrong_check_digit_is_refused_with_its_reason(number):
    with pytest.raises(ValidationError) as error:
        validate_rpps(number)
    assert error.value.code == "rpps_checksum"
    assert "clé de contrôle" in error.value.messages[0]


@pytest.mark.parametrize(("number", "count"), [("1234567890", 10), ("123456789031", 12)])
def test_wrong_length_says_how_many_digits_were_typed(number, count):
    with pytest.raises(ValidationError) as error:
        validate_rpps(number)
    assert error.value.code == "rpps_length"
    assert f"vous en avez saisi {count}" in error.value.messages[0]


def test_letters_are_refused():
    with pytest.raises(ValidationError) as error:
        validate_rpps("1234567890A")
    assert error.value.code == "rpps_not_digits"


def test_spaces_and_dots_copied_from_a_card_are_ignored():
    assert normalise_rpps("123 456 789.03") == "12345678903"
    validate_rpps("1 2345 6789 03")
