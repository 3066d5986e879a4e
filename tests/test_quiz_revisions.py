"""A professor compares two revisions of a quiz in the admin, question by question."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import make_course, make_quiz, single_choice

pytestmark = pytest.mark.django_db


def test_comparing_revisions_shows_what_changed_in_each_question(client):
    quiz = make_quiz(
        make_course(),
        [
            single_choice("Who do you ask first?", [("A stranger", False), ("A friend", True)]),
            single_choice("What do you send?", [("One clear ask", True), ("A list", False)]),
        ],
    )
    before = quiz.latest_revision
    questions = quiz.questions.raw_data
    questions[1]["value"]["prompt"] = "<p>What goes in the first message?</p>"
    quiz.questions = questions
    after = quiz.save_revision()
    client.force_login(get_user_model().objects.create_superuser("ed", "ed@example.edu", "pw"))

    page = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[quiz.pk, before.pk, after.pk])
    ).content.decode()

    # The second question's prompt shows word by word what went and what came.
    assert (
        'What <span class="deletion">do you send?</span>'
        '<span class="addition">goes in the first message?</span>'
    ) in page
    assert "Who do you ask first?" in page  # the unchanged question is shown too
