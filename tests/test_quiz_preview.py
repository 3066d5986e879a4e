"""A professor previews a quiz in the admin as a student sees it, or with
the answer key; the key is never in what students are served."""

import pytest

from tests.factories import make_course, make_quiz, make_student, single_choice

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    return make_quiz(
        make_course(),
        [
            single_choice(
                "Who do you ask first?",
                [("Everyone on LinkedIn", False), ("A former manager", True)],
                explanation="Someone who knows your work can vouch for it.",
            )
        ],
    )


def preview(quiz, mode):
    """The preview the admin's preview panel shows in `mode`, as Wagtail renders it."""
    response = quiz.make_preview_request(preview_mode=mode)
    return response.render() if hasattr(response, "render") else response


def test_the_student_view_preview_shows_the_questions_without_the_key(quiz):
    page = preview(quiz, "").content.decode()

    assert "Who do you ask first?" in page and "A former manager" in page
    assert "Correct answer" not in page
    assert "Someone who knows your work" not in page


def test_the_answer_key_preview_marks_the_right_answer_and_explains_it(quiz):
    page = preview(quiz, "answer_key").content.decode()

    assert "✓ Correct" in page
    assert "Correct answer:</span> A former manager" in page
    assert "Someone who knows your work can vouch for it." in page


def test_a_student_cannot_reach_the_preview(client, quiz):
    client.force_login(make_student())

    response = client.get(f"/admin/pages/{quiz.pk}/edit/preview/?mode=answer_key")

    assert response.status_code in (302, 403)
    assert "A former manager" not in response.content.decode()
