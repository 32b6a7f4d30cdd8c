"""The delivery files agree with each other: compose, the image, CI, the Makefile and the docs.

No database: these tests read files (and ask `make -n` what a target would run).
"""

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SERVICES = {"migrate", "web", "worker", "beat", "postgres", "redis"}
APP_SERVICES = ("migrate", "web", "worker", "beat")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def command_tokens(service):
    """A service's command as a list of words, whether written as a list or a string."""
    command = service.get("command", [])
    if isinstance(command, str):
        command = shlex.split(command)
    words = []
    for part in command:
        words.extend(shlex.split(part) if " " in part else [part])
    return words


def healthcheck_text(service):
    test = service["healthcheck"]["test"]
    return " ".join(test) if isinstance(test, list) else test


def settings_env_vars():
    """Every variable portal/settings.py reads through django-environ."""
    source = (ROOT / "portal" / "settings.py").read_text()
    return set(re.findall(r"env\.\w+\(\s*\"([A-Z][A-Z0-9_]*)\"", source))


def test_compose_has_the_production_services(compose):
    assert set(compose["services"]) >= SERVICES


@pytest.mark.parametrize(
    ("service", "probe"),
    [
        ("postgres", "pg_isready"),
        ("redis", "redis-cli ping"),
        ("web", "/sante/"),
        ("worker", "inspect ping -d celery@$$HOSTNAME"),
        ("beat", "manage.py health worker"),
    ],
)
def test_health_checks_probe_the_service(compose, service, probe):
    assert probe in healthcheck_text(compose["services"][service])


def test_web_health_check_expects_the_ok_status(compose):
    check = healthcheck_text(compose["services"]["web"])
    assert "'status'" in check and "'ok'" in check


@pytest.mark.parametrize(("service", "role"), [("worker", "worker"), ("beat", "beat")])
def test_celery_services_run_the_portal_app(compose, service, role):
    words = command_tokens(compose["services"][service])
    assert words[0] == "celery"
    assert words[words.index("-A") + 1] == "portal"
    assert role in words


def test_migrations_run_once_then_web_serves_the_wsgi_application(compose):
    migrate = compose["services"]["migrate"]
    assert command_tokens(migrate)[-3:] == ["manage.py", "migrate", "--noinput"]
    assert migrate["restart"] == "no"  # a one-shot service
    words = command_tokens(compose["services"]["web"])
    assert words[0] == "gunicorn" and "portal.wsgi:application" in words
    assert "migrate" not in words


# Everything needs the broker; web and worker use the database; web, worker and beat start
# once the migrations have run. web's health check wants the worker's heartbeat, so the worker
# must not wait for web: both wait for `migrate`.
DEPENDENCIES = {
    "migrate": {"postgres"},
    "web": {"postgres", "redis", "migrate"},
    "worker": {"postgres", "redis", "migrate"},
    "beat": {"redis", "migrate"},
}


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_share_the_environment_and_wait_for_healthy_dependencies(compose, service):
    config = compose["services"][service]
    assert config["environment"] == compose["x-env"]
    assert DEPENDENCIES[service] == set(config["depends_on"])
    for name, dependency in config["depends_on"].items():
        expected = "service_completed_successfully" if name == "migrate" else "service_healthy"
        assert dependency["condition"] == expected


