"""Hostile text typed anywhere — names, answers, rosters, GIFT files, rich
text, searches, join codes — comes back exactly as typed on every page a
student or instructor reads, and nothing in it runs: no script, no event
handler, no `javascript:` link, no template tag.
"""

import csv
import io
import json

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from certificates.services import certificate_issue
from classes.models import Enrollment
from lessons.services import lesson_complete
from quizzes.banks import BankQuestion
from quizzes.gift.writer import ExportQuestion, gift_write
from quizzes.models import Attempt
from tests.factories import (
    enroll,
    make_course,
    make_lesson,
    make_quiz,
    make_section,
    make_student,
    numeric,
    short_text,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

PUNCTUATION = "< > & &lt; &gt; &amp; ' \\' 碁 \\ \\\\"
HOSTILE = [
    PUNCTUATION,
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    '" autofocus onfocus="alert(1)',
    "' onmouseover='alert(1)",
    "囲碁\\n\\\\server\\share 名前",
    "{{ 7*7 }}",
    "{% debug %}",
]
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data")


def soup(response):
    assert response.status_code in (200, 400), response.status_code
    return BeautifulSoup(response.content, "html.parser")


def assert_inert(page):
    """No handler, script or `javascript:` URL that the typed text could have made."""
    for element in page.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), f"<{element.name} {name}={value!r}>"
            if name.lower() in URL_ATTRIBUTES:
                assert not str(value).strip().lower().startswith("javascript:"), value
    for script in page.find_all("script"):
        assert "alert(1)" not in script.get_text(), script
    assert not page.find("img", src="x")
    assert "49" not in page.get_text().split()


def assert_shown(page, *texts):
    """Each text appears literally: not escaped twice, not stripped, not evaluated."""
    assert_inert(page)
    shown = page.get_text()
    for text in texts:
        assert text in shown, text


def value_of(page, selector):
    return page.select_one(selector)["value"]


def sign_up(client, first_name, last_name, email):
    passphrase = "a-long-passphrase-1"
    return client.post(
        "/accounts/signup/",
        {
            "first_name": first_name,
            "last_name": last_name,
            "email": email,
            "password1": passphrase,
            "password2": passphrase,
        },
    )


@pytest.fixture
def instructor():
    user = make_student("ines")
    user.groups.add(Group.objects.get(name="Instructors"))
    return user


# Names typed at sign-up


def test_names_typed_at_sign_up_are_kept_and_shown_exactly(client):
    for number, text in enumerate(HOSTILE):
        client.logout()
        assert sign_up(client, text, text, f"s{number}@example.edu").status_code == 302
        user = get_user_model().objects.get(email=f"s{number}@example.edu")
        assert (user.first_name, user.last_name) == (text, text)

        for url in ("/dashboard/", "/accounts/", "/accounts/data/"):
            assert_shown(soup(client.get(url)), text)

        profile = json.loads(client.get("/accounts/data/export.json").content)["profile"]
        assert (profile["first_name"], profile["last_name"]) == (text, text)


def test_a_refused_sign_up_shows_the_names_back_in_their_fields_exactly(client):
    for text in HOSTILE:
        page = soup(sign_up(client, text, text, "not-an-email"))
        assert_inert(page)
        assert value_of(page, "#id_first_name") == text
        assert value_of(page, "#id_last_name") == text


# Quiz answers, and the pages built on them


@pytest.fixture
def world(instructor):
    """A section with a hostile name and term, a quiz with a short-text and a
    numeric question, and one student per hostile string who joined by code."""
    course = make_course(title="Soft Landing", slug="soft-landing")
    quiz = make_quiz(
        course,
        [short_text("Name the introduction.", ["double opt-in"]), numeric("How many asks?", 1)],
        title="Week 1",
        slug="week-1",
    )
    section = make_section(course, name=HOSTILE[1], term=PUNCTUATION, instructors=[instructor])
    students = []
    for number, text in enumerate(HOSTILE):
        student = make_student(f"s{number}", first_name=text, last_name=PUNCTUATION)
        enroll(section, student, sis_user_id=text)
        students.append(student)
    return course, quiz, section, students


def start(client, quiz):
    response = client.post(reverse("quizzes:start", args=[quiz.pk]))
    return Attempt.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def keys(attempt):
    by_type = {entry["question"]["type"]: entry["key"] for entry in attempt.questions}
    return by_type["short_text"], by_type["numeric"]


