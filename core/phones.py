"""French phone numbers (metropolitan and overseas), with the `phonenumbers` library.

Stored in E.164 ("+33612345678"): one spelling whatever was typed ("06 12 34 56 78",
"06.12.34.56.78", "+33 6 …"), so that a number can be compared, dialled and exported. Shown in
the national format ("06 12 34 56 78"), or the international one for the overseas regions that
have their own country code.
"""

import phonenumbers

# Metropolitan France first, then the overseas regions and collectivities with their own code.
FRENCH_REGIONS = ("FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "NC", "PF", "WF")


def parse_french_phone(value):
    """The number typed as a French one (overseas included), or None if it is not one."""
    for region in FRENCH_REGIONS:
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(number) and (
            phonenumbers.region_code_for_number(number) in FRENCH_REGIONS
        ):
            return number
    return None


def to_e164(number):
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(value):
    """A stored number as people read it; a number typed before validation existed is shown
    as it was typed."""
    if not value:
        return ""
    number = parse_french_phone(value)
    if number is None:
        return value
    if phonenumbers.region_code_for_number(number) == "FR":
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
