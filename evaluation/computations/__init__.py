"""Computed indicators. Importing this package registers every computation."""

from . import permanences, registry
from .registry import Aggregation, Result, Scope

__all__ = ["Aggregation", "Result", "Scope", "permanences", "registry"]
