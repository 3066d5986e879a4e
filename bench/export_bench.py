"""Grade-export figures: seconds, peak memory and queries per format, small class and large.

Builds a throwaway database holding one course (12 quizzes of three
questions and four lessons by default) and two sections of it: 50 students,
and 5,000 students who each took every quiz twice. Then, for every export
format and for reading the gradebook's rows, it reports:

- seconds to produce the whole file for the large section;
- peak Python memory while doing so (tracemalloc, in a second run, since
  tracing slows Python down);
- the file's size;
- the queries run for the small section and for the large one, which must
  be the same number.

SQLite always (a file in a temporary folder, production settings); also
PostgreSQL when `DATABASE_URL` is set, in a database of its own that is
dropped afterwards. Each database is benchmarked in its own process.

    .venv/bin/python bench/export_bench.py [--students 5000] [--quizzes 12]
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

from environment import django_setup

SMALL_CLASS = 50
ATTEMPTS_EACH = 2
LESSONS = 4
BATCH = 5000  # rows per bulk insert
FIRST_NAMES = ["Ana", "Sam", "Zoë", "秀英", "ليلى", "Jean-Luc", "Nnamdi", "Åsa", "Priya", "Kai"]
LAST_NAMES = ["de la Cruz", "Rivera", "Ñúñez", "王", "حداد", "O'Brien", "Okafor", "Lund", "Rao"]
TARGETS = {  # seconds, peak MB, from the issue; None where it sets none
    "canvas": (5, 250),
    "csv": (5, 250),
    "xlsx": (15, None),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=5000, help="the large section's size")
    parser.add_argument("--quizzes", type=int, default=12)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.backend:
        run(args)
        return
    backends = ["sqlite", "postgresql"] if os.environ.get("DATABASE_URL") else ["sqlite"]
    for backend in backends:
        command = [sys.executable, __file__, "--backend", backend]
        command += ["--students", str(args.students), "--quizzes", str(args.quizzes)]
        subprocess.run(command, check=True)


def run(args):
    with tempfile.TemporaryDirectory() as tmp:
        configure(Path(tmp), postgres=args.backend == "postgresql")
        from django.db import connection

        try:
            small, large = build(students=args.students, quizzes=args.quizzes)
            attempts = args.students * args.quizzes * ATTEMPTS_EACH
            print(
                f"\n{connection.vendor}: {args.students:,} students x {args.quizzes} quizzes"
                f" x {ATTEMPTS_EACH} attempts ({attempts:,} attempts), one process, "
                f"{os.cpu_count()} CPUs"
            )
            report(small=small, large=large)
        finally:
            if args.backend == "postgresql":
                connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def configure(workdir, *, postgres):
    django_setup(workdir, keep_database_url=postgres)
    from django.conf import settings
    from django.test.utils import override_settings

    # The gradebook page links the admin's static files; read them uncollected.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    from django.core.management import call_command
    from django.db import connection

    if postgres:
        # A database of its own, never one a test run might be using.
        connection.settings_dict["TEST"]["NAME"] = f"bench_exports_{os.getpid()}"
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        call_command("migrate", verbosity=0)


def build(*, students, quizzes):
    """The course and its two sections, written in bulk; returns (small, large)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from classes.models import Enrollment
    from lessons.models import LessonCompletion
    from quizzes.models import Attempt, Response
    from quizzes.services import questions_presented
    from tests.factories import make_course, make_lesson, make_quiz, make_section, single_choice

    started = time.perf_counter()
    rng = random.Random(2027)
    course = make_course(title="Not If. When.")
    lessons = [make_lesson(course, title=f"Lesson {n}") for n in range(1, LESSONS + 1)]
    quiz_pages = [
        make_quiz(
            course,
            [
                single_choice(f"Question {q} of quiz {n}?", [("No", False), ("Yes", True)])
                for q in range(1, 4)
            ],
            title=f"Check {n}",
        )
        for n in range(1, quizzes + 1)
    ]
    small = make_section(course, name="CAREER 101 — Spring 2027 — 01")
    large = make_section(course, name="CAREER 101 — Spring 2027 — 02")

    User = get_user_model()
    total = SMALL_CLASS + students
    _bulk(
        User,
        (
            User(
                username=f"student{n}",
                email=f"student{n}@example.edu",
                first_name=rng.choice(FIRST_NAMES),
                last_name=f"{rng.choice(LAST_NAMES)} {n}",
                password="!",  # unusable: nobody signs in as these
            )
            for n in range(total)
        ),
    )
    user_ids = list(
        User.objects.filter(username__startswith="student").values_list("pk", flat=True)
    )
    _bulk(
        Enrollment,
        (
            Enrollment(
                section=small if index < SMALL_CLASS else large,
                student_id=user_id,
                sis_user_id=f"S{user_id:07d}" if index % 3 else "",
                sis_login_id=f"login{user_id}",
            )
            for index, user_id in enumerate(user_ids)
        ),
    )
    _bulk(
        LessonCompletion,
        (
            LessonCompletion(student_id=user_id, lesson=lesson)
            for user_id in user_ids
            for lesson in lessons[: rng.randint(0, LESSONS)]
        ),
    )
    now = timezone.now()
    presented = {quiz.pk: questions_presented(quiz, seed=0) for quiz in quiz_pages}
    for quiz in quiz_pages:
        rights = {}  # attempt key -> questions answered right, to write its responses

        def attempts(quiz=quiz, rights=rights):
            for user_id in user_ids:
                for number in range(1, ATTEMPTS_EACH + 1):
                    right = [rng.random() < 0.7 for _ in presented[quiz.pk]]
                    rights[(user_id, number)] = right
                    percent = 100 * sum(right) / len(right)
                    yield Attempt(
                        student_id=user_id,
                        quiz=quiz,
                        number=number,
                        state=Attempt.State.SUBMITTED,
                        started_at=now - timedelta(days=10 - number),
                        submitted_at=now - timedelta(days=10 - number, minutes=-12),
                        score=float(sum(right)),
                        max_score=float(len(right)),
                        percent=percent,
                        passed=percent >= quiz.pass_mark,
                        pass_mark=quiz.pass_mark,
                        revision_id=quiz.live_revision_id,
                        seed=0,
                        questions=presented[quiz.pk],
                    )

        _bulk(Attempt, attempts())
        ids = Attempt.objects.filter(quiz=quiz).values_list("pk", "student_id", "number")
        _bulk(
            Response,
            (
                Response(
                    attempt_id=pk,
                    question_key=question["key"],
                    position=position,
                    answer="c1" if right else "c0",
                    readable_answer="Yes" if right else "No",
                    correct=1.0 if right else 0.0,
                    points=1.0 if right else 0.0,
                )
                for pk, user_id, number in ids.iterator(chunk_size=BATCH)
                for position, (question, right) in enumerate(
                    zip(presented[quiz.pk], rights[(user_id, number)], strict=True), start=1
                )
            ),
        )
    print(f"built the data in {time.perf_counter() - started:.0f} s")
    return small.pk, large.pk


