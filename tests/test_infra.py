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
