from .indicators import (
    DEFAULT_SMALL_CELL_THRESHOLD,
    Direction,
    EnteredValue,
    EvaluationSettings,
    Indicator,
    SourceKind,
    TargetScope,
    Unit,
    small_cell_threshold,
)

__all__ = [
    "DEFAULT_SMALL_CELL_THRESHOLD",
    "Direction",
    "EnteredValue",
    "EvaluationSettings",
    "Indicator",
    "SourceKind",
    "TargetScope",
    "Unit",
    "small_cell_threshold",
]
