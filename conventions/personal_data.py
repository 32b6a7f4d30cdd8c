"""What the conventions hold about a person, for the privacy app (privacy.registry): only who
uploaded a signed document, a staff member's act. Partners' contacts are people named by
staff, not accounts: a request about them goes to the tenant, not through this registry, which
follows accounts."""

from privacy.registry import Provider, register

register(
    Provider(
        name="conventions",
        actor_fields=("conventions.ConventionDocument.uploaded_by",),
    )
)
