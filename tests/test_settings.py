"""Settings come from the environment and refuse unsafe production starts."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "courses.example.edu",
    "DATABASE_URL": "sqlite:///:memory:",
}


def run_manage(*args, **env):
    """Run manage.py in a fresh process with only the variables given."""
    base = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_start_without_secret_key_is_refused_in_one_line():
    result = run_manage("check", ALLOWED_HOSTS="courses.example.edu")

    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Soft Landing will not start: set the SECRET_KEY environment variable "
        "(required when DEBUG is off)."
    ]


def test_migrations_are_checked_without_any_secret():
    result = run_manage("makemigrations", "--check", "--dry-run")

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_a_command_that_touches_data_still_wants_the_secret():
    result = run_manage("migrate", "--plan", DATABASE_URL="sqlite:///:memory:")

    assert result.returncode != 0
    assert "set the SECRET_KEY environment variable" in result.stderr


def test_debug_open_to_every_host_is_refused():
    result = run_manage("check", DEBUG="1", ALLOWED_HOSTS="*")

    assert result.returncode != 0
    assert "DEBUG is on and ALLOWED_HOSTS is '*'" in result.stderr


def test_development_starts_without_any_variable():
    result = run_manage("check", DEBUG="1")

    assert result.returncode == 0, result.stderr


def test_deploy_check_is_clean_with_production_variables():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, EMAIL_HOST="smtp.example.edu"
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_when_mail_would_only_reach_the_console():
    result = run_manage("check", "--deploy", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "accounts.W001" in result.stderr + result.stdout
    assert "Set EMAIL_HOST" in result.stderr + result.stdout


def test_sqlite_file_database_is_opened_in_wal_mode(tmp_path):
    result = run_manage(
        "shell",
        "-c",
        "from django.db import connection; c = connection.cursor();"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0]);"
        "print(c.execute('PRAGMA busy_timeout').fetchone()[0]);"
        "print(connection.settings_dict['OPTIONS']['transaction_mode'])",
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'wal.sqlite3'}",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == ["wal", "20000", "IMMEDIATE"]


MAIL_CONNECTION = (
    "import json; from django.conf import settings; from django.core.mail import get_connection;"
    "c = get_connection();"
    "print(json.dumps({'backend': settings.EMAIL_BACKEND, 'from': settings.DEFAULT_FROM_EMAIL,"
    "**{k: getattr(c, k, None) for k in ('host', 'port', 'username', 'password', 'use_tls',"
    "'use_ssl', 'timeout')}}))"
)


def mail_connection(**env):
    """What Django would send mail through, read in a fresh process."""
    result = run_manage("shell", "-c", MAIL_CONNECTION, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_mail_over_smtp_as_the_environment_says():
    connection = mail_connection(
        **PRODUCTION,
        EMAIL_HOST="smtp.example.edu",
        EMAIL_PORT="2525",
        EMAIL_HOST_USER="courses@example.edu",
        EMAIL_HOST_PASSWORD="app-password-123",
        DEFAULT_FROM_EMAIL="Soft Landing <courses@example.edu>",
    )

    assert connection == {
        "backend": "django.core.mail.backends.smtp.EmailBackend",
        "from": "Soft Landing <courses@example.edu>",
        "host": "smtp.example.edu",
        "port": 2525,
        "username": "courses@example.edu",
        "password": "app-password-123",
        "use_tls": True,  # STARTTLS unless told otherwise
        "use_ssl": False,
        "timeout": 10,  # seconds: a stalled server does not hold a request forever
    }


def test_smtp_uses_the_submission_port_and_tls_can_be_turned_off():
    defaults = mail_connection(**PRODUCTION, EMAIL_HOST="smtp.example.edu")
    plain = mail_connection(**PRODUCTION, EMAIL_HOST="relay.internal", EMAIL_USE_TLS="0")

    assert (defaults["port"], defaults["use_tls"]) == (587, True)
    assert (plain["host"], plain["use_tls"]) == ("relay.internal", False)


def test_ssl_and_starttls_together_are_refused_in_one_line():
    result = run_manage(
        "check", **PRODUCTION, EMAIL_HOST="smtp.example.edu", EMAIL_PORT="465", EMAIL_USE_TLS="1"
    )

    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Soft Landing will not start: EMAIL_USE_SSL and EMAIL_USE_TLS are both on: "
        "choose one (SSL on port 465, STARTTLS on 587)."
    ]


def test_port_465_speaks_tls_from_the_start():
    connection = mail_connection(
        **PRODUCTION, EMAIL_HOST="smtp.example.edu", EMAIL_PORT="465", EMAIL_TIMEOUT="30"
    )

    assert (connection["use_ssl"], connection["use_tls"], connection["timeout"]) == (
        True,
        False,
        30,
    )


def test_development_prints_mail_to_the_console():
    connection = mail_connection(DEBUG="1")

    assert connection["backend"] == "django.core.mail.backends.console.EmailBackend"
    assert connection["from"] == "Soft Landing <noreply@localhost>"
