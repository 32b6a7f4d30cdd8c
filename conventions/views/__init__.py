"""Staff pages of the conventions app, one module per subject."""
