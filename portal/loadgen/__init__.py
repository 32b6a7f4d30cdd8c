"""Load data at regional or national scale for the benchmarks (`manage.py generate_load_data`).

Seeded and reproducible: the same scale, seed and anchor day give the same rows (ids aside).
Each part (`people`, `caseload`, `permanences`, `evaluation`, atlas) writes in bulk through
`bulk.copy_objects` (PostgreSQL COPY), and `run.generate` times them one by one.
"""