def test_short_answers_autosaved_come_back_exactly_on_the_attempt_and_result(client, world):
    _course, quiz, _section, students = world
    for student, text in zip(students, HOSTILE, strict=True):
        client.force_login(student)
        attempt = start(client, quiz)
        text_key, number_key = keys(attempt)
        saved = client.post(
            reverse("quizzes:autosave", args=[attempt.pk]),
            json.dumps({"question": text_key, "answer": text, "version": 0}),
            content_type="application/json",
        )
        assert saved.status_code == 200, saved.content

        page = soup(client.get(reverse("quizzes:attempt", args=[attempt.pk])))
        assert_inert(page)
        assert value_of(page, f"#answer-{text_key}") == text

        client.post(
            reverse("quizzes:submit", args=[attempt.pk]),
            {
                f"v-{text_key}": "1",
                f"q-{text_key}": text,
                f"v-{number_key}": "0",
                f"q-{number_key}": "1",
                "confirm": "1",
            },
        )
        result = soup(client.get(reverse("quizzes:result", args=[attempt.pk])))
        assert_shown(result, text)


def test_a_bad_number_is_shown_back_in_its_field_exactly_and_saved_nowhere(client, world):
    _course, quiz, _section, [student, *_] = world
    client.force_login(student)
    attempt = start(client, quiz)
    text_key, number_key = keys(attempt)
    for text in HOSTILE:
        response = client.post(
            reverse("quizzes:save", args=[attempt.pk]),
            {
                f"v-{number_key}": "0",
                f"q-{number_key}": text,
                f"v-{text_key}": "0",
                f"q-{text_key}": text,
            },
        )
        page = soup(response)
        assert response.status_code == 400
        assert_inert(page)
        assert value_of(page, f"#answer-{number_key}") == text
        assert value_of(page, f"#answer-{text_key}") == text
    assert attempt.responses.get(question_key=number_key).answer in (None, "")


@pytest.fixture
def graded(client, world):
    """Every student has answered the short-text question with their own string."""
    _course, quiz, _section, students = world
    for student, text in zip(students, HOSTILE, strict=True):
        client.force_login(student)
        attempt = start(client, quiz)
        text_key, number_key = keys(attempt)
        client.post(
            reverse("quizzes:submit", args=[attempt.pk]),
            {
                f"v-{text_key}": "0",
                f"q-{text_key}": text,
                f"v-{number_key}": "0",
                f"q-{number_key}": "2",
                "confirm": "1",
            },
        )
    client.logout()
    return world


def test_the_instructors_pages_show_names_ids_and_answers_exactly(client, graded, instructor):
    _course, quiz, section, students = graded
    client.force_login(instructor)
    name = lambda view, *args: reverse(f"classes_section:{view}", args=[section.pk, *args])  # noqa: E731

    assert_shown(soup(client.get(name("overview"))), section.name, section.term)
    for view in ("roster", "gradebook"):
        assert_shown(soup(client.get(name(view))), section.name, *HOSTILE)
    assert_inert(soup(client.get(name("item_analysis", quiz.pk))))
    for student, text in zip(students, HOSTILE, strict=True):
        enrollment = Enrollment.objects.get(section=section, student=student)
        assert_shown(soup(client.get(name("student", enrollment.pk))), text)


def test_the_students_own_export_gives_the_names_and_answers_back_exactly(client, graded):
    _course, _quiz, _section, students = graded
    for student, text in zip(students, HOSTILE, strict=True):
        client.force_login(student)
        data = json.loads(client.get("/accounts/data/export.json").content)
        flat = json.dumps(data, ensure_ascii=False)
        assert json.dumps(text, ensure_ascii=False)[1:-1] in flat
        cells = [
            cell
            for row in csv.reader(
                io.StringIO(client.get("/accounts/data/export.csv").content.decode("utf-8-sig"))
            )
            for cell in row
        ]
        assert text in cells


