"""French: Django's formats ("3 mars 2026", "14:00", "03/03/2026"), plus the project's own.

Times on a schedule (permanences, meetings) read "14h00"; elsewhere "14:00".
"""

# The project's names, also in portal/formats/en/formats.py.
LONG_DATE_FORMAT = "l j F Y"  # mardi 3 mars 2026
LONG_MONTH_DAY_FORMAT = "l j F"  # mardi 3 mars
# "D j M Y" gave "mar 3 Mar 2026" (mardi or mars?): the month in full.
ABBR_DATE_FORMAT = "D j F Y"  # mar 3 mars 2026
SCHEDULE_TIME_FORMAT = r"H\hi"  # 14h00
DATE_AT_TIME_FORMAT = "j F Y à H:i"  # 3 mars 2026 à 14:00
LONG_MONTH_DAY_AT_TIME_FORMAT = "l j F à H:i"  # mardi 3 mars à 14:00
LONG_DATE_AT_SCHEDULE_TIME_FORMAT = r"l j F Y à H\hi"  # mardi 3 mars 2026 à 14h00
