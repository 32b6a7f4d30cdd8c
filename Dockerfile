# The portal's image: gunicorn by default; the same image runs the Celery worker and beat
# (see docker-compose.yml and docs/operations.md).

# Stage 1: the sources, without the local state a build context may carry (.env, .venv, the
# SQLite file, media, backups...), so that none of it reaches the image even without a
# .dockerignore.
FROM python:3.11-slim-bookworm AS source
WORKDIR /src
COPY . .
RUN rm -rf .git .venv .env db.sqlite3 media backups staticfiles node_modules \
        test-artifacts bench-results .pytest_cache .ruff_cache build ./*.egg-info \
    && find . -name __pycache__ -type d -prune -exec rm -rf {} +

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media

# WeasyPrint's libraries and fonts; gettext's msgfmt for compilemessages; PostgreSQL's client
# tools for manage.py backup and restore (Debian 12 ships 15, the postgres service's version).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
        fonts-dejavu-core gettext postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# The dependencies, pinned by requirements.lock (the project itself has no package to install).
COPY pyproject.toml requirements.lock /tmp/build/
RUN pip install -c /tmp/build/requirements.lock /tmp/build && rm -rf /tmp/build

# The code belongs to root and is read-only for the process; only the media volume is writable.
RUN useradd --system --create-home --uid 10001 --user-group app \
    && mkdir -p /data/media && chown app:app /data/media
WORKDIR /app
COPY --from=source /src /app

# Build-time only key: compilemessages and collectstatic load the settings, sign nothing.
RUN export SECRET_KEY=build-only-dummy-key-never-used-at-runtime \
    && if [ -n "$(find . -name '*.po' | head -n 1)" ]; then python manage.py compilemessages; fi \
    && python manage.py collectstatic --noinput

USER app
EXPOSE 8000
# sync, 4 processes (2 a core): on a quiet 2-core machine `make bench` answered the trivial page,
# bookings and the 50-client storm faster with sync than with gthread 4 × 4 (202/661/578 ms
# against 299/1,064/950 ms p95, docs/scaling.md). One database connection per process
# (CONN_MAX_AGE).
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", \
     "--worker-class", "sync", "--workers", "4", "--access-logfile", "-"]
