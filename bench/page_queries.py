"""Database queries per page of the benchmark site, counted through Django's test client.

A page's speed under load follows mostly from what it asks the database,
so bench/pages.sh prints these counts beside its figures. Each page is
fetched once to warm the caches, as the server's workers are warm, and
counted on the second request. The gradebook is counted for the 20-student
section and for the 200-student one: the two counts must be equal.

    .venv/bin/python bench/page_queries.py WORKDIR [--shell]
"""

import argparse
from pathlib import Path

from sample_site import site_setup


def page_queries(manifest: dict) -> dict:
    """Queries per page by name, as the site's own visitors would cause them."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    User = get_user_model()
    anonymous, student, instructor = Client(), Client(), Client()
    student.force_login(User.objects.get(username=manifest["students"][0]))
    instructor.force_login(User.objects.get(username=manifest["instructor"]))
    return {
        "STATIC": _queries(anonymous, manifest["static"]),
        "LESSON_ANONYMOUS": _queries(anonymous, manifest["lesson"]),
        "LESSON_SIGNED_IN": _queries(student, manifest["lesson"]),
        "DASHBOARD": _queries(student, manifest["dashboard"]),
        "GRADEBOOK": _queries(instructor, manifest["gradebook"]),
        "GRADEBOOK_SMALL": _queries(instructor, manifest["gradebook_small"]),
    }


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workdir", type=Path, help="a site made by sample_site.py build")
    parser.add_argument("--shell", action="store_true", help="print Q_<PAGE>=N lines for eval")
    args = parser.parse_args()
    counts = page_queries(site_setup(args.workdir))
    for name, count in counts.items():
        print(f"Q_{name}={count}" if args.shell else f"{name.lower():<20}{count:>4}")


if __name__ == "__main__":
    main()
