from .grid import EvaluationItem, ItemStatus
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
from .reports import Report, ReportStatus
from .values import IndicatorValue, PublishedQuarter

__all__ = [
    "DEFAULT_SMALL_CELL_THRESHOLD",
    "Direction",
    "EnteredValue",
    "EvaluationItem",
    "EvaluationSettings",
    "Indicator",
    "IndicatorValue",
    "ItemStatus",
    "PublishedQuarter",
    "Report",
    "ReportStatus",
    "SourceKind",
    "TargetScope",
    "Unit",
    "small_cell_threshold",
]
