"""A professor manages their own course's question bank, and nobody else's.

Paula writes course A; course B belongs to someone else. Through the
admin's own views she lists, adds, edits and deletes A's categories and
questions, imports a GIFT file into A and exports A's category; B's
categories and questions are absent from her lists, chooser and import
form, and every URL of theirs answers 404 (or turns her away) and changes
nothing. A category shared by every course she may choose for a random
draw and export, but not change. An instructor gets none of the bank.
"""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from quizzes.admin_views import _signer
from quizzes.bank_history import BankLogEntry
from quizzes.blocks import QuizQuestionsBlock
from quizzes.gift import gift_parse
from quizzes.gift.importing import gift_import
from quizzes.models import BankQuestion, QuestionCategory
from tests.factories import (
    bank_question_form,
    make_course,
    make_instructor,
    make_professor,
    single_choice,
)

pytestmark = pytest.mark.django_db

GIFT = "::Handoff:: Who do you ask first? {=A friend ~A stranger}\n"


def add_question(category, title="Who first"):
    return BankQuestion.objects.create(
        category=category,
        title=title,
        question=[single_choice("Who do you ask first?", [("A friend", True), ("No", False)])],
    )


@pytest.fixture
def bank():
    """Course A's and course B's banks, a shared category, and Paula, who writes A."""
    course_a = make_course(title="Not If. When.", slug="course-a")
    course_b = make_course(title="Salary Talks", slug="course-b")
    a = QuestionCategory.objects.create(name="A/Handoffs", course=course_a)
    b = QuestionCategory.objects.create(name="B/Raises", course=course_b)
    shared = QuestionCategory.objects.create(name="Shared/Basics")
    return {
        "course_a": course_a,
        "course_b": course_b,
        "a": a,
        "b": b,
        "shared": shared,
        "question_a": add_question(a, "Ask first"),
        "question_b": add_question(b, "Ask for more"),
        "question_shared": add_question(shared, "Basics"),
        "paula": make_professor(course_a),
    }


@pytest.fixture
def paula(client, bank):
    client.force_login(bank["paula"])
    return bank["paula"]


def snippet_url(model, view, *args):
    return reverse(f"wagtailsnippets_quizzes_{model}:{view}", args=args)


def test_paula_lists_only_her_courses_categories_and_questions(client, paula, bank):
    categories = client.get(snippet_url("questioncategory", "list")).content.decode()
    questions = client.get(snippet_url("bankquestion", "list")).content.decode()

    assert "A/Handoffs" in categories
    assert "B/Raises" not in categories and "Shared/Basics" not in categories
    assert "Ask first" in questions
    assert "Ask for more" not in questions and "Basics" not in questions


