"""A class of 100 taking the same quiz at once, against SQLite and then PostgreSQL.

For each database it builds the benchmark site (sample_site.py), serves it
with gunicorn (sync workers: 2, or WEB_CONCURRENCY; production settings, DEBUG off) on
127.0.0.1, and sends locust's simulated students (quiz_students.py) at it,
headless and bounded in time: they sign in, start the same quiz, autosave
an answer every few seconds, and submit. It prints throughput, the 95th
percentile per request type and the failures, then checks the database
against what the server acknowledged:

- every autosaved answer is stored, at the version last acknowledged;
- every attempt was graded exactly once: one new attempt per student,
  submitted, its score equal to a fresh grading of its saved answers, and
  left alone by the second click of the submit button;
- the server logged no "database is locked" and no server error.

PostgreSQL runs in a database of its own (`softlanding_bench`), dropped
afterwards. Each database is benchmarked in its own process.

    .venv/bin/python bench/quiz_load.py [--students 100] [--spawn-rate 2] [--run-time 240]
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sample_site import build, postgres_database_drop
from server import WORKERS, serving

HERE = Path(__file__).resolve().parent
REQUESTS = [  # in the order a student sends them
    "sign-in page",
    "sign in",
    "dashboard",
    "quiz page",
    "start quiz",
    "attempt page",
    "autosave",
    "submit",
    "submit again",
    "result page",
]
AUTOSAVE_P95_TARGET = 300  # ms, on PostgreSQL


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--spawn-rate", type=float, default=2, help="students arriving per second")
    parser.add_argument("--run-time", type=int, default=240, help="seconds at most, per database")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--static", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    backends = args.backend or ["sqlite", "postgresql"]
    if len(backends) == 1:
        with tempfile.TemporaryDirectory() as tmp:
            run(Path(tmp), args, postgresql=backends == ["postgresql"])
        return
    with tempfile.TemporaryDirectory() as static:  # collected once, for every database
        for backend in backends:
            command = [sys.executable, __file__, "--backend", backend, "--static", static]
            command += ["--students", str(args.students), "--spawn-rate", str(args.spawn_rate)]
            command += ["--run-time", str(args.run_time)]
            subprocess.run(command, check=True)


def run(workdir, args, *, postgresql):
    if args.static:
        (workdir / "static").symlink_to(args.static)
    try:
        load(workdir, args, postgresql=postgresql)
    finally:
        if postgresql:
            from django.db import connections

            connections.close_all()
            postgres_database_drop()


def load(workdir, args, *, postgresql):
    """Build the site, send the students, and report."""
    manifest = build(workdir, postgresql=postgresql)
    manifest["students"] = manifest["students"][: args.students]
    (workdir / "load.json").write_text(json.dumps(manifest))
    from django.db import connection, connections

    connections.close_all()
    load_started = datetime.now(UTC)
    with serving(workdir, manifest) as server:
        cpu_before = server.cpu_seconds()
        command = [sys.executable, "-m", "locust", "-f", str(HERE / "quiz_students.py")]
        command += ["--headless", "--only-summary", "--loglevel", "ERROR"]
        command += ["--host", server.address]
        command += ["--users", str(args.students), "--spawn-rate", str(args.spawn_rate)]
        command += ["--run-time", f"{args.run_time}s"]
        environment = {
            **os.environ,
            "QUIZ_LOAD_SITE": str(workdir / "load.json"),
            "QUIZ_LOAD_RECORD": str(workdir / "acknowledged.json"),
        }
        with open(workdir / "locust.log", "wb") as log:
            subprocess.run(command, env=environment, stdout=log, stderr=log, cwd=HERE)
        cpu = server.cpu_seconds() - cpu_before
    acknowledged = json.loads((workdir / "acknowledged.json").read_text())
    options = os.environ.get("GUNICORN_CMD_ARGS", "")
    gunicorn = f"gunicorn, {WORKERS} sync workers {options}".strip()
    print(
        f"\n{connection.vendor}: {args.students} students arriving {args.spawn_rate:g}/s;"
        f" {gunicorn}, DEBUG off; {os.cpu_count()} CPUs, load average"
        f" {' '.join(f'{load:.1f}' for load in os.getloadavg())}"
    )
    p95 = report_requests(acknowledged["requests"])
    requests = len(acknowledged["requests"])
    print(
        f"server CPU: {cpu:.0f} s for {requests} requests ({1000 * cpu / requests:.0f} ms each,"
        " each sign-in's password check included)"
    )
    checks = database_checks(
        acknowledged["students"], quiz_id=manifest["quiz"]["id"], since=load_started
    )
    checks += server_log_checks((workdir / "server.log").read_text())
    print("checks")
    for name, value, ok in checks:
        print(f"  {name:<44}{value:>14}   {'ok' if ok else 'FAILED'}")
    autosave = p95.get("autosave")
    target = f"target: p95 autosave < {AUTOSAVE_P95_TARGET} ms"
    if postgresql and autosave is not None:
        verdict = "ok" if autosave < AUTOSAVE_P95_TARGET else "MISSED"
        print(f"{target} on PostgreSQL: {autosave:.0f} ms, {verdict}")


def report_requests(requests) -> dict:
    """Print count, failures and latency per request type; return p95 (ms) by type."""
    by_name = {}
    for name, milliseconds, failure, _ended in requests:
        by_name.setdefault(name, []).append((milliseconds, failure))
    by_name = {name: by_name[name] for name in REQUESTS if name in by_name}
    by_name["all"] = [(milliseconds, failure) for _n, milliseconds, failure, _e in requests]
    print(f"{'request':<16}{'count':>7}{'failed':>8}{'median ms':>11}{'p95 ms':>8}{'max ms':>8}")
    p95 = {}
    for name, rows in by_name.items():
        times = sorted(milliseconds for milliseconds, _failure in rows)
        p95[name] = (
            times[-1]
            if len(times) < 2
            else statistics.quantiles(times, n=20, method="inclusive")[-1]
        )
        failed = sum(1 for _milliseconds, failure in rows if failure)
        print(
            f"{name:<16}{len(times):>7}{failed:>8}{statistics.median(times):>11.0f}"
            f"{p95[name]:>8.0f}{times[-1]:>8.0f}"
        )
    seconds = max(ended for *_rest, ended in requests) - min(
        ended - milliseconds / 1000 for _name, milliseconds, _failure, ended in requests
    )
    print(f"throughput: {len(requests) / seconds:.1f} requests/s over {seconds:.0f} s")
    for failure, count in Counter(f for _n, _m, f, _e in requests if f).most_common(5):
        print(f"  {count} x {failure}")
    # While students arrive, each sign-in checks a password (accounts.hashers) and an
    # autosave may wait for a free worker; once all are in the quiz, it need not.
    arrived = max(
        (ended for name, _m, _f, ended in requests if name == "attempt page"), default=math.inf
    )
    after = sorted(
        milliseconds
        for name, milliseconds, _failure, ended in requests
        if name == "autosave" and ended - milliseconds / 1000 > arrived
    )
    if len(after) > 1:
        late = statistics.quantiles(after, n=20, method="inclusive")[-1]
        print(f"autosave once every student was in the quiz: p95 {late:.0f} ms ({len(after)})")
    return p95


def database_checks(records, *, quiz_id, since):
    """What the database holds against what the server acknowledged, as (name, value, ok)."""
    from quizzes import grading
    from quizzes.models import Attempt

    usernames = [record["student"] for record in records]
    attempts = {}
    for attempt in Attempt.objects.filter(
        quiz_id=quiz_id, started_at__gte=since, student__username__in=usernames
    ).prefetch_related("responses"):
        attempts.setdefault(attempt.student_id, []).append(attempt)
    by_id = {attempt.pk: attempt for found in attempts.values() for attempt in found}
    finished = sum(1 for record in records if record.get("submitted"))
    saved = missing = graded = 0
    for record in records:
        attempt = by_id.get(record["attempt"])
        if attempt is None:
            missing += len(record["answers"])
            continue
        snapshots = {entry["key"]: entry["question"] for entry in attempt.questions}
        stored = {response.question_key: response for response in attempt.responses.all()}
        for key, (answer, version) in record["answers"].items():
            response = stored.get(key)
            expected = grading.validate_answer(snapshots[key], answer)
            if response and response.answer == expected and response.version == version:
                saved += 1
            else:
                missing += 1
        if record.get("submitted") and _graded_once(attempt, record):
            graded += 1
    one_each = sum(1 for found in attempts.values() if len(found) == 1)
    return [
        ("students who submitted", f"{finished} / {len(records)}", finished == len(records)),
        ("one new attempt per student", f"{one_each} / {len(records)}", one_each == len(records)),
        ("autosaved answers stored as acknowledged", f"{saved} / {saved + missing}", not missing),
        ("attempts graded exactly once", f"{graded} / {finished}", graded == finished),
    ]


def _graded_once(attempt, record):
    """Submitted, scored as its saved answers deserve, and graded before the second click."""
    from quizzes.models import Attempt
    from quizzes.services import attempt_scored

    responses = list(attempt.responses.all())
    stored = [(response.correct, response.points) for response in responses]
    score = attempt.score
    fresh = attempt_scored(attempt=attempt, responses=responses)
    second_click = datetime.fromtimestamp(record["second_submit_sent_at"], UTC)
    return (
        attempt.state == Attempt.State.SUBMITTED
        and attempt.submitted_at < second_click
        and score == attempt.score
        and stored == [(response.correct, response.points) for response in fresh]
    )


def server_log_checks(log):
    locked = log.count("database is locked")
    errors = log.count("Internal Server Error")
    return [
        ('"database is locked" in the server log', str(locked), locked == 0),
        ("server errors in the server log", str(errors), errors == 0),
    ]


if __name__ == "__main__":
    main()
