"""The composition root holds no model: the territories are in core.models."""
