"""With production values, `manage.py check --deploy` has nothing to say."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "DEBUG": "false",
    "SECRET_KEY": "x7!pR2-production-like-secret-key-with-plenty-of-entropy-9f3Kq",
    "ALLOWED_HOSTS": "cap-installation.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://cap-installation.example.org",
    "DATABASE_URL": "sqlite:////tmp/cap-deploy-check.sqlite3",
    "EMAIL_URL": "smtp+tls://user:pass@smtp.example.org:587",
    "SITE_URL": "https://cap-installation.example.org",
}


def _run_check(extra_env):
    ignored = {"REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set by other tests in this process
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k not in ignored}
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _run_check(PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_complains_about_a_weak_secret_key():
    result = _run_check({**PRODUCTION_ENV, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _run_check({**env, "SECRET_KEY": ""})
    assert result.returncode != 0


def test_check_deploy_refuses_a_site_url_on_localhost():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SITE_URL"}
    result = _run_check(env)
    assert result.returncode != 0
    assert "core.E002" in result.stderr + result.stdout


def _setting(name, extra_env, *, without=()):
    env = {**os.environ, **PRODUCTION_ENV, **extra_env}
    for variable in without:
        env.pop(variable, None)
    code = (
        f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    )
    result = subprocess.run(  # noqa: S603 (our own settings, read by the test's interpreter)
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_file_mail_url_keeps_its_absolute_folder():
    assert _setting("EMAIL_FILE_PATH", {"EMAIL_URL": "filemail:///var/mail/cap"}) == "/var/mail/cap"
    assert _setting("EMAIL_FILE_PATH", {"EMAIL_URL": "filemail://mails/cap"}) == "mails/cap"


def test_the_former_name_of_site_url_is_still_read():
    env = {"PORTAL_BASE_URL": "https://old-name.example.org"}
    assert _setting("SITE_URL", env, without=["SITE_URL"]) == "https://old-name.example.org"