def _bulk(model, objects):
    batch = []
    for item in objects:
        batch.append(item)
        if len(batch) == BATCH:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)


def report(*, small, large):
    from classes.exports import EXPORT_FORMATS

    print(f"{'what':<16}{'seconds':>9}{'peak MB':>10}{'file MB':>9}{'queries':>10}    target")
    for name in [*EXPORT_FORMATS, "gradebook rows", "gradebook page"]:
        started = time.perf_counter()
        size = produce(name, large)
        seconds = time.perf_counter() - started
        tracemalloc.start()
        queries_large = queries(name, large)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        queries_small = queries(name, small)
        file_mb = "" if name.startswith("gradebook") else f"{size / 1e6:.1f}"
        print(
            f"{name:<16}{seconds:>9.2f}{peak:>10.1f}{file_mb:>9}"
            f"{f'{queries_small} / {queries_large}':>10}    "
            f"{verdict(name, seconds, peak, queries_small == queries_large)}"
        )
    print(f"queries: for {SMALL_CLASS} students / for the large section")


def produce(name, section_id) -> int:
    """Run one export (or read the gradebook's rows) as a download would; return its size."""
    from classes.exports import export_chunks
    from classes.gradebook import section_gradebook
    from classes.models import Section

    section = Section.objects.select_related("course").get(pk=section_id)
    if name == "gradebook rows":
        return sum(1 for _row in section_gradebook(section=section).rows())
    if name == "gradebook page":
        return len(gradebook_page(section))
    return sum(len(chunk) for chunk in export_chunks(section=section, format=name))


def gradebook_page(section) -> bytes:
    """The first page of the instructor's gradebook, rendered as an admin would see it."""
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from classes.instructor_views import GradebookView

    request = RequestFactory().get(f"/admin/classes/{section.pk}/gradebook/")
    request.user = get_user_model()(username="bench", is_superuser=True, is_active=True)
    response = GradebookView.as_view()(request, pk=section.pk)
    return response.render().content


def queries(name, section_id) -> int:
    """Queries `produce` runs, leaving out the one that loads the section."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        produce(name, section_id)
    return len(captured) - 1


def verdict(name, seconds, megabytes, flat):
    seconds_target, memory_target = TARGETS.get(name, (None, None))
    parts = []
    if seconds_target:
        parts.append(f"< {seconds_target} s {'ok' if seconds < seconds_target else 'MISSED'}")
    if memory_target:
        parts.append(f"< {memory_target} MB {'ok' if megabytes < memory_target else 'MISSED'}")
    parts.append("flat" if flat else "GROWS")
    return ", ".join(parts)


if __name__ == "__main__":
    main()