def test_paula_adds_edits_and_deletes_in_her_courses_bank(client, paula, bank):
    response = client.post(
        snippet_url("questioncategory", "add"),
        {"name": "A/Severance", "course": bank["course_a"].pk},
    )
    assert response.status_code == 302
    category = QuestionCategory.objects.get(name="A/Severance", course=bank["course_a"])

    response = client.post(
        snippet_url("bankquestion", "add"),
        bank_question_form(category, "Notice", "Notice is always two weeks."),
    )
    assert response.status_code == 302
    question = BankQuestion.objects.get(title="Notice")

    response = client.post(
        snippet_url("bankquestion", "edit", question.pk),
        bank_question_form(category, "Notice", "Notice is always four weeks."),
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert "four weeks" in question.question_text()

    assert client.post(snippet_url("bankquestion", "delete", question.pk)).status_code == 302
    assert client.post(snippet_url("questioncategory", "delete", category.pk)).status_code == 302
    assert not BankQuestion.objects.filter(pk=question.pk).exists()
    assert not QuestionCategory.objects.filter(pk=category.pk).exists()


@pytest.mark.parametrize(
    ("model", "instance"),
    [
        ("questioncategory", "b"),
        ("bankquestion", "question_b"),
        ("questioncategory", "shared"),
        ("bankquestion", "question_shared"),
    ],
)
@pytest.mark.parametrize("view", ["edit", "delete", "copy", "history", "usage"])
def test_another_courses_and_shared_objects_answer_404(client, paula, bank, model, instance, view):
    response = client.get(snippet_url(model, view, bank[instance].pk))

    # Wagtail's copy view checks the policy itself, and turns her away.
    assert (response.status_code, response.get("Location")) in ((404, None), (302, "/admin/"))


def test_posts_to_another_courses_bank_change_nothing(client, paula, bank):
    b, question_b = bank["b"], bank["question_b"]

    edits = [
        client.post(snippet_url("questioncategory", "edit", b.pk), {"name": "Mine now"}),
        client.post(
            snippet_url("bankquestion", "edit", question_b.pk),
            bank_question_form(b, "Mine now", "Taken over."),
        ),
        client.post(snippet_url("bankquestion", "delete", question_b.pk)),
        client.post(snippet_url("questioncategory", "delete", bank["shared"].pk)),
    ]

    assert [response.status_code for response in edits] == [404] * 4
    b.refresh_from_db()
    question_b.refresh_from_db()
    assert b.name == "B/Raises" and question_b.title == "Ask for more"
    assert QuestionCategory.objects.filter(pk=bank["shared"].pk).exists()


def test_the_forms_offer_only_her_courses_and_categories(client, paula, bank):
    into_b = client.post(
        snippet_url("questioncategory", "add"), {"name": "B/Mine", "course": bank["course_b"].pk}
    )
    shared = client.post(snippet_url("questioncategory", "add"), {"name": "Everyone's"})
    question_into_b = client.post(
        snippet_url("bankquestion", "add"), bank_question_form(bank["b"], "Planted", "x")
    )
    form = client.get(snippet_url("bankquestion", "add")).content.decode()

    assert [into_b.status_code, shared.status_code, question_into_b.status_code] == [200] * 3
    assert not QuestionCategory.objects.filter(name__in=["B/Mine", "Everyone's"]).exists()
    assert not BankQuestion.objects.filter(title="Planted").exists()
    assert "A/Handoffs" in form and "B/Raises" not in form


def test_the_category_chooser_offers_her_courses_and_the_shared_ones(client, paula, bank):
    choosers = "wagtailsnippetchoosers_quizzes_questioncategory"

    listing = client.get(reverse(f"{choosers}:choose")).content.decode()
    chosen_b = client.get(reverse(f"{choosers}:chosen", args=[bank["b"].pk]))
    chosen_shared = client.get(reverse(f"{choosers}:chosen", args=[bank["shared"].pk]))
    several = client.get(
        reverse(f"{choosers}:chosen_multiple"), {"id": [bank["a"].pk, bank["b"].pk]}
    ).content.decode()

    assert "A/Handoffs" in listing and "Shared/Basics" in listing
    assert "B/Raises" not in listing
    assert chosen_b.status_code == 404
    assert chosen_shared.status_code == 200
    assert "A/Handoffs" in several and "B/Raises" not in several


def test_no_chooser_for_single_bank_questions():
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("wagtailsnippetchoosers_quizzes_bankquestion:choose")


def test_paula_imports_gift_into_her_course_only(client, paula, bank):
    def upload(course):
        return client.post(
            reverse("quizzes_gift_import"),
            {"course": course.pk, "file": SimpleUploadedFile("a.gift", GIFT.encode())},
        )

    form = client.get(reverse("quizzes_gift_import"))
    choices = [choice for choice, _ in form.context["form"].fields["course"].choices]
    assert bank["course_a"].pk in [getattr(choice, "value", choice) for choice in choices]
    assert bank["course_b"].pk not in [getattr(choice, "value", choice) for choice in choices]

    refused = upload(bank["course_b"])
    assert refused.status_code == 200 and "course" in refused.context["form"].errors

    preview = upload(bank["course_a"])
    confirmed = client.post(
        reverse("quizzes_gift_import"), {"payload": preview.context["payload"]}
    )
    assert confirmed.status_code == 302
    assert BankQuestion.objects.filter(title="Handoff", category__course=bank["course_a"]).exists()


def test_a_forged_import_into_another_course_changes_nothing(client, paula, bank):
    options = {
        "course": bank["course_b"].pk,
        "text": GIFT,
        "category": None,
        "into_quiz_title": None,
        "skip_errors": False,
    }
    payload = _signer(paula).sign_object(options, compress=True)
    before = BankQuestion.objects.count()

    response = client.post(reverse("quizzes_gift_import"), {"payload": payload})

    assert (response.status_code, response.get("Location")) in ((403, None), (302, "/admin/"))
    assert BankQuestion.objects.count() == before


def test_paula_exports_her_and_shared_categories_but_not_another_courses(client, paula, bank):
    def export(category):
        return client.get(reverse("quizzes_category_gift", args=[category.pk]))

    mine, shared, theirs = export(bank["a"]), export(bank["shared"]), export(bank["b"])

    assert mine.status_code == 200
    assert [q.title for q in gift_parse(mine.content.decode()).questions] == ["Ask first"]
    assert shared.status_code == 200
    assert theirs.status_code == 404


def test_an_instructor_gets_none_of_the_bank(client, bank):
    client.force_login(make_instructor())
    urls = [
        snippet_url("questioncategory", "list"),
        snippet_url("bankquestion", "list"),
        snippet_url("bankquestion", "add"),
        snippet_url("bankquestion", "edit", bank["question_a"].pk),
        reverse("wagtailsnippetchoosers_quizzes_questioncategory:choose"),
        reverse("wagtailsnippetchoosers_quizzes_questioncategory:chosen", args=[bank["a"].pk]),
        reverse("quizzes_gift_import"),
        reverse("quizzes_category_gift", args=[bank["a"].pk]),
    ]

    for url in urls:
        response = client.get(url)
        assert (response.status_code, response.get("Location")) == (302, "/admin/"), url


@pytest.mark.parametrize("model", ["bankquestion", "questioncategory"])
def test_the_lists_cost_the_same_for_a_longer_bank(client, paula, bank, model):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(snippet_url(model, "list")).status_code == 200
        return len(captured)

    few = queries()
    for number in range(10):
        category = QuestionCategory.objects.create(name=f"A/{number}", course=bank["course_a"])
        add_question(category, f"More {number}")
    assert queries() == few


def quiz_form(quiz, category, user):
    """The admin's quiz editor form, bound to a random draw from `category`."""
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    from quizzes.models import QuizPage

    data = nested_form_data(
        {
            "title": quiz.title,
            "slug": quiz.slug,
            "intro": rich_text(""),
            "questions": streamfield([("random_draw", {"category": category.pk, "count": 1})]),
            "pass_mark": "50",
            "attempts_allowed": "1",
            "grading_method": "highest",
            "feedback_policy": "after_each_attempt",
        }
    )
    form_class = QuizPage.get_edit_handler().get_form_class()
    return form_class(data, instance=quiz, parent_page=quiz.get_parent(), for_user=user)


@pytest.mark.parametrize(("category", "refused"), [("a", False), ("shared", False), ("b", True)])
def test_a_quizs_random_draw_comes_only_from_categories_she_may_use(bank, category, refused):
    from tests.factories import make_quiz

    quiz = make_quiz(bank["course_a"], slug="week-1")

    form = quiz_form(quiz, bank[category], bank["paula"])
    form.is_valid()

    assert ("questions" in form.errors) is refused


def empty_categories(bank):
    """A category of each kind with no question in it, so nothing protects it."""
    return [
        QuestionCategory.objects.create(name="A/Spare", course=bank["course_a"]),
        QuestionCategory.objects.create(name="B/Spare", course=bank["course_b"]),
        QuestionCategory.objects.create(name="Shared/Spare"),
    ]


@pytest.mark.parametrize("model", ["bankquestion", "questioncategory"])
def test_bulk_delete_removes_only_her_courses_rows_and_names_no_others(client, paula, bank, model):
    if model == "bankquestion":
        mine, theirs, shared = bank["question_a"], bank["question_b"], bank["question_shared"]
    else:
        mine, theirs, shared = empty_categories(bank)
    url = reverse("wagtail_bulk_action", args=("quizzes", model, "delete"))
    ids = [mine.pk, theirs.pk, shared.pk]

    confirm = client.get(url, {"id": ids}).content.decode()
    everything = client.get(url, {"id": "all"}).content.decode()
    client.post(f"{url}?{'&'.join(f'id={pk}' for pk in ids)}")

    assert str(mine) in confirm
    for page in (confirm, everything):
        assert str(theirs) not in page
    rows = type(mine).objects
    assert not rows.filter(pk=mine.pk).exists()
    assert rows.filter(pk__in=[theirs.pk, shared.pk]).count() == 2


def test_bulk_delete_of_only_another_courses_rows_answers_404(client, paula, bank):
    url = reverse("wagtail_bulk_action", args=("quizzes", "bankquestion", "delete"))

    response = client.post(f"{url}?id={bank['question_b'].pk}")

    assert response.status_code == 404
    assert BankQuestion.objects.filter(pk=bank["question_b"].pk).exists()


def test_a_random_draw_links_to_her_category_but_not_to_a_shared_one(bank):
    chooser = QuizQuestionsBlock().child_blocks["random_draw"].child_blocks["category"].widget

    assert chooser.get_value_data(bank["a"])["edit_url"].endswith(f"/edit/{bank['a'].pk}/")
    assert chooser.get_value_data(bank["shared"])["edit_url"] == ""


# History


def test_site_history_shows_her_courses_bank_and_not_another_courses(client, paula, bank):
    bob = make_professor(bank["course_b"], username="bob")
    gift_import(course=bank["course_b"], text="::Secret B title::Raise now?{T}", user=bob)
    bobs_browser = Client()
    bobs_browser.force_login(bob)
    bobs_browser.post(
        snippet_url("bankquestion", "add"),
        bank_question_form(bank["b"], "Another B secret", "Ask in May."),
    )
    client.post(
        snippet_url("bankquestion", "add"),
        bank_question_form(bank["a"], "Paula's own", "Notice is two weeks."),
    )

    page = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()

    assert "Paula&#x27;s own" in page or "Paula's own" in page
    assert "Secret B title" not in page
    assert "Another B secret" not in page


def test_her_question_s_history_lists_its_changes(client, paula, bank):
    client.post(
        snippet_url("bankquestion", "add"),
        bank_question_form(bank["a"], "Notice", "Notice is two weeks."),
    )
    question = BankQuestion.objects.get(title="Notice")

    page = client.get(snippet_url("bankquestion", "history", question.pk)).content.decode()

    assert BankLogEntry.objects.filter(object_id=str(question.pk), course=bank["course_a"])
    assert "Created" in page


def test_history_written_before_the_bank_had_its_own_log_moves_there(bank):
    migration = import_module("quizzes.migrations.0005_question_bank_history")
    content_type = ContentType.objects.get_for_model(BankQuestion)
    for question in (bank["question_a"], bank["question_b"]):
        ModelLogEntry.objects.create(
            content_type=content_type,
            object_id=str(question.pk),
            label=str(question),
            action="wagtail.create",
            timestamp=timezone.now(),
        )

    migration.move_to_bank_log(django_apps, None)

    assert not ModelLogEntry.objects.filter(content_type=content_type).exists()
    assert sorted(BankLogEntry.objects.values_list("label", "course")) == sorted(
        [
            (str(bank["question_a"]), bank["course_a"].pk),
            (str(bank["question_b"]), bank["course_b"].pk),
        ]
    )
