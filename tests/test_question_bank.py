"""A professor keeps reusable questions in the admin's question bank.

They add a category and a question through the admin, edit it (each save a
revision), find it again by the words of its prompt, and cannot delete a
category that still holds questions.
"""

import pytest
from django.urls import reverse

from quizzes.models import BankQuestion, QuestionCategory
from tests.factories import bank_question_form, make_course, make_professor, single_choice

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return make_course(title="Not If. When.", slug="not-if-when")


@pytest.fixture
def professor(client, course):
    """Paula, granted the Professor role on `course`."""
    user = make_professor(course)
    client.force_login(user)
    return user


def test_a_professor_adds_a_category_and_a_question_then_edits_it(client, professor, course):
    response = client.post(
        reverse("wagtailsnippets_quizzes_questioncategory:add"),
        {"name": "Networking/Handoffs", "course": course.pk},
    )
    assert response.status_code == 302
    category = QuestionCategory.objects.get(name="Networking/Handoffs", course=course)

    response = client.post(
        reverse("wagtailsnippets_quizzes_bankquestion:add"),
        bank_question_form(category, "Contacts", "A connection is the same as a contact."),
    )
    assert response.status_code == 302
    question = BankQuestion.objects.get(title="Contacts")
    assert question.block.block_type == "true_false"

    response = client.post(
        reverse("wagtailsnippets_quizzes_bankquestion:edit", args=[question.pk]),
        bank_question_form(category, "Contacts", "A connection is always a contact."),
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert "always" in question.question_text()
    assert question.revisions.count() == 2
    assert "the same as" in str(question.revisions.order_by("pk").first().content)

    listing = client.get(reverse("wagtailsnippets_quizzes_bankquestion:list"))
    assert "Contacts" in listing.content.decode()


def test_a_question_must_hold_exactly_one_question(client, professor, course):
    category = QuestionCategory.objects.create(name="Week 1", course=course)
    form = bank_question_form(category, "Empty", "x")
    form = {key: value for key, value in form.items() if not key.startswith("question")}
    form["question-count"] = "0"

    response = client.post(reverse("wagtailsnippets_quizzes_bankquestion:add"), form)

    assert response.status_code == 200
    assert not BankQuestion.objects.exists()


def test_the_admin_search_finds_a_question_by_the_words_of_its_prompt(client, professor, course):
    category = QuestionCategory.objects.create(name="Week 1", course=course)
    for title, prompt in [("Handoff", "Who makes the introduction?"), ("Notice", "How long?")]:
        BankQuestion.objects.create(
            category=category,
            title=title,
            question=[single_choice(prompt, [("A friend", True), ("A stranger", False)])],
        )

    response = client.get(
        reverse("wagtailsnippets_quizzes_bankquestion:list"), {"q": "introduction"}
    )

    page = response.content.decode()
    assert "Handoff" in page
    assert "Notice" not in page


def test_the_listing_filters_by_category(client, professor, course):
    for name in ("Alpha", "Beta"):
        BankQuestion.objects.create(
            category=QuestionCategory.objects.create(name=name, course=course),
            title=f"{name} question",
            question=[single_choice("Q?", [("Yes", True), ("No", False)])],
        )
    beta = QuestionCategory.objects.get(name="Beta")

    response = client.get(
        reverse("wagtailsnippets_quizzes_bankquestion:list"), {"category": beta.pk}
    )

    page = response.content.decode()
    assert "Beta question" in page and "Alpha question" not in page


def test_category_names_are_unique_per_course_and_among_shared_ones():
    from django.db import IntegrityError, transaction

    course = make_course()
    QuestionCategory.objects.create(name="Week 1", course=course)
    QuestionCategory.objects.create(name="Week 1")
    for duplicate in ({"course": course}, {"course": None}):
        with pytest.raises(IntegrityError), transaction.atomic():
            QuestionCategory.objects.create(name="Week 1", **duplicate)


def test_a_category_that_holds_questions_cannot_be_deleted():
    from django.db.models import ProtectedError

    category = QuestionCategory.objects.create(name="Kept")
    BankQuestion.objects.create(
        category=category,
        title="Q",
        question=[single_choice("Q?", [("Yes", True), ("No", False)])],
    )
    with pytest.raises(ProtectedError):
        category.delete()


def test_the_question_bank_menu_offers_the_gift_import(client, professor):
    response = client.get(reverse("wagtailadmin_home"))

    page = response.content.decode()
    assert "Question bank" in page
    assert reverse("quizzes_gift_import") in page


def test_the_block_picker_previews_every_kind_of_question_and_the_draw(client, professor):
    from quizzes.blocks import QuizQuestionsBlock

    for name, block in QuizQuestionsBlock().child_blocks.items():
        assert block.label and block.meta.help_text and block.meta.icon, name
        response = client.get(
            reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
        )
        assert response.status_code == 200, name
