"""Page-speed figures for Soft Landing, as ratios that hold on a noisy machine.

Builds a throwaway SQLite site with the bundled course (production settings,
DEBUG off), then times pages through Django's test client in this one
process. Each page is reported against a static file served by WhiteNoise
from the same process, the cheapest response the stack can give, so a
slower or busier machine moves both sides alike. Queries are counted too.

    make bench            # or: .venv/bin/python bench/run.py [--seconds 2]
"""

import argparse
import io
import tempfile
import time
from pathlib import Path

from environment import django_setup


def configure(workdir):
    django_setup(workdir)
    from django.core.management import call_command

    quiet = io.StringIO()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("load_course", stdout=quiet)


def rate(client, url, seconds):
    """Requests per second for `url`, after one warm-up request."""
    assert client.get(url).status_code == 200, url
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        client.get(url)
        count += 1
    return count / (time.perf_counter() - start)


def queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time per page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        configure(Path(tmp))
        from django.contrib.staticfiles.storage import staticfiles_storage
        from django.test import Client

        from lessons.models import LessonPage

        client = Client()
        static = staticfiles_storage.url("css/site.css")
        lesson = LessonPage.objects.live().order_by("path")[2]
        pages = {
            "catalog": "/",
            "course page": lesson.get_parent().url,
            "lesson page": lesson.url,
        }
        reference = rate(client, static, args.seconds)
        print(f"{'static file (reference)':<26}{reference:>9.0f} req/s   1.000")
        for name, url in pages.items():
            measured = rate(client, url, args.seconds)
            print(
                f"{name:<26}{measured:>9.0f} req/s   {measured / reference:.3f}"
                f"   {queries(client, url)} queries"
            )


if __name__ == "__main__":
    main()
