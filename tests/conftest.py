import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from articles.demo import load_demo_newsroom


def pytest_configure(config):
    """On SQLite a test database in a file; a ``replica`` alias mirroring the test database, as
    DATABASE_REPLICA_URL makes in production.

    Tests that exercise the router ask for it with ``databases=["default", "replica"]`` and turn
    the router on with the ``settings`` fixture; everything else never touches it.
    """
    default = django_settings.DATABASES["default"]
    if default["ENGINE"] == "django.db.backends.sqlite3" and not default.get("TEST", {}).get(
        "NAME"
    ):
        # A file, not Django's shared in-memory database: in-memory SQLite fails a second writer
        # at once ("database table is locked") instead of waiting for the lock as a file does,
        # so the concurrency tests need the file to behave as `make run` does.
        default.setdefault("TEST", {})["NAME"] = str(Path(django_settings.VAR_DIR) / "test.sqlite3")
        # A throwaway file needs no flush to disk on every commit.
        default.setdefault("OPTIONS", {})["init_command"] = "PRAGMA synchronous=OFF"
    django_settings.DATABASES.setdefault(
        "replica", {**default, "TEST": {**default.get("TEST", {}), "MIRROR": "default"}}
    )


def pytest_collection_modifyitems(items):
    """Every transactional test puts back the database as the migrations left it
    (``serialized_rollback=True``). Without it, the flush after the test runs ``post_migrate``,
    which makes the content types and permissions again under new ids, and the next test that
    puts the database back collides with them (an IntegrityError on ``django_content_type`` on
    PostgreSQL): a test would pass or fail by which test ran before it."""
    careless = [item.nodeid for item in items if _transactional(item) and not _restores(item)]
    if careless:
        raise pytest.UsageError(
            "Mark transactional tests django_db(transaction=True, serialized_rollback=True): "
            + ", ".join(careless)
        )


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


def _restores(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("serialized_rollback")) or (
        "django_db_serialized_rollback" in getattr(item, "fixturenames", ())
    )


SHARED_STORIES = Path(__file__).resolve().parents[2] / "shared" / "stories"
DEMO_PASSWORD = "demo-test-password-1"


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_newsroom(db):
    load_demo_newsroom(DEMO_PASSWORD)


@pytest.fixture
def shared_stories():
    if not SHARED_STORIES.is_dir():
        pytest.skip(f"{SHARED_STORIES} is not present (it is provided in CI)")
    return SHARED_STORIES


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches (local-memory caches outlive a test)."""
    from django.core.cache import caches

    for store in caches.all():
        store.clear()
    yield
    for store in caches.all():
        store.clear()


ROOT = Path(__file__).resolve().parents[1]


def manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "NEWSROOM_FIELD_ENCRYPTION"))
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
