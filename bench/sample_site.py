"""The site that the page and quiz-load benchmarks run against, in a folder of its own.

`build` fills a scratch folder with a term half way through: the bundled
course; a section of 200 students who have read some lessons and taken some
quizzes, as a class would by mid-term; a section of 20 beside it, so that
query counts can be compared; and one instructor who teaches both. Everyone
has a known password, because the benchmarks sign in over HTTP like a
browser. bench/server.py serves it.

SQLite in the folder by default. With `--postgresql`, a database of its
own, `softlanding_bench` on the local server (BENCH_POSTGRES overrides the
server's address): never the developer's database, nor the one the tests
use. Whoever builds it drops it afterwards (`drop-database`).

    .venv/bin/python bench/sample_site.py build WORKDIR [--postgresql] [--shell]
    .venv/bin/python bench/sample_site.py drop-database
"""

import argparse
import io
import json
import os
import random
import shlex
from pathlib import Path

from environment import django_setup

STUDENTS = 200
SMALL_CLASS = 20
STUDENT_PASSWORD = "bench-not-if-when-student"
INSTRUCTOR = "bench-instructor"
INSTRUCTOR_PASSWORD = "bench-not-if-when-instructor"
LOAD_QUIZ_SLUG = "check-the-first-days"  # three attempts allowed: history leaves one free
SEED = 2027
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
POSTGRES_DATABASE = "softlanding_bench"


def build(workdir: Path, *, postgresql: bool = False) -> dict:
    """Create the site in `workdir` and return its manifest (also saved as site.json)."""
    database_url = postgres_database_create() if postgresql else None
    manifest = {"database_url": database_url}
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "site.json").write_text(json.dumps(manifest))
    site_setup(workdir)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    # A static folder another site of the same run collected is used as it is.
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        call_command("collectstatic", verbosity=0, interactive=False)
    call_command("load_course", stdout=io.StringIO())
    with transaction.atomic():
        manifest.update(_people_and_sections())
    (workdir / "site.json").write_text(json.dumps(manifest, indent=2))
    return manifest


def site_setup(workdir: Path) -> dict:
    """Start Django on a built (or half-built) site, as its server does; return the manifest."""
    manifest = json.loads((workdir / "site.json").read_text())
    if manifest["database_url"]:
        os.environ["DATABASE_URL"] = manifest["database_url"]
    # Anonymous pages come from the page cache; cookies travel over plain HTTP.
    os.environ.update(PAGE_CACHE="1", SECURE_COOKIES="0")
    django_setup(workdir, keep_database_url=bool(manifest["database_url"]))
    return manifest


def _people_and_sections() -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.urls import reverse

    from classes.models import Enrollment
    from classes.services import section_create
    from course.models import CoursePage
    from course.selectors import course_items
    from lessons.models import LessonPage
    from quizzes.models import QuizPage

    User = get_user_model()
    course = CoursePage.objects.live().get()
    instructor = User.objects.create_user(
        username=INSTRUCTOR,
        email=f"{INSTRUCTOR}@example.edu",
        password=INSTRUCTOR_PASSWORD,
        first_name="Ines",
        last_name="Okafor",
        is_staff=True,
    )
    instructor.groups.add(Group.objects.get(name="Instructors"))
    # One hash for every student: hashing is slow on purpose, 0.3 s each.
    password = make_password(STUDENT_PASSWORD)
    usernames = [f"bench-student-{n:03d}" for n in range(1, STUDENTS + SMALL_CLASS + 1)]
    User.objects.bulk_create(
        User(username=name, email=f"{name}@example.edu", password=password, first_name=name)
        for name in usernames
    )
    students = list(User.objects.filter(username__in=usernames).order_by("username"))
    large, small = (
        section_create(course=course, name=name, term="Spring 2027", instructors=[instructor])
        for name in ("CAREER 101 — Spring 2027 — 01", "CAREER 101 — Spring 2027 — 02")
    )
    Enrollment.objects.bulk_create(
        Enrollment(section=large if index < STUDENTS else small, student=student)
        for index, student in enumerate(students)
    )
    _mid_term(students, course_items(course=course))
    quiz = QuizPage.objects.live().child_of(course).get(slug=LOAD_QUIZ_SLUG)
    return {
        "static": staticfiles_storage.url("css/site.css"),
        "lesson": LessonPage.objects.live().child_of(course).order_by("path")[2].url,
        "dashboard": reverse("dashboard"),
        "gradebook": reverse("classes_section:gradebook", args=[large.pk]),
        "gradebook_small": reverse("classes_section:gradebook", args=[small.pk]),
        "quiz": {"id": quiz.pk, "url": quiz.url},
        "students": usernames[:STUDENTS],
        "student_password": STUDENT_PASSWORD,
        "instructor": INSTRUCTOR,
        "instructor_password": INSTRUCTOR_PASSWORD,
    }


