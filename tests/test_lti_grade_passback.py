"""A student submits a quiz they opened from their LMS, and the grade lands in
the LMS gradebook: one score, sent by the background worker, with a token
the platform handed out for the score scope and reused while it is fresh.

Only learners of an LMS course where the quiz is linked send anything; an
attempt still open sends nothing, a second submit of the same attempt sends
nothing, and neither does a later attempt that leaves the grade as it was.
A later attempt that changes the grade sends the new one. No test reaches
the network: the platform answers in-process (`tests.lti_platform`).
"""

from datetime import datetime
from functools import partial
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django_tasks_db.models import DBTaskResult
from lti_tool.models import Key

from lti.assignments import receivers
from lti.assignments.ags import SCORE_SCOPE, SCORE_TYPE
from lti.assignments.models import ScorePost
from lti.assignments.passback import score_post_send
from quizzes.models import Attempt, QuizPage
from quizzes.regrading import quiz_regrade
from quizzes.services import answer_save, attempt_start, attempt_submit
from quizzes.signals import attempt_submitted
from tests.factories import make_section, make_student, two_point_quiz
from tests.lti_world import (
    answer_scores,
    answer_tokens,
    lms_course,
    quiz_in_lms,
    score_requests,
    score_sent,
    submitted,
)
from tests.workers import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(monkeypatch):
    return quiz_in_lms(monkeypatch, query="?course_id=101&type=quiz")


@pytest.fixture
def platform(world):
    return world.platform


@pytest.fixture
def quiz(world):
    return world.quiz


@pytest.fixture
def lms(world):
    return world.lms


@pytest.fixture
def ana(lms):
    ana = make_student("ana", first_name="Ana", last_name="de la Cruz")
    lms.member(ana, sub="canvas-user-ana")
    return ana


@pytest.fixture
def submit(django_capture_on_commit_callbacks):
    return partial(submitted, django_capture_on_commit_callbacks)


def our_public_key():
    return jwt.PyJWK(Key.objects.as_jwks()["keys"][0]).key


def test_a_submit_sends_one_score_with_the_grade_to_the_lms(lms, platform, ana, quiz, submit):
    submit(ana, quiz, ["c1", "c1"])  # one of two right

    assert platform.exchanges == [], "nothing is sent within the student's request"
    run_worker()

    token, score = platform.exchanges
    assert platform.requests_to("/token") == [token]
    assert score_requests(platform) == [score]
    line_item = lms.line_items[0]
    assert urlsplit(score.url).path == urlsplit(line_item.url).path + "/scores"
    assert urlsplit(score.url).query == "course_id=101&type=quiz"
    assert score.headers["Authorization"] == "Bearer token-1"
    assert score.headers["Content-Type"] == SCORE_TYPE
    body = score_sent(score)
    assert body | {"timestamp": None} == {
        "userId": "canvas-user-ana",
        "scoreGiven": 1.0,
        "scoreMaximum": 2.0,
        "activityProgress": "Completed",
        "gradingProgress": "FullyGraded",
        "timestamp": None,
    }
    assert datetime.fromisoformat(body["timestamp"]).utcoffset() is not None
    post = ScorePost.objects.get()
    assert (post.status, post.tries, post.last_error) == (ScorePost.Status.SENT, 1, "")
    assert post.sent_at is not None


def test_the_token_is_asked_for_the_score_scope_with_our_signed_assertion(
    lms, platform, ana, quiz, submit
):
    submit(ana, quiz, ["c1", "c0"])
    run_worker()

    [request] = platform.requests_to("/token")
    form = {name: values[0] for name, values in parse_qs(request.body).items()}
    assert form["grant_type"] == "client_credentials"
    assert form["scope"] == SCORE_SCOPE
    assert form["client_assertion_type"] == (
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    )
    assertion = form["client_assertion"]
    claims = jwt.decode(
        assertion, our_public_key(), algorithms=["RS256"], audience=platform.token_url
    )
    assert claims["iss"] == claims["sub"] == platform.client_id
    assert {"iat", "exp", "jti"} <= set(claims)
    kid = Key.objects.get().as_jwk()["kid"]
    assert jwt.get_unverified_header(assertion)["kid"] == kid


