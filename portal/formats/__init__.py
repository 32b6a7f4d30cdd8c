"""Date and time formats per language (`FORMAT_MODULE_PATH`).

Templates and code name a format (`|date:"DATE_FORMAT"`, `date_format(value, "LONG_DATE_FORMAT")`)
rather than spell a pattern, so each language gets its own. What a module leaves out comes
from Django's module for the language. The project's own names (`LONG_DATE_FORMAT`,
`SCHEDULE_TIME_FORMAT`…) must be defined in every language's module: Django prints an unknown
name as if it were a pattern.
"""
