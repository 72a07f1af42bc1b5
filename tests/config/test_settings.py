"""Configuration: environment variables, production checks, clear errors for bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import database_from_env, env_bool, env_list

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "k" * 20 + "Zq8!mN3#pL0@xV7$wR2%yT5^" + "s" * 20


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_sqlite_in_the_project_folder_by_default(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database_from_env(tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == tmp_path / "db.sqlite3"


def test_database_url_selects_postgresql(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/claimwise")
    config = database_from_env(tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "claimwise"
    assert config["HOST"] == "127.0.0.1"


@pytest.mark.parametrize("url", ["not a url", "nosuchdb://x/y"])
def test_unparsable_database_url_is_refused(monkeypatch, tmp_path, url):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ValueError):
        database_from_env(tmp_path / "db.sqlite3")


def test_booleans_and_lists(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG", default=False) is True
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_FLAG", default=False)
    monkeypatch.setenv("X_HOSTS", " a.org, ,b.org ")
    assert env_list("X_HOSTS", default=[]) == ["a.org", "b.org"]


def test_production_deploy_check_passes_with_required_variables():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="claimwise.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_secret_key_stops_with_one_clear_line():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_ALLOWED_HOSTS="claimwise.example.org",
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "Configuration error: DJANGO_SECRET_KEY must be set to a random string of at least "
        "50 characters in production"
    ]


def test_bad_database_url_stops_with_one_clear_line():
    result = run_manage("check", DATABASE_URL="definitely not a url")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Configuration error: DATABASE_URL is not a usable database address")


def test_postgresql_gets_a_bounded_connection_pool(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/claimwise")
    monkeypatch.setenv("DJANGO_DB_POOL_SIZE", "6")
    config = database_from_env(tmp_path / "db.sqlite3")
    assert config["CONN_MAX_AGE"] == 0  # a pool replaces persistent connections
    assert config["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 6, "timeout": 10.0}


def test_sqlite_waits_its_turn_instead_of_failing(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    options = database_from_env(tmp_path / "db.sqlite3")["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 20
    assert "journal_mode=WAL" in options["init_command"]
