"""django-import-export Resources over Dossier and Interaction: the columns of the import files
(with the French headers people actually type) and of the exports.

Imports do not go through `Resource.import_data`: it looks each row up in the database and keeps
a result object per row, which does not hold 100,000 rows in a request, and it knows nothing of
our duplicate rules. `caseload.imports` streams the file, maps the headers with `match_headers`,
cleans each cell with the Field's widget below (a widget raises ValueError with the French
reason), and writes in chunks. Exports use `export_resource` row by row over an iterator, never
a whole tablib Dataset in memory.
"""
