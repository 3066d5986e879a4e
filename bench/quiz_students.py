"""A class taking one quiz at the same time: the students that bench/quiz_load.py sends.

Each simulated student signs in through the sign-in form, from a loopback
address of their own (127.1.x.y), as every phone and laptop in a class has
its own: allauth counts sign-ins per address, and a hundred from a single
address would trip a limit that is there against password guessing, not
against a class. Then they open the quiz, start it, give one answer every
few seconds through the page's autosave (going back to change two earlier
answers, as people do), submit with a double click, and read their result.

When the test stops, two things are written as JSON to QUIZ_LOAD_RECORD
for quiz_load.py: every request (name, milliseconds, failure), and what the
server acknowledged to each student (their attempt, the last saved answer
and version per question, when the second click of the submit was sent),
to compare with the database. QUIZ_LOAD_SITE names the site's manifest
(site.json, from sample_site.py). The last student to finish ends the test.
"""

import itertools
import json
import os
import random
import time
from html.parser import HTMLParser
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task
from urllib3 import PoolManager

SITE = json.loads(Path(os.environ["QUIZ_LOAD_SITE"]).read_text())
CHANGED_ANSWERS = 2  # earlier answers each student goes back to change
SHORT_ANSWERS = ["a warm introduction", "one clear ask", "a connection, not a contact", "yes"]
RECORDS = []  # one per student, filled in as the server acknowledges
REQUESTS = []  # [name, milliseconds, failure or None, when it ended]
_numbers = itertools.count(1)


class AttemptPage(HTMLParser):
    """The questions on an attempt page: for each key, its type, the values
    its inputs offer (choice questions) and the version the page was given."""

    def __init__(self, html):
        super().__init__()
        self.questions = {}
        self._current = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name") or ""
        if tag == "fieldset" and "data-question" in attrs:
            self._current = {"type": attrs["data-type"], "options": [], "version": 0}
            self.questions[attrs["data-question"]] = self._current
        elif tag == "input" and self._current is not None:
            if name.startswith("v-"):
                self._current["version"] = int(attrs["value"])
            elif name.startswith("q-") and attrs.get("type") in ("radio", "checkbox"):
                self._current["options"].append(attrs["value"])


def an_answer(question):
    """Something a student might answer: any valid value, right or wrong."""
    kind, options = question["type"], question["options"]
    if kind in ("single_choice", "true_false"):
        return random.choice(options)
    if kind == "multiple_answer":
        return random.sample(options, random.randint(1, len(options)))
    if kind == "numeric":
        return str(random.randint(0, 100))
    return random.choice(SHORT_ANSWERS)


class Student(HttpUser):
    wait_time = between(2, 5)  # seconds between two answers

    def __init__(self, environment):
        number = next(_numbers)
        self.username = SITE["students"][number - 1]
        self.pool_manager = PoolManager(
            source_address=(f"127.1.{number // 256}.{number % 256}", 0)
        )
        super().__init__(environment)

    def on_start(self):
        self.record = {"student": self.username, "attempt": None, "answers": {}}
        RECORDS.append(self.record)
        self.plan = []
        self.done = False
        if not (self.sign_in() and self.start_quiz()):
            self.finish()

    def sign_in(self):
        if not self._get("/accounts/login/", name="sign-in page"):
            return False
        form = {"login": self.username, "password": SITE["student_password"]}
        return self._post("/accounts/login/", form, name="sign in", to="/dashboard/") and (
            self._get("/dashboard/", name="dashboard")
        )

    def start_quiz(self):
        if not self._get(SITE["quiz"]["url"], name="quiz page"):
            return False
        start = f"/quizzes/{SITE['quiz']['id']}/start/"
        attempt_url = self._post(start, {}, name="start quiz", to="/quizzes/attempts/")
        if not attempt_url:
            return False
        self.record["attempt"] = int(attempt_url.rstrip("/").rsplit("/", 1)[1])
        page = self._get(attempt_url, name="attempt page")
        if not page:
            return False
        self.questions = AttemptPage(page.text).questions
        keys = list(self.questions)
        self.plan = keys + random.sample(keys, min(CHANGED_ANSWERS, len(keys)))
        return True

    @task
    def answer_next(self):
        if self.done:
            return
        if not self.plan:
            self.submit()
            self.finish()
            return
        key = self.plan.pop(0)
        question = self.questions[key]
        answer = an_answer(question)
        with self.client.post(
            f"/quizzes/attempts/{self.record['attempt']}/answer/",
            json={"question": key, "answer": answer, "version": question["version"]},
            headers={"X-CSRFToken": self.client.cookies.get("csrftoken", "")},
            name="autosave",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {response.text[:200]}")
                return
            question["version"] = response.json()["version"]
            question["answer"] = answer
            self.record["answers"][key] = [answer, question["version"]]

    def submit(self):
        """The form's Submit button pressed twice: the second press must change nothing."""
        url = f"/quizzes/attempts/{self.record['attempt']}/submit/"
        form = {"confirm": "1"}
        for key, question in self.questions.items():
            form[f"v-{key}"] = question["version"]
            if "answer" in question:
                form[f"q-{key}"] = question["answer"]
        if not self._post(url, form, name="submit", to="/result/"):
            return
        self.record["second_submit_sent_at"] = time.time()
        result = self._post(url, form, name="submit again", to="/result/")
        if result:
            self.record["submitted"] = True
            self._get(result, name="result page")

    def finish(self):
        """Stop sending; the last student to get here ends the test."""
        self.done = True
        self.record["done"] = True
        if all(record.get("done") for record in RECORDS) and (
            len(RECORDS) == self.environment.parsed_options.num_users
        ):
            gevent.spawn(self.environment.runner.quit)

    def _get(self, url, *, name):
        response = self.client.get(url, name=name)
        return response if response.status_code == 200 else None

    def _post(self, url, form, *, name, to):
        """POST a form as the browser does; return where it redirected, if to `to`
        (anything else counts as this request failing)."""
        form = {**form, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        with self.client.post(
            url, form, name=name, allow_redirects=False, catch_response=True
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code == 302 and to in location:
                return location
            response.failure(f"expected a redirect to {to}, got {response.status_code}")
            return None


@events.request.add_listener
def count_request(name, response_time, exception, **kwargs):
    failure = None if exception is None else str(exception)[:200]
    REQUESTS.append([name, response_time, failure, time.time()])


@events.test_stop.add_listener
def write_records(environment, **kwargs):
    record = {"students": RECORDS, "requests": REQUESTS}
    Path(os.environ["QUIZ_LOAD_RECORD"]).write_text(json.dumps(record))
