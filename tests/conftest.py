import os
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.test import override_settings
from django.test.testcases import LiveServerThread

from tests.factories import make_course, make_instructor, make_section
from tests.live_server import TurnTakingWSGIServer
from tests.lti_platform import FakePlatform

LiveServerThread.server_class = TurnTakingWSGIServer


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Passwords are hashed with MD5 in tests: production's PBKDF2 takes a
    third of a second of CPU per password, and the suite makes thousands of
    accounts. Tests of sign-in limits count tries, not time; tests that hand
    accounts to another process (a real server) switch the real hashers on."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def caches_in_memory(settings):
    """Without Redis the shared caches are files under the repository's data
    folder (sessions and sign-in counters in one, the page cache and its
    content version in the other); tests keep them in memory instead, beside
    each worker's own memo of versioned entries, and start each test with
    all three empty."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
        "versioned": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "versioned",
        },
    }
    caches["pages"].clear()
    caches["versioned"].clear()
    cache.clear()  # shared fragments, outlines and routes of an earlier test's pages


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a fresh folder per test, never into the repo."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def exports_storage(settings, tmp_path):
    """Background export files go to a fresh private folder per test, apart
    from media and never into the repository's data folder."""
    location = tmp_path / "exports"
    settings.STORAGES = {
        **settings.STORAGES,
        "exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location},
        },
    }
    return location


@pytest.fixture(autouse=True)
def plain_static_files(settings, tmp_path):
    """Production settings expect collected, hashed static files; tests read
    them straight from the app folders instead."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_collection_modifyitems(config, items):
    """Tests marked `two_servers` start app servers that share the database,
    which only a database server can be: they run where the suite runs on
    PostgreSQL (as CI does) and are left out of the run on SQLite."""
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return
    left_out = [item for item in items if item.get_closest_marker("two_servers")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if item not in left_out]


BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Skipped where it is not
    installed, except in CI, where a browser test that cannot run fails."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: browser tests are required in CI.")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own
    # database calls are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
            yield chromium
            chromium.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def screenshots():
    """Where browser tests leave pictures of what they saw (git-ignored)."""
    folder = Path(__file__).resolve().parent.parent / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def fresh_cache():
    """An empty cache before and after the test: join-code guesses and allauth's
    rate limits are counted there, and must not leak from one test to the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def platform(monkeypatch):
    """A fake LMS (`tests.lti_platform`) answering every request our code
    sends it, and failing every other, so no LTI test reaches the network."""
    return FakePlatform().install(monkeypatch)


@pytest.fixture
def registration(platform):
    """The fake LMS registered with us as an admin does, its deployment active."""
    return platform.register()


@pytest.fixture
def course():
    """A course of its own, for tests that need one and say no more of it."""
    return make_course(title="Not If. When.")


@pytest.fixture
def ines():
    """An instructor ("Ines Teacher")."""
    return make_instructor("ines")


@pytest.fixture
def section(course, ines):
    """A section of `course` that Ines teaches."""
    return make_section(course, instructors=[ines])
