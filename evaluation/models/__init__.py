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
from .values import IndicatorValue, PublishedQuarter

__all__ = [
    "DEFAULT_SMALL_CELL_THRESHOLD",
    "Direction",
    "EnteredValue",
    "EvaluationSettings",
    "Indicator",
    "IndicatorValue",
    "PublishedQuarter",
    "SourceKind",
    "TargetScope",
    "Unit",
    "small_cell_threshold",
]
