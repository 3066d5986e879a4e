"""When the LMS does not take a grade, the worker tries again, waiting longer
each time; after the last try the instructor sees the grade as failed, with
what went wrong, and a button that sends it again.

The platform's failures are in-process (`tests.lti_platform`): an HTTP 500
from the scores endpoint, no answer in time, or a 401 for an access token
it stopped taking, which is dropped so the next try asks for a fresh one.
Whatever is recorded for the instructor never holds the access token.
"""

from datetime import timedelta
from functools import partial

import pytest
import requests
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lti.assignments.models import ScorePost
from lti.assignments.passback import BACKOFF, MAX_TRIES
from tests.factories import make_student
from tests.lti_world import answer_scores, quiz_in_lms, score_requests, score_sent, submitted
from tests.workers import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(monkeypatch):
    return quiz_in_lms(monkeypatch)


@pytest.fixture
def ana(world):
    ana = make_student("ana", first_name="Ana", last_name="de la Cruz")
    world.lms.member(ana, sub="canvas-user-ana")
    return ana


@pytest.fixture
def submit(django_capture_on_commit_callbacks):
    return partial(submitted, django_capture_on_commit_callbacks)


def the_wait_passes():
    """Every try waiting for its backoff becomes due now."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def run_every_try():
    for _ in range(MAX_TRIES):
        run_worker()
        the_wait_passes()


def status_page(client, world):
    client.force_login(world.instructor)
    response = client.get(reverse("lti_score_posts", args=[world.lms.section.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_a_refused_score_waits_then_is_tried_again(world, ana, submit):
    answer_scores(world.platform, world.line_item, status=500)
    submit(ana, world.quiz, ["c1", "c0"])

    run_worker()

    post = ScorePost.objects.get()
    assert (post.status, post.tries) == (ScorePost.Status.PENDING, 1)
    assert "HTTP 500" in post.last_error
    [waiting] = DBTaskResult.objects.filter(status="READY")
    assert waiting.run_after >= timezone.now() + BACKOFF[0] - timedelta(seconds=5)
    run_worker()  # not due yet: nothing more is sent
    assert len(score_requests(world.platform)) == 1


def test_after_the_last_try_the_instructor_sees_it_failed_with_the_reason(
    world, ana, submit, client
):
    answer_scores(world.platform, world.line_item, status=500)
    submit(ana, world.quiz, ["c1", "c0"])

    run_every_try()

    assert len(score_requests(world.platform)) == MAX_TRIES
    post = ScorePost.objects.get()
    assert (post.status, post.tries) == (ScorePost.Status.FAILED, MAX_TRIES)
    assert not DBTaskResult.objects.filter(status="READY").exists()
    row = status_page(client, world).select_one("table.score-posts tbody tr")
    text = " ".join(row.get_text().split())
    assert "Ana de la Cruz" in text and "The first 72 hours" in text
    assert "Failed" in text and "HTTP 500" in text
    assert row.select_one("form button").get_text(" ", strip=True).startswith("Send again")


def test_no_answer_in_time_is_a_failure_too(world, ana, submit):
    def too_slow(request):
        raise requests.Timeout("read timed out")

    answer_scores(world.platform, world.line_item, answer=too_slow)
    submit(ana, world.quiz, ["c1", "c0"])

    run_every_try()

    post = ScorePost.objects.get()
    assert post.status == ScorePost.Status.FAILED
    assert "did not answer in time" in post.last_error


def test_the_recorded_error_never_holds_the_token(world, ana, submit):
    def echo(request):
        return 400, {}, {"error": "bad score", "echo": request.headers["Authorization"]}

    answer_scores(world.platform, world.line_item, answer=echo)
    submit(ana, world.quiz, ["c1", "c0"])

    run_worker()

    post = ScorePost.objects.get()
    assert "HTTP 400" in post.last_error and "bad score" in post.last_error
    assert "token-1" not in post.last_error


def test_a_token_the_platform_stopped_taking_is_dropped_and_a_fresh_one_sends_the_grade(
    world, ana, submit
):
    def revoked_first_token(request):
        if request.headers["Authorization"] == "Bearer token-1":
            return 401, {}, {"error": "invalid_token"}
        return 200, {}, {}

    answer_scores(world.platform, world.line_item, answer=revoked_first_token)
    submit(ana, world.quiz, ["c1", "c0"])

    run_worker()
    the_wait_passes()
    run_worker()

    assert len(world.platform.requests_to("/token")) == 2
    scores = score_requests(world.platform)
    assert [e.status for e in scores] == [401, 200]
    assert [e.headers["Authorization"] for e in scores] == ["Bearer token-1", "Bearer token-2"]
    post = ScorePost.objects.get()
    assert (post.status, post.tries, post.last_error) == (ScorePost.Status.SENT, 2, "")


def test_send_again_posts_the_failed_grade_once_more(world, ana, submit, client):
    answer_scores(world.platform, world.line_item, status=500)
    submit(ana, world.quiz, ["c1", "c1"])
    run_every_try()
    answer_scores(world.platform, world.line_item)  # the LMS is back
    post = ScorePost.objects.get()
    resend = reverse("lti_score_post_resend", args=[world.lms.section.pk, post.pk])
    client.force_login(world.instructor)

    response = client.post(resend)
    again = client.post(resend)  # a double click
    run_worker()

    assert response.status_code == again.status_code == 302
    scores = score_requests(world.platform)
    assert len(scores) == MAX_TRIES + 1
    assert score_sent(scores[-1])["scoreGiven"] == 1.0
    assert score_sent(scores[-1])["timestamp"] == score_sent(scores[0])["timestamp"]
    post.refresh_from_db()
    assert (post.status, post.tries, post.last_error) == (ScorePost.Status.SENT, 1, "")
    row = status_page(client, world).select_one("table.score-posts tbody tr")
    assert "Sent" in row.get_text() and row.select_one("form") is None


def test_a_grade_that_was_sent_cannot_be_sent_again(world, ana, submit, client):
    submit(ana, world.quiz, ["c1", "c0"])
    run_worker()
    post = ScorePost.objects.get()
    client.force_login(world.instructor)

    client.post(reverse("lti_score_post_resend", args=[world.lms.section.pk, post.pk]))
    run_worker()

    assert len(score_requests(world.platform)) == 1
    assert not DBTaskResult.objects.filter(status="READY").exists()