def test_every_gradebook_export_keeps_names_exactly_and_formulas_inert(client, graded, instructor):
    _course, _quiz, section, _students = graded
    formula = make_student("formula", first_name='=HYPERLINK("x")', last_name="@SUM(1)")
    enroll(section, formula, sis_user_id="-2+3")
    client.force_login(instructor)

    def download(format):
        response = client.get(reverse("classes_section:export", args=[section.pk, format]))
        return b"".join(response.streaming_content)

    for format in ("csv", "canvas", "moodle"):
        text = download(format).decode("utf-8-sig")
        cells = {cell for row in csv.reader(io.StringIO(text)) for cell in row}
        assert not any(cell.startswith(("=", "+", "@")) for cell in cells), format
        if format != "moodle":  # Moodle's file has no names
            assert set(HOSTILE) <= {c for cell in cells for c in (cell, *cell.split(", "))}
        assert "-2+3" not in cells and ("'-2+3" in cells or format != "csv")
    workbook = openpyxl.load_workbook(io.BytesIO(download("xlsx")))
    values = {cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row}
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    assert '\'@SUM(1), =HYPERLINK("x")' in values  # one quote, nothing else changed
    assert all(any(isinstance(v, str) and text in v for v in values) for text in HOSTILE)


def test_the_certificate_shows_the_name_exactly(client):
    course = make_course(title="Soft Landing", slug="soft-landing")
    lesson = make_lesson(course)
    for number, text in enumerate(HOSTILE):
        student = make_student(f"c{number}", first_name=text, last_name=PUNCTUATION)
        lesson_complete(student=student, lesson=lesson)
        certificate = certificate_issue(student=student, course=course)
        client.force_login(student)
        assert_shown(soup(client.get(certificate.get_absolute_url())), text)
        client.logout()
        assert_shown(soup(client.get(certificate.get_absolute_url())), text)


# Rosters


def roster_csv():
    lines = ["Email,First name,Last name,SIS User ID"]
    for number, text in enumerate(HOSTILE):
        row = [f"r{number}@example.edu", text, PUNCTUATION, text]
        lines.append(",".join('"' + cell.replace('"', '""') + '"' for cell in row))
    return "\n".join(lines) + "\n"


def test_roster_fields_survive_the_preview_the_import_and_the_roster_page(client, instructor):
    section = make_section(name=PUNCTUATION, term=HOSTILE[4], instructors=[instructor])
    client.force_login(instructor)
    url = reverse("classes_section:roster_upload", args=[section.pk])
    file = SimpleUploadedFile("roster.csv", roster_csv().encode(), content_type="text/csv")

    preview = client.post(url, {"file": file})
    assert_shown(soup(preview), *HOSTILE)
    confirmed = client.post(url, {"payload": preview.context["payload"]})
    assert confirmed.status_code == 302

    assert_shown(soup(client.get(confirmed["Location"])), *HOSTILE)
    from classes.models import PendingEnrollment

    kept = PendingEnrollment.objects.filter(section=section).order_by("email")
    assert [(p.first_name, p.sis_user_id) for p in kept] == [(t, t) for t in HOSTILE]


def test_a_hostile_email_is_refused_and_shown_back_literally(client, instructor):
    section = make_section(instructors=[instructor])
    client.force_login(instructor)
    url = reverse("classes_section:roster_upload", args=[section.pk])
    text = 'Email,First name\n"<img src=x onerror=alert(1)>@example.edu",Sam\n'
    file = SimpleUploadedFile("roster.csv", text.encode(), content_type="text/csv")

    page = soup(client.post(url, {"file": file}))

    assert_shown(page, "<img src=x onerror=alert(1)>@example.edu")
    assert "Import this roster" not in page.get_text()


def test_the_roster_command_prints_the_fields_literally(tmp_path, instructor):
    section = make_section(instructors=[instructor])
    path = tmp_path / "roster.csv"
    path.write_text(roster_csv(), encoding="utf-8")
    out = io.StringIO()

    call_command("import_roster", section.join_code, str(path), stdout=out)

    from classes.models import PendingEnrollment

    assert sorted(PendingEnrollment.objects.values_list("last_name", flat=True)) == [
        PUNCTUATION
    ] * len(HOSTILE)


# GIFT files


