"""Editors check a page's accessibility where they read it; students never
pay for the editing bar; an image cannot be published without alt text; the
block picker shows what every lesson block makes, without an uploaded image
or a call to a video site."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from course.roles import course_grant, course_revoke
from lessons.blocks import FigureBlock
from tests.factories import make_course_with_lessons, make_professor, make_student

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


def lesson_blocks():
    """The blocks a professor picks from in a lesson's body, as the admin has them."""
    from lessons.models import LessonPage

    return LessonPage._meta.get_field("body").stream_block.child_blocks


def preview_text(html):
    """The words a preview shows, without its markup."""
    return " ".join(BeautifulSoup(html, "html.parser").main.get_text().split())


def test_every_lesson_block_says_what_it_makes_in_the_block_picker():
    for name, block in lesson_blocks().items():
        assert block.get_description(), name
        assert block.is_previewable, name
        value = block.get_preview_value()
        context = {"block_def": block, "bound_block": block.bind(value), "page_title": name}
        template = block.get_preview_template(value, context)
        preview = render_to_string(template, block.get_preview_context(value, context))
        assert len(preview_text(preview)) > 40, name
        assert "None" not in preview_text(preview), name


# Words each block's preview shows, from its preview value or its stand-in.
PREVIEW_WORDS = {
    "text": "would take your call",
    "heading": "What the handoff costs",
    "image": "A screen reader says: A hand-drawn map",
    "video": "The YouTube or Vimeo video plays here.",
    "callout": "Depends on where you live",
    "do_dont": "Name the one person you hope to meet",
    "case_study": "Dear LinkedIn Friends",
    "reflection": "seen your work up close",
    "checklist": "Sign nothing on the spot",
    "takeaways": "A connection is not a contact",
    "practice": "Ask a former manager",
}


def test_a_professor_previews_every_lesson_block_in_the_picker_without_uploads_or_embeds(
    client, lesson, monkeypatch
):
    def no_network(*args, **kwargs):
        raise AssertionError("a block preview asked a video site for an embed")

    monkeypatch.setattr("wagtail.embeds.embeds.get_embed", no_network)
    client.force_login(make_professor(lesson.get_parent()))

    assert set(PREVIEW_WORDS) == set(lesson_blocks())
    for name, block in lesson_blocks().items():
        response = client.get(
            reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
        )

        assert response.status_code == 200, name
        assert PREVIEW_WORDS[name] in preview_text(response.content.decode()), name
        assert "css/site.css" in response.content.decode(), name  # dressed as the site is
