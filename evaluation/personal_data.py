"""What the evaluation holds about a person, for the privacy app (privacy.registry): only who
entered a value, updated a grid item or asked for a report, a staff member's acts."""

from privacy.registry import Provider, register

register(
    Provider(
        name="evaluation",
        actor_fields=(
            "evaluation.EvaluationItem.updated_by",
            "evaluation.EnteredValue.entered_by",
            "evaluation.Report.requested_by",
        ),
    )
)
