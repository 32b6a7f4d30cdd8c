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
