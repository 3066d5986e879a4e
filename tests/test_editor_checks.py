"""Editors check a page's accessibility where they read it; students never
pay for the editing bar; an image cannot be published without alt text."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from course.roles import course_grant, course_revoke
from lessons.blocks import FigureBlock
from tests.factories import make_course_with_lessons, make_student

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    _course, [lesson] = make_course_with_lessons(1)
    return lesson


def test_an_editor_gets_the_checker_with_the_wcag_21_aa_rules(client, lesson):
    client.force_login(get_user_model().objects.create_superuser("ed", "ed@example.edu", "pw"))

    page = client.get(lesson.url).content.decode()

    assert "wagtail-userbar" in page
    assert "wcag21aa" in page  # the rules the checker's axe run is given


def test_a_student_gets_no_editing_bar(client, lesson):
    client.force_login(make_student())

    page = client.get(lesson.url).content.decode()

    assert "wagtail-userbar" not in page


def test_a_professor_gets_the_editing_bar_until_the_course_is_taken_away(client, lesson):
    professor = make_student("paul")
    course = lesson.get_parent()
    client.force_login(professor)

    course_grant(user=professor, course=course, role="professor")
    assert "wagtail-userbar" in client.get(lesson.url).content.decode()

    course_revoke(user=professor, course=course, role="professor")
    assert "wagtail-userbar" not in client.get(lesson.url).content.decode()


def test_an_image_without_alt_text_is_refused():
    alt = FigureBlock().child_blocks["alt"]

    with pytest.raises(ValidationError, match="required"):
        alt.clean("")
    assert alt.clean("A hand-drawn map of who knows whom") == "A hand-drawn map of who knows whom"


def test_every_lesson_block_says_what_it_makes_in_the_block_picker():
    from lessons.blocks import LessonBodyBlock

    for name, block in LessonBodyBlock().child_blocks.items():
        if name == "text":
            continue  # the plain rich text block needs no explanation
        assert block.meta.description, name
        if name in ("image", "video"):
            continue  # their previews would need an uploaded image or a live embed
        preview = block.render(block.to_python(block.meta.preview_value))
        assert len(preview) > 40, name
