"""`load_course`: the bundled course on the site, safely, every time."""

import io
import shutil

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.utils.html import strip_tags
from wagtail.models import Page, Revision

from course.bundled import CONTENT_DIR, read_course
from course.models import CoursePage
from lessons.models import LessonPage
from lessons.services import lesson_complete
from quizzes.models import QuizPage
from quizzes.services import attempt_start, attempt_submit
from tests.factories import make_student

pytestmark = pytest.mark.django_db

BUNDLED = CONTENT_DIR / "not-if-when"


def load(*args):
    out = io.StringIO()
    call_command("load_course", *map(str, args), stdout=out)
    return out.getvalue()


def tree_snapshot():
    return (
        list(Page.objects.order_by("path").values_list("path", "title", "live")),
        Revision.objects.count(),
    )


@pytest.fixture
def course_folder(tmp_path):
    """A copy of the bundled course that a test may break."""
    return shutil.copytree(BUNDLED, tmp_path / "not-if-when")


def test_bundled_course_is_long_enough_and_uses_every_block():
    source = read_course(BUNDLED)

    assert len(source.lessons) >= 8
    words = sum(len(strip_tags(str(lesson.body)).split()) for lesson in source.lessons)
    assert words >= 6000
    used = {block["type"] for lesson in source.lessons for block in lesson.body}
    assert used >= {"text", "heading", "image", "callout", "do_dont", "case_study"}
    assert used >= {"reflection", "checklist", "takeaways"}


def test_bundled_course_has_quizzes_that_use_every_question_type():
    source = read_course(BUNDLED)

    assert len(source.quizzes) >= 4
    questions = [block for quiz in source.quizzes for block in quiz.body]
    assert len(questions) >= 30
    used = {block["type"] for block in questions}
    assert used == {"single_choice", "multiple_answer", "true_false", "numeric", "short_text"}
    assert any(block["value"].get("scoring") == "partial" for block in questions)


def test_bundled_quizzes_show_professors_partial_credit_and_feedback_by_example():
    questions = [block for quiz in read_course(BUNDLED).quizzes for block in quiz.body]

    numbers = [block["value"] for block in questions if block["type"] == "numeric"]
    partly_right = [partial for value in numbers for partial in value.get("partial_answers", [])]
    assert any(partial["credit"] > 0 and partial["feedback"] for partial in partly_right)
    assert any(partial["credit"] == 0 and partial["feedback"] for partial in partly_right)
    texts = [block["value"] for block in questions if block["type"] == "short_text"]
    assert any(value.get("other_feedback") for value in texts)
    assert any(
        answer.get("feedback") and answer.get("credit", 100) < 100
        for value in texts
        for answer in value["accepted_answers"]
    )


def test_every_bundled_lesson_renders_with_its_title_headings_and_text(client):
    load()
    source = read_course(BUNDLED)

    for lesson in source.lessons:
        page = LessonPage.objects.get(slug=lesson.fields["slug"])
        response = client.get(page.url)
        assert response.status_code == 200, lesson.source
        html = BeautifulSoup(response.content, "html.parser")
        assert html.h1.get_text() == lesson.fields["title"]
        shown = {h.get_text() for h in html.select(".prose h2, .prose h3")}
        written = {b["value"]["text"] for b in lesson.body if b["type"] == "heading"}
        assert written and written <= shown, lesson.source
        first_text = next(b["value"] for b in lesson.body if b["type"] == "text")
        first_sentence = strip_tags(first_text).split(".")[0].strip()
        assert first_sentence in html.get_text(" "), lesson.source


def test_course_lists_lessons_and_quizzes_in_the_order_course_yaml_gives(client):
    load()

    course = CoursePage.objects.get(slug="not-if-when")
    items = read_course(BUNDLED).items
    children = course.get_children().specific()
    assert [p.title for p in children] == [item.fields["title"] for item in items]
    kinds = ["quiz" if isinstance(p, QuizPage) else "lesson" for p in children]
    assert kinds == ["lesson", "lesson", "quiz"] * 4
    assert client.get(course.url).status_code == 200


def test_a_quiz_added_to_a_loaded_course_goes_where_items_puts_it(course_folder):
    course_file = course_folder / "course.yaml"
    listed = course_file.read_text()
    quiz_file = course_folder / "quiz-the-first-days.yaml"
    quiz = quiz_file.read_text()
    course_file.write_text(listed.replace("  - quiz-the-first-days\n", ""))
    quiz_file.unlink()
    load(course_folder)
    course_file.write_text(listed)
    quiz_file.write_text(quiz)

    output = load(course_folder)

    course = CoursePage.objects.get(slug="not-if-when")
    assert [p.slug for p in course.get_children()][1:4] == [
        "the-first-72-hours",
        "check-the-first-days",
        "the-networking-handoff",
    ]
    assert "quiz-the-first-days.yaml: created" in output


def test_loading_twice_changes_nothing():
    load()
    source = read_course(BUNDLED)
    assert QuizPage.objects.count() == len(source.quizzes)
    before = tree_snapshot()

    output = load()

    assert tree_snapshot() == before
    assert f"0 of {1 + len(source.items)} pages written." in output


def test_a_page_edited_in_the_admin_survives_a_reload_and_yields_to_force(course_folder):
    load(course_folder)
    lesson = LessonPage.objects.get(slug="asking-well")
    lesson.title = "Asking well (our college's version)"
    lesson.save_revision().publish()
    lesson_file = course_folder / "06-asking-well.yaml"
    lesson_file.write_text(
        lesson_file.read_text().replace("title: Asking well", "title: Ask well")
    )

    output = load(course_folder)

    assert LessonPage.objects.get(pk=lesson.pk).title == "Asking well (our college's version)"
    assert "06-asking-well.yaml: kept" in output

    load(course_folder, "--force")

    assert LessonPage.objects.get(pk=lesson.pk).title == "Ask well"