def test_environment_points_at_the_compose_services_and_requires_a_secret(compose):
    env = compose["x-env"]
    assert "@postgres:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:6379/")
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")
    for name in ("ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "EMAIL_URL"):
        assert name in env


def test_compose_environment_only_sets_variables_the_settings_read(compose):
    assert set(compose["x-env"]) <= settings_env_vars()


def test_data_lives_in_named_volumes(compose):
    volumes = set(compose["volumes"])
    services = compose["services"]
    mounted = {
        name: {entry.split(":")[0] for entry in services[name].get("volumes", [])}
        for name in services
    }
    assert mounted["postgres"] & volumes
    assert mounted["redis"] & volumes
    assert "media" in mounted["web"] and "media" in mounted["worker"]


def test_image_runs_gunicorn_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim-bookworm\s*$", dockerfile, re.M)
    users = re.findall(r"^USER\s+(\S+)", dockerfile, re.M)
    assert users and users[-1] not in {"root", "0"}
    cmd = dockerfile[dockerfile.rindex("\nCMD ") :]
    assert "gunicorn" in cmd and "portal.wsgi:application" in cmd and "0.0.0.0:8000" in cmd
    assert re.search(r"pip install -c \S*requirements\.lock", dockerfile)
    assert "collectstatic --noinput" in dockerfile


def ci_commands():
    """The lines of .ci/run that run something (comments and blank lines left out)."""
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def test_ci_script_is_strict_bash_and_parses():
    script = ROOT / ".ci" / "run"
    assert script.stat().st_mode & 0o111, ".ci/run must be executable"
    assert "set -euo pipefail" in ci_commands()
    bash = shutil.which("bash")
    if bash:
        subprocess.run([bash, "-n", str(script)], check=True)  # noqa: S603 (our own script)


def test_ci_runs_quality_then_the_test_command_against_real_services():
    commands = ci_commands()
    runs_tests = [i for i, line in enumerate(commands) if re.match(r"make test\b", line)]
    runs_quality = [i for i, line in enumerate(commands) if line == "make quality"]
    assert runs_tests and runs_quality
    assert runs_quality[0] < runs_tests[0]
    text = "\n".join(commands)
    assert "export DATABASE_URL=postgres://" in text
    assert "export REDIS_URL=redis://127.0.0.1:6379" in text


def test_readme_test_command_is_the_one_ci_runs():
    readme = ROOT / "README.md"
    if not readme.exists():
        pytest.skip("README.md is not written yet")
    lines = [line.strip().removeprefix("$").strip() for line in readme.read_text().splitlines()]
    assert "make test" in lines, "README.md must give `make test` as the test command"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_test_runs_pytest_with_the_extra_arguments_and_keeps_its_status():
    # Run from `make test` itself: the outer make's flags and variables must not leak in.
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    result = subprocess.run(  # noqa: S603 (a dry run of our own Makefile)
        [shutil.which("make"), "-n", "test", "PYTEST_ARGS=--sentinel-argument"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    pytest_lines = [line for line in result.stdout.splitlines() if "-m pytest" in line]
    assert pytest_lines and "--sentinel-argument" in pytest_lines[-1]
    assert "exit $status" in result.stdout


def test_every_setting_read_from_the_environment_is_documented():
    documented = (ROOT / "docs" / "environment.md").read_text()
    names = settings_env_vars()
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY"} <= names
    missing = sorted(name for name in names if f"`{name}`" not in documented)
    assert not missing, f"docs/environment.md does not describe {missing}"


def test_the_project_reads_nothing_outside_its_repository():
    """A clone with nothing beside it must run and test: no code reaches for the shared folder that sits beside the checkout."""
    pattern = re.compile(r"\.\./shared|[\"']shared[\"']\s*/|parent\s*/\s*[\"']shared")
    skipped = {".venv", "node_modules", ".git"}
    offenders = [
        str(path.relative_to(ROOT))
        for path in [*ROOT.rglob("*.py"), ROOT / "Makefile", ROOT / ".ci" / "run"]
        if not skipped & set(path.relative_to(ROOT).parts)
        and path != Path(__file__).resolve()
        and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


# Backups (docs/operations.md): manage.py backup / restore, run by make and by compose.


def test_the_image_and_ci_have_postgresql_client_tools_for_backups():
    dockerfile = (ROOT / "Dockerfile").read_text()
    install = dockerfile[dockerfile.index("apt-get install") :].split("&& rm")[0]
    assert "postgresql-client" in install
    ci = "\n".join(ci_commands())
    assert "postgresql-client" in ci
    assert "pg_dump" in ci and "pg_restore" in ci


def test_backups_stay_out_of_git_and_out_of_the_image():
    # An archive holds personal data: a `docker build` must not copy it into an image.
    assert "/backups/" in (ROOT / ".gitignore").read_text().split()
    assert "backups" in (ROOT / ".dockerignore").read_text().split()
    dockerfile = (ROOT / "Dockerfile").read_text()
    removed = dockerfile[dockerfile.index("RUN rm -rf") :].split("&&")[0]
    assert "backups" in removed.split()


def test_compose_backup_service_runs_on_demand_with_the_media_and_a_backups_folder(compose):
    backup = compose["services"]["backup"]
    assert backup.get("profiles"), "`docker compose up` must not start it"
    assert backup["environment"] == compose["x-env"]
    words = command_tokens(backup)
    assert words[:3] == ["python", "manage.py", "backup"]
    output_dir = words[words.index("--output-dir") + 1]
    targets = {entry.split(":")[0]: entry.split(":")[1] for entry in backup["volumes"]}
    assert targets["media"] == compose["x-env"]["MEDIA_ROOT"]
    assert output_dir in targets.values()
    assert backup["depends_on"]["postgres"]["condition"] == "service_healthy"


def make_dry_run(*arguments):
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    return subprocess.run(  # noqa: S603 (a dry run of our own Makefile)
        [shutil.which("make"), "-n", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_backup_and_restore_run_the_commands():
    backup = make_dry_run("backup", "BACKUP_DIR=/srv/archives")
    assert "manage.py backup --output-dir" in backup.stdout and "/srv/archives" in backup.stdout

    forced = make_dry_run("restore", "BACKUP=old.tar", "FORCE=1")
    (line,) = [line for line in forced.stdout.splitlines() if "manage.py restore" in line]
    assert '"old.tar"' in line and line.endswith("--force")
    plain = make_dry_run("restore", "BACKUP=old.tar")
    assert "--force" not in plain.stdout

    # Without an archive it stops before running anything, and says how to call it.
    missing = make_dry_run("restore")
    assert missing.returncode != 0
    assert "BACKUP=" in missing.stderr and "manage.py" not in missing.stdout