def test_gift_text_survives_the_upload_preview_and_import_exactly(client):
    course = make_course(title="Soft Landing", slug="soft-landing")
    admin = get_user_model().objects.create_superuser("prof", "prof@example.com", "pw")
    client.force_login(admin)
    questions = [
        ExportQuestion(
            f"T{number} {text}",
            "single_choice",
            {
                "prompt": "<p>Pick one.</p>",
                "choices": [
                    {"text": text, "correct": True, "feedback": text},
                    {"text": "Other", "correct": False, "feedback": ""},
                ],
                "explanation": "",
                "points": 1,
            },
            f"C{number} {text}",
        )
        for number, text in enumerate(HOSTILE)
    ]
    upload = SimpleUploadedFile("q.gift", gift_write(questions).encode(), "text/plain")

    preview = client.post(reverse("quizzes_gift_import"), {"course": course.pk, "file": upload})
    assert_shown(soup(preview), *(q.title for q in questions))
    client.post(reverse("quizzes_gift_import"), {"payload": preview.context["payload"]})

    for question in questions:
        kept = BankQuestion.objects.get(title=question.title)
        assert kept.category.name == question.category
        first = kept.question[0].value["choices"][0]
        assert (first["text"], first["feedback"]) == (question.value["choices"][0]["text"],) * 2
    listing = client.get(reverse("wagtailsnippets_quizzes_bankquestion:list"))
    assert_shown(soup(listing), *(q.title for q in questions))


def test_markup_in_a_gift_prompt_is_sanitised_before_any_student_sees_it(client):
    course = make_course(title="Soft Landing", slug="soft-landing")
    admin = get_user_model().objects.create_superuser("prof", "prof@example.com", "pw")
    client.force_login(admin)
    gift = (
        "::Hostile::<img src\\=x onerror\\=alert(1)><script>alert(1)</script>"
        '<a href\\="javascript:alert(1)" onclick\\="alert(1)">Who</a> asks?'
        "{=A friend ~A stranger}\n"
    )
    upload = SimpleUploadedFile("q.gift", gift.encode(), "text/plain")
    preview = client.post(reverse("quizzes_gift_import"), {"course": course.pk, "file": upload})
    assert_inert(soup(preview))
    client.post(reverse("quizzes_gift_import"), {"payload": preview.context["payload"]})
    [kept] = BankQuestion.objects.get(title="Hostile").question
    assert "alert" not in kept.value["prompt"].source
    source = kept.value["prompt"].source
    assert "<img" not in source and "<script" not in source and "javascript:" not in source
    assert "Who" in source and "asks?" in source


# Rich text in a lesson, searches and join codes


def test_a_lesson_body_with_a_javascript_link_and_an_img_onerror_runs_nothing(client):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    course = make_course(title="Soft Landing", slug="soft-landing")
    lesson = make_lesson(course, title="Hostile lesson")
    admin = get_user_model().objects.create_superuser("prof", "prof@example.com", "pw")
    client.force_login(admin)
    # What the editor posts: a link entity whose URL is `javascript:`, and the
    # markup of an <img onerror> typed as text.
    typed = f"Click {HOSTILE[1]} {PUNCTUATION}"
    body = json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "depth": 0,
                    "text": typed,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": 5, "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {
                "0": {
                    "type": "LINK",
                    "mutability": "MUTABLE",
                    "data": {"url": "javascript:alert(1)"},
                }
            },
        }
    )
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    form = edit.context["form"]
    data = {
        key: value
        for key, value in form.initial.items()
        if isinstance(value, str | int) and key not in ("body",)
    }
    data.update(
        nested_form_data(
            {
                "title": lesson.title,
                "slug": lesson.slug,
                "summary": lesson.summary,
                "body": streamfield([("text", body)]),
                "action-publish": "publish",
            }
        )
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[lesson.pk]), data)
    assert response.status_code == 302, response.context["form"].errors

    client.logout()
    page = soup(client.get(lesson.url))
    assert_shown(page, typed)
    assert not page.select("main img")


def test_a_search_query_is_shown_back_exactly(client):
    for text in HOSTILE:
        page = soup(client.get(reverse("search"), {"q": text}))
        assert_shown(page, text)
        assert value_of(page, "main input[name=q]") == text


def test_a_join_code_is_shown_back_and_runs_nothing(client):
    client.force_login(make_student("sam"))
    for text in HOSTILE:
        page = soup(client.post("/join/", {"code": text}))
        assert_inert(page)
        assert value_of(page, "#join-code") == text
