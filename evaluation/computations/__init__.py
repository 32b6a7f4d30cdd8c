"""Computed indicators. Importing this package registers every computation."""

from . import calls, caseload, faculty, follow_up, permanences, registry
from .registry import Aggregation, Result, Scope

__all__ = [
    "Aggregation",
    "Result",
    "Scope",
    "calls",
    "caseload",
    "faculty",
    "follow_up",
    "permanences",
    "registry",
]
