"""English for a French public service: British order and a 24-hour clock.

"3 March 2026", "14:00", "03/03/2026", weeks from Monday, dates typed day first.
Numbers keep Django's English separators.
"""

DATE_FORMAT = "j F Y"  # 3 March 2026
TIME_FORMAT = "H:i"  # 14:00
DATETIME_FORMAT = "j F Y, H:i"  # 3 March 2026, 14:00
YEAR_MONTH_FORMAT = "F Y"  # March 2026
MONTH_DAY_FORMAT = "j F"  # 3 March
SHORT_DATE_FORMAT = "d/m/Y"  # 03/03/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 03/03/2026 14:00
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 03/03/2026
    "%d/%m/%y",  # 03/03/26
    "%Y-%m-%d",  # 2026-03-03
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 14:00
    "%H:%M:%S",  # 14:00:59
    "%H:%M:%S.%f",  # 14:00:59.000200
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",  # 03/03/2026 14:00
    "%d/%m/%Y %H:%M:%S",  # 03/03/2026 14:00:59
    "%d/%m/%Y %H:%M:%S.%f",  # 03/03/2026 14:00:59.000200
    "%Y-%m-%d %H:%M",  # 2026-03-03 14:00
    "%Y-%m-%d %H:%M:%S",  # 2026-03-03 14:00:59
    "%Y-%m-%d %H:%M:%S.%f",  # 2026-03-03 14:00:59.000200
]

# The project's names, also in portal/formats/fr/formats.py.
LONG_DATE_FORMAT = "l j F Y"  # Tuesday 3 March 2026
LONG_MONTH_DAY_FORMAT = "l j F"  # Tuesday 3 March
ABBR_DATE_FORMAT = "D j M Y"  # Tue 3 Mar 2026
SCHEDULE_TIME_FORMAT = "H:i"  # 14:00
DATE_AT_TIME_FORMAT = r"j F Y \a\t H:i"  # 3 March 2026 at 14:00
LONG_MONTH_DAY_AT_TIME_FORMAT = r"l j F \a\t H:i"  # Tuesday 3 March at 14:00
LONG_DATE_AT_SCHEDULE_TIME_FORMAT = r"l j F Y \a\t H:i"  # Tuesday 3 March 2026 at 14:00