def test_the_token_is_reused_for_the_next_score(lms, platform, ana, quiz, submit):
    bo = make_student("bo")
    lms.member(bo)

    submit(ana, quiz, ["c1", "c0"])
    run_worker()
    submit(bo, quiz, ["c0", "c1"])
    run_worker()

    assert len(platform.requests_to("/token")) == 1
    scores = score_requests(platform)
    assert [e.headers["Authorization"] for e in scores] == ["Bearer token-1"] * 2
    assert [score_sent(e)["scoreGiven"] for e in scores] == [2.0, 0.0]


def test_a_token_about_to_expire_is_not_reused(lms, platform, ana, quiz, submit):
    answer_tokens(platform, expires_in=60)
    bo = make_student("bo")
    lms.member(bo)

    submit(ana, quiz, ["c1", "c0"])
    run_worker()
    submit(bo, quiz, ["c1", "c0"])
    run_worker()

    assert len(platform.requests_to("/token")) == 2
    assert score_requests(platform)[1].headers["Authorization"] == "Bearer token-2"


def test_a_student_without_an_lms_course_sends_nothing(lms, platform, quiz, submit):
    sam = make_student("sam")

    submit(sam, quiz, ["c1", "c0"])
    run_worker()

    assert platform.exchanges == []
    assert not ScorePost.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_an_instructor_trying_the_quiz_from_the_lms_sends_nothing(world, platform, quiz, submit):
    ines = world.instructor
    world.lms.member(ines, learner=False)

    submit(ines, quiz, ["c1", "c0"])
    run_worker()

    assert platform.exchanges == []


def test_a_quiz_not_linked_in_the_lms_sends_nothing(lms, platform, ana, quiz, submit):
    other = two_point_quiz(quiz.get_parent().specific, title="The networking handoff")

    submit(ana, other, ["c1", "c0"])
    run_worker()

    assert platform.exchanges == []


def test_a_second_submit_of_the_same_attempt_sends_nothing_more(
    lms, platform, ana, quiz, submit, django_capture_on_commit_callbacks
):
    attempt = submit(ana, quiz, ["c1", "c0"])
    run_worker()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        attempt_submit(attempt=attempt)
    run_worker()

    assert callbacks == []
    assert len(score_requests(platform)) == 1


def test_a_later_attempt_sends_the_grade_only_when_it_changes(lms, platform, ana, quiz, submit):
    assert quiz.grading_method == QuizPage.GradingMethod.HIGHEST
    submit(ana, quiz, ["c1", "c1"])  # 50 %
    run_worker()
    submit(ana, quiz, ["c1", "c0"])  # 100 %: the grade becomes 100 %
    run_worker()
    submit(ana, quiz, ["c0", "c1"])  # 0 %: the highest is still 100 %
    run_worker()

    assert [score_sent(e)["scoreGiven"] for e in score_requests(platform)] == [1.0, 2.0]
    post = ScorePost.objects.get()
    assert post.attempt.number == 2
    assert post.score_given == 2.0


def key_fixed(quiz):
    """The professor decides "A list" is the right answer to the second question."""
    fixed = QuizPage.objects.get(pk=quiz.pk)
    for choice in fixed.questions[1].value["choices"]:
        choice["correct"] = choice["text"] == "A list"
    fixed.save_revision().publish()


def test_a_regrade_that_changes_the_grade_sends_the_new_one(
    lms, platform, ana, quiz, submit, django_capture_on_commit_callbacks
):
    submit(ana, quiz, ["c1", "c1"])  # 50 %: the key says "One clear ask" (c0)
    run_worker()
    key_fixed(quiz)

    with django_capture_on_commit_callbacks(execute=True):
        quiz_regrade(quiz=quiz)
    run_worker()
    with django_capture_on_commit_callbacks(execute=True):
        quiz_regrade(quiz=quiz)  # nothing changes: nothing is sent
    run_worker()

    assert [score_sent(e)["scoreGiven"] for e in score_requests(platform)] == [1.0, 2.0]
    assert ScorePost.objects.get().status == ScorePost.Status.SENT