def _mid_term(students, items):
    """Each student's work so far, as the services would have stored it, written in bulk.

    A fixed seed decides how far into the course each student got, how
    able they are, and which questions they missed; each quiz reached was
    taken once or twice, graded by the quiz's own rules.
    """
    from datetime import timedelta

    from django.utils import timezone

    from classes.demo import demo_answer
    from lessons.models import LessonCompletion, LessonPage
    from quizzes import grading
    from quizzes.models import Attempt, Response
    from quizzes.services import attempt_scored, questions_presented

    chance = random.Random(SEED)
    submitted = timezone.now() - timedelta(days=1)
    presented, completions, attempts = {}, [], []
    for student in students:
        skill = chance.uniform(0.35, 0.95)
        for item in items[: chance.randint(0, len(items))]:
            if isinstance(item, LessonPage):
                completions.append(LessonCompletion(student=student, lesson=item))
                continue
            questions = presented.setdefault(item.pk, questions_presented(item, seed=0))
            for number in range(1, chance.choice([1, 1, 2]) + 1):
                attempt = Attempt(
                    student=student,
                    quiz=item,
                    number=number,
                    state=Attempt.State.SUBMITTED,
                    started_at=submitted - timedelta(minutes=15),
                    submitted_at=submitted,
                    pass_mark=item.pass_mark,
                    revision_id=item.live_revision_id,
                    seed=0,
                    questions=questions,
                )
                responses = [
                    Response(
                        question_key=entry["key"],
                        position=position,
                        answer=grading.validate_answer(
                            entry["question"],
                            demo_answer(
                                entry["question"], right=chance.random() < skill, chance=chance
                            ),
                        ),
                        version=1,
                    )
                    for position, entry in enumerate(questions, start=1)
                ]
                attempts.append((attempt, attempt_scored(attempt=attempt, responses=responses)))
    LessonCompletion.objects.bulk_create(completions)
    Attempt.objects.bulk_create(attempt for attempt, _responses in attempts)
    for attempt, responses in attempts:
        for response in responses:
            response.attempt = attempt
    Response.objects.bulk_create(response for _attempt, rows in attempts for response in rows)


def postgres_database_create() -> str:
    """An empty `softlanding_bench` (dropped first if a run left it); return its URL."""
    postgres_database_drop()
    with _postgres() as server:
        server.execute(f'CREATE DATABASE "{POSTGRES_DATABASE}"')
    return f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"


def postgres_database_drop() -> None:
    with _postgres() as server:
        server.execute(f'DROP DATABASE IF EXISTS "{POSTGRES_DATABASE}" WITH (FORCE)')


def _postgres():
    import psycopg

    return psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    building = commands.add_parser("build", help="create the site in WORKDIR")
    building.add_argument("workdir", type=Path)
    building.add_argument("--postgresql", action="store_true", help="in softlanding_bench")
    building.add_argument("--shell", action="store_true", help="print the manifest for eval")
    commands.add_parser("drop-database", help="drop softlanding_bench")
    args = parser.parse_args()
    if args.command == "build":
        manifest = build(args.workdir, postgresql=args.postgresql)
        if args.shell:
            print(shell_variables(manifest))
    else:
        postgres_database_drop()


def shell_variables(manifest: dict) -> str:
    """The manifest's pages and accounts as `NAME=value` lines a shell can eval."""
    values = {
        "STATIC": manifest["static"],
        "LESSON": manifest["lesson"],
        "DASHBOARD": manifest["dashboard"],
        "GRADEBOOK": manifest["gradebook"],
        "STUDENT": manifest["students"][0],
        "STUDENT_PASSWORD": manifest["student_password"],
        "INSTRUCTOR": manifest["instructor"],
        "INSTRUCTOR_PASSWORD": manifest["instructor_password"],
    }
    return "\n".join(f"{name}={shlex.quote(value)}" for name, value in values.items())


if __name__ == "__main__":
    main()
