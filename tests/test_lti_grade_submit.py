"""What grade passback costs a student's submit, and what it may never cost: the grade.

A submit's receivers run in the student's request once the grade has
committed (`quizzes.signals`). Grade passback only queues there: a student
outside every LMS course pays one query for it, a learner the same few
however many LMS courses link the quiz and however many quizzes they link.
When it fails, the student still gets their result, and the error is logged.
"""

import logging

import pytest
from django.urls import reverse

from lti.assignments import receivers
from lti.assignments.models import ScorePost
from quizzes.models import Attempt
from quizzes.services import attempt_start
from tests.factories import make_section, make_student, take_quiz, two_point_quiz
from tests.lti_world import lms_course, quiz_in_lms

pytestmark = pytest.mark.django_db

# The quiz's line items; then, in a transaction (a savepoint pair inside a
# test's): the student's posts locked, the quiz, the grade, the posts written
# (new ones, or changed ones), and one task for all of them.
LEARNER_QUERIES = 8


@pytest.fixture
def world(monkeypatch):
    return quiz_in_lms(monkeypatch)


def after_commit(capture, student, quiz, choices):
    """What a submit leaves to run once its grade has committed, not run yet."""
    with capture() as callbacks:
        take_quiz(student, quiz, choices)
    assert callbacks, "the submit announces its grade after the commit"
    return callbacks


def run(callbacks):
    for callback in callbacks:
        callback()


def learner_in(world, *, courses, quizzes):
    """Ana, a learner in `courses` LMS courses that each link the quiz; the
    first also links `quizzes` - 1 other quizzes."""
    ana = make_student("ana")
    world.lms.member(ana)
    course = world.quiz.get_parent().specific
    for n in range(1, quizzes):
        world.lms.link(two_point_quiz(course, title=f"Quiz {n}"))
    for n in range(1, courses):
        other = lms_course(world.platform, section=make_section(course), context_id=f"lms-{n}")
        other.member(ana)
        other.link(world.quiz)
    return ana


def test_a_submit_outside_every_lms_course_costs_one_query(
    world, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    callbacks = after_commit(
        django_capture_on_commit_callbacks, make_student("sam"), world.quiz, ["c1", "c0"]
    )

    with django_assert_max_num_queries(1):
        run(callbacks)

    assert not ScorePost.objects.exists()


@pytest.mark.parametrize("courses, quizzes", [(1, 1), (3, 4)])
def test_a_learners_submit_queues_the_grade_in_the_same_few_queries(
    world, courses, quizzes, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    ana = learner_in(world, courses=courses, quizzes=quizzes)
    capture = django_capture_on_commit_callbacks

    first = after_commit(capture, ana, world.quiz, ["c1", "c1"])  # 50 %
    with django_assert_max_num_queries(LEARNER_QUERIES):
        run(first)
    better = after_commit(capture, ana, world.quiz, ["c1", "c0"])  # 100 %: every post changes
    with django_assert_max_num_queries(LEARNER_QUERIES):
        run(better)

    posts = ScorePost.objects.filter(line_item__resource_link__course_item__page=world.quiz)
    assert posts.count() == courses
    assert {(post.score_given, post.sequence) for post in posts} == {(2.0, 2)}


def test_a_failing_grade_passback_leaves_the_submit_graded_and_shown(
    world, client, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    ana = make_student("ana")
    world.lms.member(ana)

    def broken(**kwargs):
        raise RuntimeError("lost the database connection")

    monkeypatch.setattr(receivers, "score_posts_queue", broken)
    client.force_login(ana)
    attempt = attempt_start(student=ana, quiz=world.quiz)
    form = {"confirm": "1"}
    for response, choice in zip(attempt.responses.order_by("position"), ["c1", "c0"], strict=True):
        form |= {f"v-{response.question_key}": 0, f"q-{response.question_key}": choice}

    with (
        caplog.at_level(logging.ERROR, logger="django.dispatch"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        submitted = client.post(reverse("quizzes:submit", args=[attempt.pk]), form)

    assert callbacks, "grade passback ran after the submit committed"
    result_url = reverse("quizzes:result", args=[attempt.pk])
    assert (submitted.status_code, submitted["Location"]) == (302, result_url)
    graded = Attempt.objects.get(pk=attempt.pk)
    assert (graded.state, graded.percent) == (Attempt.State.SUBMITTED, 100)
    page = client.get(result_url)
    assert page.status_code == 200 and "100%" in page.content.decode()
    [logged] = [record for record in caplog.records if record.name == "django.dispatch"]
    assert "grade_passback" in logged.getMessage()
    assert "lost the database connection" in logged.getMessage()
    assert not ScorePost.objects.exists()