def test_one_student_s_failed_passback_after_a_regrade_does_not_stop_the_others(
    lms, platform, ana, quiz, submit, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    ben = make_student("ben")
    lms.member(ben, sub="canvas-user-ben")
    submit(ana, quiz, ["c1", "c1"])
    submit(ben, quiz, ["c1", "c1"])
    run_worker()
    key_fixed(quiz)
    queue = receivers.score_posts_queue

    def failing_for_ana(*, attempt):
        if attempt.student_id == ana.pk:
            raise RuntimeError("the LMS course was just deleted")
        return queue(attempt=attempt)

    monkeypatch.setattr(receivers, "score_posts_queue", failing_for_ana)
    with django_capture_on_commit_callbacks(execute=True):
        quiz_regrade(quiz=quiz)
    run_worker()

    sent = {score_sent(e)["userId"]: score_sent(e)["scoreGiven"] for e in score_requests(platform)}
    assert sent == {"canvas-user-ana": 1.0, "canvas-user-ben": 2.0}
    assert "Error calling grade_passback in Signal.send_robust() (the LMS course" in caplog.text


def test_a_dry_run_regrade_sends_nothing(
    lms, platform, ana, quiz, submit, django_capture_on_commit_callbacks
):
    submit(ana, quiz, ["c1", "c1"])
    run_worker()
    key_fixed(quiz)

    with django_capture_on_commit_callbacks(execute=True):
        quiz_regrade(quiz=quiz, dry_run=True)
    run_worker()

    assert [score_sent(e)["scoreGiven"] for e in score_requests(platform)] == [1.0]


def test_the_grade_follows_the_quizs_grading_method(lms, platform, ana, quiz, submit):
    QuizPage.objects.filter(pk=quiz.pk).update(grading_method=QuizPage.GradingMethod.AVERAGE)
    quiz.refresh_from_db()

    submit(ana, quiz, ["c1", "c0"])  # 100 %
    submit(ana, quiz, ["c0", "c1"])  # 0 %: the average is 50 %
    run_worker()

    assert [score_sent(e)["scoreGiven"] for e in score_requests(platform)] == [1.0]


def test_a_newer_grade_queued_before_the_worker_ran_replaces_the_older_one(
    lms, platform, ana, quiz, submit
):
    submit(ana, quiz, ["c1", "c1"])  # 50 %, not sent yet
    submit(ana, quiz, ["c1", "c0"])  # 100 %

    run_worker()

    assert [score_sent(e)["scoreGiven"] for e in score_requests(platform)] == [2.0]


def test_a_duplicate_task_sends_nothing_twice(lms, platform, ana, quiz, submit):
    submit(ana, quiz, ["c1", "c0"])
    post = ScorePost.objects.get()
    score_post_send.enqueue(post.pk, post.sequence, 1)  # the same try, queued twice
    run_worker()
    score_post_send.enqueue(post.pk, post.sequence, 1)  # and once more after it was sent
    run_worker()

    assert len(score_requests(platform)) == 1


def test_a_grade_goes_to_every_lms_course_the_student_takes_it_in(
    lms, platform, ana, quiz, submit
):
    other = lms_course(platform, section=make_section(lms.section.course), context_id="course-202")
    other.member(ana, sub="canvas-user-ana")
    answer_scores(platform, other.link(quiz))

    submit(ana, quiz, ["c1", "c0"])
    run_worker()

    sent_to = {urlsplit(e.url).path for e in score_requests(platform)}
    assert sent_to == {
        urlsplit(item.url).path + "/scores" for item in (*lms.line_items, *other.line_items)
    }


def test_an_open_attempt_sends_nothing(
    lms, platform, ana, quiz, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        attempt = attempt_start(student=ana, quiz=quiz)
        for response, choice in zip(
            attempt.responses.order_by("position"), ["c1", "c0"], strict=True
        ):
            answer_save(
                attempt=attempt, question_key=response.question_key, answer=choice, version=0
            )
    # Even announced as submitted by mistake, an attempt still open has no grade to send.
    attempt_submitted.send(sender=Attempt, attempt=attempt)
    run_worker()

    assert platform.exchanges == []
    assert not ScorePost.objects.exists()
