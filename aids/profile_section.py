"""The aids' section of a person's profile page (accounts.profile_sections): the aids of the
départements they consider."""

from accounts.profile_sections import ProfileSection, register

from .selectors import considered_departements_aids

register(
    ProfileSection(
        template="aids/_profile_aids.html",
        context=lambda *, profile: {"considered_aids": considered_departements_aids(profile)},
    )
)
