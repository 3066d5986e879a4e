"""A professor brings a Moodle GIFT file into a course's question bank, and takes it back out.

Questions land in the categories the file names; kinds we have no block for
are listed with their lines and left out; a file with errors changes nothing
unless the professor chooses to skip them; a dry run never writes.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from quizzes.gift import gift_parse
from quizzes.gift.importing import GiftImportRefused, gift_import
from quizzes.models import BankQuestion, QuestionCategory, QuizPage
from tests.factories import (
    make_course,
    make_professor,
    make_quiz,
    make_student,
    single_choice,
    true_false,
)

pytestmark = pytest.mark.django_db

CLEAN = """$CATEGORY: $course$/top/Networking/Handoffs

::Ask first::Who do you ask first?{~A stranger =A friend}

::Connection::A connection is a contact.{F}

$CATEGORY: $course$/top/Severance

::Essay::Describe your last job.{}

::Notice::How many weeks of notice?{#2:0.5}
"""
BROKEN = CLEAN + "\n::Broken::What is missing?{=this ~that\n"


@pytest.fixture
def course():
    return make_course(title="Soft Landing", slug="soft-landing")


@pytest.fixture
def gift_file(tmp_path):
    def write(text):
        path = tmp_path / "questions.gift"
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_gift", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_questions_land_in_the_categories_the_file_names(course):
    report = gift_import(course=course, text=CLEAN)

    assert report.written
    assert dict(BankQuestion.objects.values_list("title", "category__name")) == {
        "Ask first": "Networking/Handoffs",
        "Connection": "Networking/Handoffs",
        "Notice": "Severance",
    }
    assert set(QuestionCategory.objects.values_list("course", flat=True)) == {course.pk}
    assert [(s.line, s.kind) for s in report.skipped] == [(9, "essay")]


def test_a_category_given_on_the_command_line_wins_over_the_file(course, gift_file):
    output = run("soft-landing", gift_file(CLEAN), "--category", "Week 1")

    assert set(BankQuestion.objects.values_list("category__name", flat=True)) == {"Week 1"}
    assert "line 9: skipped essay" in output
    assert "3 question(s) imported" in output


def test_an_existing_category_is_reused(course):
    QuestionCategory.objects.create(course=course, name="Severance")

    gift_import(course=course, text=CLEAN)

    assert QuestionCategory.objects.filter(course=course).count() == 2


def test_a_file_with_errors_imports_nothing_and_names_the_line(course, gift_file):
    with pytest.raises(GiftImportRefused) as refused:
        gift_import(course=course, text=BROKEN)
    assert [error.line for error in refused.value.report.errors] == [13]

    with pytest.raises(CommandError, match="nothing imported"):
        run("soft-landing", gift_file(BROKEN))
    assert not BankQuestion.objects.exists()
    assert not QuestionCategory.objects.exists()


def test_skip_errors_imports_the_questions_that_can_be_read(course, gift_file):
    output = run("soft-landing", gift_file(BROKEN), "--skip-errors")

    assert "line 13: error" in output
    assert BankQuestion.objects.count() == 3


def test_a_dry_run_writes_nothing(course, gift_file):
    output = run("soft-landing", gift_file(CLEAN), "--dry-run", "--quiz", "Week 1 quiz")

    assert "3 question(s) would import" in output
    assert "line 3: single_choice: Ask first" in output
    assert not BankQuestion.objects.exists()
    assert not QuizPage.objects.exists()


def test_the_questions_can_also_become_a_new_draft_quiz(course, gift_file):
    output = run("soft-landing", gift_file(CLEAN), "--quiz", "Week 1 quiz")

    quiz = QuizPage.objects.get(title="Week 1 quiz")
    assert not quiz.live
    assert quiz.get_parent().pk == course.pk
    assert [block.block_type for block in quiz.questions] == [
        "single_choice",
        "true_false",
        "numeric",
    ]
    assert quiz.get_latest_revision() is not None
    assert "Draft quiz 'Week 1 quiz'" in output


def test_an_unknown_course_is_refused(gift_file):
    with pytest.raises(CommandError, match="No course"):
        run("nowhere", gift_file(CLEAN))


def test_export_of_a_category_reads_back_to_the_same_questions(course, tmp_path):
    gift_import(course=course, text=CLEAN)
    target = tmp_path / "out.gift"

    call_command("export_gift", "--category", "Networking/Handoffs", "-o", str(target))

    parsed = gift_parse(target.read_text(encoding="utf-8"))
    assert parsed.errors == [] and parsed.skipped == []
    originals = {q.title: q for q in gift_parse(CLEAN).questions}
    assert [(q.title, q.category) for q in parsed.questions] == [
        ("Ask first", "Networking/Handoffs"),
        ("Connection", "Networking/Handoffs"),
    ]
    for question in parsed.questions:
        assert question.value == originals[question.title].value


def test_export_of_a_quiz_writes_its_questions(course, capsys):
    questions = [
        single_choice("Who do you ask first?", [("A stranger", False), ("A friend", True)]),
        true_false("A connection is a contact.", False),
    ]
    make_quiz(course, questions, slug="week-1")

    call_command("export_gift", "--quiz", "week-1")

    parsed = gift_parse(capsys.readouterr().out)
    assert [(q.block_type, q.value) for q in parsed.questions] == questions


# The admin upload


@pytest.fixture
def professor(client, course):
    """Paula, granted the Professor role on `course`."""
    user = make_professor(course)
    client.force_login(user)
    return user


def upload(client, course, text, **fields):
    return client.post(
        reverse("quizzes_gift_import"),
        {
            "course": course.pk,
            "file": SimpleUploadedFile("week1.gift", text.encode("utf-8"), "text/plain"),
            **fields,
        },
    )


def test_the_professors_upload_previews_then_imports_on_confirm(client, professor, course):
    preview = upload(client, course, CLEAN)

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Ask first" in page and "Line 9" in page and "Essay" in page
    assert not BankQuestion.objects.exists()

    confirmed = client.post(
        reverse("quizzes_gift_import"), {"payload": preview.context["payload"]}
    )

    assert confirmed.status_code == 302
    assert BankQuestion.objects.count() == 3


def test_an_upload_of_a_broken_file_offers_no_import(client, professor, course):
    preview = upload(client, course, BROKEN)

    assert "Line 13" in preview.content.decode()
    assert not preview.context["importable"]
    client.post(reverse("quizzes_gift_import"), {"payload": preview.context["payload"]})
    assert not BankQuestion.objects.exists()


def test_a_tampered_preview_is_refused(client, professor, course):
    preview = upload(client, course, CLEAN)

    client.post(reverse("quizzes_gift_import"), {"payload": preview.context["payload"] + "x"})

    assert not BankQuestion.objects.exists()


def test_someone_who_cannot_edit_the_bank_cannot_upload(client, course):
    student = make_student()
    client.force_login(student)

    response = upload(client, course, CLEAN)

    assert response.status_code in (302, 403)
    assert not BankQuestion.objects.exists()


def test_an_editor_without_bank_permission_is_refused(client, course):
    editor = make_student("ed")
    group = Group.objects.create(name="Editors without bank")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    client.force_login(editor)

    # The admin answers a refused permission by sending the user to its home page.
    for response in (upload(client, course, CLEAN), client.get(reverse("quizzes_gift_import"))):
        assert (response.status_code, response.get("Location")) in ((403, None), (302, "/admin/"))
    assert not BankQuestion.objects.exists()


def test_the_professor_downloads_a_category_as_gift(client, professor, course):
    gift_import(course=course, text=CLEAN)
    category = QuestionCategory.objects.get(name="Severance")

    response = client.get(reverse("quizzes_category_gift", args=[category.pk]))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert [q.title for q in gift_parse(response.content.decode()).questions] == ["Notice"]


def test_the_professor_downloads_a_quiz_as_gift(client, professor, course):
    quiz = make_quiz(course)

    response = client.get(reverse("quizzes_quiz_gift", args=[quiz.pk]))

    assert response.status_code == 200
    assert len(gift_parse(response.content.decode()).questions) == 1


def test_a_quiz_edit_page_offers_the_gift_download(client, professor, course):
    quiz = make_quiz(course)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[quiz.pk]))

    assert reverse("quizzes_quiz_gift", args=[quiz.pk]) in response.content.decode()


def test_the_category_listing_offers_the_gift_download(client, professor, course):
    category = QuestionCategory.objects.create(course=course, name="Severance")

    response = client.get(reverse("wagtailsnippets_quizzes_questioncategory:list"))

    assert reverse("quizzes_category_gift", args=[category.pk]) in response.content.decode()


# Every imported question starts with a revision, as if saved in the admin


def test_each_imported_question_starts_with_one_revision_by_the_professor_who_uploaded_it(
    client, professor, course
):
    preview = upload(client, course, CLEAN)
    client.post(reverse("quizzes_gift_import"), {"payload": preview.context["payload"]})

    questions = BankQuestion.objects.order_by("pk")
    assert questions.count() == 3
    for question in questions:
        [revision] = question.revisions.all()
        assert question.latest_revision == revision
        assert revision.user == professor
        assert revision.object_str == question.title
        as_saved = revision.as_object()
        assert (as_saved.title, as_saved.category) == (question.title, question.category)
        assert list(as_saved.question.raw_data) == list(question.question.raw_data)

        history = client.get(
            reverse("wagtailsnippets_quizzes_bankquestion:history", args=[question.pk])
        )

        assert history.status_code == 200
        page = " ".join(history.content.decode().split())
        assert "Imported from a GIFT file" in page
        assert "Paula Professor" in page


def test_a_question_imported_from_the_command_line_has_a_revision_by_nobody(course, gift_file):
    run("soft-landing", gift_file(CLEAN))

    for question in BankQuestion.objects.all():
        assert question.latest_revision is not None
        assert question.latest_revision.user is None


def gift_of(count, category):
    """A GIFT file of `count` true/false questions in `category`."""
    questions = (f"::Q{number}::Statement {number}.{{T}}" for number in range(1, count + 1))
    return f"$CATEGORY: {category}\n\n" + "\n\n".join(questions)


def test_an_import_costs_a_fixed_number_of_queries_and_two_a_question(
    course, django_assert_max_num_queries
):
    user = make_professor(course)
    gift_import(course=course, text=gift_of(1, "Warm-up"), user=user)

    with django_assert_max_num_queries(FIXED_QUERIES + 3 * REFERENCE_QUERIES) as three:
        gift_import(course=course, text=gift_of(3, "Three"), user=user)
    with django_assert_max_num_queries(FIXED_QUERIES + 30 * REFERENCE_QUERIES) as thirty:
        gift_import(course=course, text=gift_of(30, "Thirty"), user=user)

    assert len(thirty) - len(three) == 27 * REFERENCE_QUERIES
    assert BankQuestion.objects.filter(latest_revision__isnull=False).count() == 34


FIXED_QUERIES = 13
REFERENCE_QUERIES = 2  # Wagtail's reference index, question by question


def test_a_category_of_imported_questions_cannot_be_deleted_from_under_them(client, course):
    professor = make_professor(course)
    gift_import(course=course, text="$CATEGORY: Week 1\n\nNotice is two weeks.{T}", user=professor)
    category = QuestionCategory.objects.get(name="Week 1")
    client.force_login(professor)
    url = reverse("wagtailsnippets_quizzes_questioncategory:delete", args=[category.pk])

    page = client.get(url).content.decode()
    response = client.post(url)

    assert "prevent it from being deleted" in page
    assert response.status_code == 302
    assert QuestionCategory.objects.filter(pk=category.pk).exists()
    assert BankQuestion.objects.filter(category=category).count() == 1


def test_the_bank_s_search_finds_an_imported_question(client, course):
    professor = make_professor(course)
    gift_import(
        course=course,
        text="::Handoff::Who makes the introduction?{=A friend ~A stranger}\n\n"
        "::Notice::How long?{#2}",
        user=professor,
    )
    client.force_login(professor)

    response = client.get(
        reverse("wagtailsnippets_quizzes_bankquestion:list"), {"q": "introduction"}
    )

    page = response.content.decode()
    assert "Handoff" in page
    assert "Notice" not in page