def test_a_quiz_edited_in_the_admin_survives_a_reload(course_folder):
    load(course_folder)
    quiz = QuizPage.objects.get(slug="check-the-first-days")
    quiz.pass_mark = 80
    quiz.save_revision().publish()
    quiz_file = course_folder / "quiz-the-first-days.yaml"
    quiz_file.write_text(quiz_file.read_text().replace("pass_mark: 70", "pass_mark: 60"))

    output = load(course_folder)

    assert QuizPage.objects.get(pk=quiz.pk).pass_mark == 80
    assert "quiz-the-first-days.yaml: kept" in output


def test_a_changed_file_updates_its_untouched_page_with_one_new_revision(course_folder):
    load(course_folder)
    lesson = LessonPage.objects.get(slug="asking-well")
    revisions = lesson.revisions.count()
    lesson_file = course_folder / "06-asking-well.yaml"
    lesson_file.write_text(
        lesson_file.read_text().replace("estimated_minutes:", "estimated_minutes: 1 #")
    )

    output = load(course_folder)

    lesson.refresh_from_db()
    assert lesson.estimated_minutes == 1
    assert lesson.revisions.count() == revisions + 1
    assert "06-asking-well.yaml: updated" in output


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "03-the-networking-handoff.yaml",
            "title:",
            "title: [",
            r"03-the-networking-handoff.yaml: not valid YAML",
        ),
        (
            "03-the-networking-handoff.yaml",
            "type: callout",
            "type: sidebar",
            r"03-the-networking-handoff.yaml: block \d+: unknown block type 'sidebar'",
        ),
        (
            "05-other-peoples-networks.yaml",
            "type: heading",
            "type: heading\n    colour: red",
            r"05-other-peoples-networks.yaml: block \d+ \(heading\): unknown field colour",
        ),
        ("course.yaml", "slug: not-if-when", "slug: ''", r"course.yaml: missing slug"),
        (
            "07-building-your-own-connections.yaml",
            "estimated_minutes:",
            "estimated_minutes: soon #",
            r"07-building-your-own-connections.yaml: estimated_minutes has the wrong type",
        ),
        (
            "course.yaml",
            "  - quiz-asking-for-help\n",
            "",
            r"course.yaml: items does not list quiz-asking-for-help.yaml",
        ),
        (
            "course.yaml",
            "  - quiz-asking-for-help\n",
            "  - quiz-asking-for-help\n  - quiz-asking-again\n",
            r"course.yaml: items lists quiz-asking-again, but there is no quiz-asking-again.yaml",
        ),
        (
            "quiz-asking-for-help.yaml",
            "type: quiz",
            "type: exam",
            r"quiz-asking-for-help.yaml: unknown type 'exam'",
        ),
        (
            "quiz-asking-for-help.yaml",
            "type: single_choice",
            "type: single_choice\n    hint: think",
            r"quiz-asking-for-help.yaml: block \d+ \(single_choice\): unknown field hint",
        ),
    ],
)
def test_a_malformed_file_is_named_and_nothing_is_loaded(course_folder, file, old, new, message):
    path = course_folder / file
    path.write_text(path.read_text().replace(old, new, 1))
    before = tree_snapshot()

    with pytest.raises(CommandError, match=message):
        load(course_folder)

    assert tree_snapshot() == before


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "08-your-transition-plan.yaml",
            "level: h2",
            "level: h1",
            r"block \d+ \(heading\): level",
        ),
        (
            "quiz-handoffs-and-connections.yaml",
            "correct: false",
            "correct: true",
            r"block 1 \(single_choice\): choices: Tick only one choice as correct",
        ),
        (
            "quiz-the-whole-course.yaml",
            "grading_method: highest",
            "grading_method: best",
            "grading_method: .*best",
        ),
    ],
)
def test_a_block_or_field_that_fails_validation_rolls_back_every_page(
    course_folder, file, old, new, message
):
    path = course_folder / file
    path.write_text(path.read_text().replace(old, new, 1))
    before = tree_snapshot()

    with pytest.raises(CommandError, match=rf"{file}: .*{message}"):
        load(course_folder)

    assert tree_snapshot() == before


def test_a_missing_image_is_named(course_folder):
    (course_folder / "images" / "handoff-diagram.png").unlink()

    with pytest.raises(
        CommandError, match=r"03-the-networking-handoff.yaml: block .*handoff-diagram.png"
    ):
        load(course_folder)


def test_a_student_part_way_through_the_bundled_course_sees_it_on_the_dashboard(client):
    load()
    student = make_student("sam")
    course = CoursePage.objects.get(slug="not-if-when")
    items = list(course.get_children().specific())
    for lesson in items[:2]:
        lesson_complete(student=student, lesson=lesson)
    check = items[2]
    assert isinstance(check, QuizPage)
    attempt_submit(attempt=attempt_start(student=student, quiz=check))  # nothing answered
    client.force_login(student)

    page = BeautifulSoup(client.get("/dashboard/").content, "html.parser")

    text = page.get_text(" ", strip=True)
    assert f"2 of {len(items)} done" in text
    assert page.find("progress")["value"] == "2"
    assert page.find("progress")["max"] == str(len(items))
    continue_link = page.find("a", string="Continue where you left off")
    assert continue_link["href"] == check.url  # the failed check is next
    assert "0%" in text and "1 of 3" in text
