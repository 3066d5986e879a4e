"""An instructor takes a section's grades to the college's LMS or a spreadsheet:
Canvas and Moodle import files, our full CSV and an XLSX workbook, all safe to
open whatever students typed as their names."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from classes.exports import (
    EXPORT_FORMATS,
    export_chunks,
    export_filename,
)
from classes.exports.cells import LINES_PER_CHUNK, csv_cell, csv_chunks
from classes.gradebook import Gradebook
from classes.models import Enrollment, Section
from course.cells import FORMULA_STARTS
from quizzes.models import Attempt, QuizPage
from tests.factories import (
    enroll,
    make_course,
    make_instructor,
    make_lesson,
    make_quiz,
    make_section,
    make_student,
    take_quiz,
    two_point_quiz,
)

pytestmark = pytest.mark.django_db

SECTION = "CAREER 101 — Spring 2027 — 02"
PAYLOAD = '=HYPERLINK("http://x","y")'
CSV_FORMATS = ["canvas", "moodle", "csv"]


@pytest.fixture
def course():
    return make_course(title="Not If. When.")


@pytest.fixture
def section(course):
    """Ana aced the first quiz and has not taken the second; Sam half-passed the
    first and aced the second. Only Ana came with the college's identifiers."""
    first = two_point_quiz(course, title="The first 72 hours")
    second = make_quiz(course, title="The networking handoff")
    make_lesson(course)
    section = make_section(course, name=SECTION)
    ana = make_student("ana", first_name="Ana", last_name="de la Cruz")
    sam = make_student("sam", first_name="Sam", last_name="Rivera")
    enroll(section, ana, sis_user_id="S1001", sis_login_id="ana.cruz")
    enroll(section, sam)
    take_quiz(ana, first, ["c1", "c0"])
    take_quiz(sam, first, ["c1", "c1"])
    take_quiz(sam, second, ["c1"])
    return section


def exported(section, format) -> bytes:
    return b"".join(export_chunks(section=section, format=format))


def parsed(data: bytes) -> list[list[str]]:
    """As Python's csv module reads the file; a stray BOM would stay in the first cell."""
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def every_text(section, format) -> list[str]:
    """Every text cell of the export, headers and both workbook sheets included."""
    data = exported(section, format)
    if format == "xlsx":
        sheets = workbook(data).worksheets
        return [
            cell
            for sheet in sheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if isinstance(cell, str)
        ]
    return [cell for row in parsed(data.removeprefix(b"\xef\xbb\xbf")) for cell in row]


def test_the_canvas_file_has_canvass_header_points_possible_and_blank_ungraded_work(section):
    assert parsed(exported(section, "canvas")) == [
        [
            "Student",
            "ID",
            "SIS User ID",
            "SIS Login ID",
            "Section",
            "The first 72 hours",
            "The networking handoff",
        ],
        ["    Points Possible", "", "", "", "", "2", "1"],
        ["de la Cruz, Ana", "", "S1001", "ana.cruz", SECTION, "2", ""],
        ["Rivera, Sam", "", "", "", SECTION, "1", "1"],
    ]


def test_the_moodle_file_gives_email_idnumber_and_percents_only(section):
    assert parsed(exported(section, "moodle")) == [
        ["email", "idnumber", "The first 72 hours", "The networking handoff"],
        ["ana@example.com", "S1001", "100", ""],
        ["sam@example.com", "", "50", "100"],
    ]


def test_the_moodle_file_leaves_out_idnumber_when_no_active_student_has_one(course):
    quiz = make_quiz(course, title="Check")
    section = make_section(course)
    sam, gone = make_student("sam"), make_student("gone")
    enroll(section, sam)
    enroll(section, gone, sis_user_id="S9", status=Enrollment.Status.DROPPED)
    take_quiz(sam, quiz, ["c1"])

    assert parsed(exported(section, "moodle")) == [["email", "Check"], ["sam@example.com", "100"]]


def test_our_csv_has_every_column_and_a_bom_for_excel(section):
    data = exported(section, "csv")

    assert data.startswith(b"\xef\xbb\xbf")
    header, ana, sam = parsed(data.removeprefix(b"\xef\xbb\xbf"))
    assert header == [
        "Student",
        "Username",
        "Email",
        "SIS user ID",
        "SIS login ID",
        "The first 72 hours (%)",
        "The first 72 hours (points of 2)",
        "The first 72 hours attempts",
        "The first 72 hours late",
        "The networking handoff (%)",
        "The networking handoff (points of 1)",
        "The networking handoff attempts",
        "The networking handoff late",
        "Lessons completed",
        "Total (%)",
        "Total (points)",
    ]
    assert ana == [
        "de la Cruz, Ana",
        "ana",
        "ana@example.com",
        "S1001",
        "ana.cruz",
        *["100", "2", "1", "no"],
        *["", "", "0", ""],
        "0",
        "66.6667",
        "2",
    ]
    assert sam[5:] == ["50", "1", "1", "no", "100", "1", "1", "no", "0", "66.6667", "2"]


def test_the_workbook_has_numbers_as_numbers_a_frozen_header_and_the_item_analysis(section):
    book = workbook(exported(section, "xlsx"))
    grades, analysis = book.worksheets

    assert [grades.title, analysis.title] == ["Gradebook", "Item analysis"]
    assert grades.freeze_panes == "A2" and analysis.freeze_panes == "A2"
    header, ana, sam = grades.iter_rows(values_only=True)
    assert header[:6] == (
        "Student",
        "Username",
        "Email",
        "SIS user ID",
        "SIS login ID",
        "The first 72 hours (%)",
    )
    assert ana[:10] == (
        "de la Cruz, Ana",
        "ana",
        "ana@example.com",
        "S1001",
        "ana.cruz",
        100,
        2,
        1,
        False,
        None,
    )
    assert sam[-3:] == (0, pytest.approx(200 / 3), 2)
    assert all(isinstance(value, int | float) for value in sam[5:8])

    rows = list(analysis.iter_rows(values_only=True))
    assert rows[0][:4] == ("Quiz", "Students analysed", "Question", "Prompt")
    friend = next(row for row in rows if row[9] == "A friend")
    assert friend[:4] == ("The first 72 hours", 2, 1, "Who do you ask first?")
    assert friend[10:] == (2, 1, True)  # both chose it: a share of 1, i.e. 100 %


@pytest.mark.parametrize("format", list(EXPORT_FORMATS))
def test_a_name_or_title_written_as_a_formula_comes_out_inert(course, format):
    quiz = make_quiz(course, title=PAYLOAD)
    section = make_section(course, name=f"{PAYLOAD} section")
    for username, first, last in [
        ("first", PAYLOAD, "Rivera"),
        ("last", "Sam", PAYLOAD),
        ("both", PAYLOAD, PAYLOAD),
    ]:
        student = make_student(username, first_name=first, last_name=last)
        enroll(section, student, sis_user_id=PAYLOAD)
        take_quiz(student, quiz, ["c1"])

    texts = every_text(section, format)

    assert not [text for text in texts if text.startswith(FORMULA_STARTS)]
    assert f"'{PAYLOAD}" in texts or any(text.startswith(f"'{PAYLOAD}") for text in texts)


@pytest.mark.parametrize("format", list(EXPORT_FORMATS))
def test_every_dangerous_first_character_is_neutralised(course, format):
    quiz = make_quiz(course, title="+ marks the spot")
    section = make_section(course, name="-1 section")
    for username, first, last, sis in [
        ("+plus", "+Plus", "@At", "-42"),
        ("-tab", "\tTab", "\rReturn", "+1 555 0100"),
        ("@at", "@home", "-Dash", "@sis"),
    ]:
        student = make_student(username, first_name=first, last_name=last)
        enroll(section, student, sis_user_id=sis, sis_login_id=last)
        take_quiz(student, quiz, ["c1"])

    texts = every_text(section, format)

    assert not [text for text in texts if text.startswith(FORMULA_STARTS)]
    assert {"'-42", "'+1 555 0100", "'@sis"} <= set(texts)


def test_numbers_are_never_altered_though_text_that_looks_like_one_is():
    assert [csv_cell(-3), csv_cell(-0.5), csv_cell(0.0), csv_cell(66.666666)] == [
        "-3",
        "-0.5",
        "0",
        "66.6667",
    ]
    assert [csv_cell("-3"), csv_cell("+44 20"), csv_cell(None)] == ["'-3", "'+44 20", ""]


@pytest.mark.parametrize(
    ("first", "last", "sortable"),
    [("Zoë", "Ñúñez", "Ñúñez, Zoë"), ("秀英", "王", "王, 秀英"), ("ليلى", "حداد", "حداد, ليلى")],
)
def test_names_in_any_script_survive_byte_for_byte(course, first, last, sortable):
    quiz = make_quiz(course, title="Première évaluation — 第一")
    section = make_section(course)
    student = make_student("intl", first_name=first, last_name=last)
    enroll(section, student)
    take_quiz(student, quiz, ["c1"])

    for format in ("canvas", "csv"):
        data = exported(section, format)
        assert f'"{sortable}"'.encode() in data
        assert "Première évaluation — 第一".encode() in data
    book = workbook(exported(section, "xlsx"))
    assert book.worksheets[0]["A2"].value == sortable


def test_a_dropped_student_leaves_every_export_but_keeps_their_attempts(section, course):
    gone = make_student("gone", first_name="Gone", last_name="Aaronson")
    Enrollment.objects.create(section=section, student=gone, sis_user_id="S404")
    take_quiz(gone, QuizPage.objects.child_of(course).live().last(), ["c1"])
    Enrollment.objects.filter(student=gone).update(status=Enrollment.Status.DROPPED)

    for format in CSV_FORMATS:
        data = exported(section, format)
        assert b"Aaronson" not in data and b"gone@example.com" not in data and b"S404" not in data
    grades = workbook(exported(section, "xlsx")).worksheets[0]
    assert [row[1] for row in grades.iter_rows(min_row=2, values_only=True)] == ["ana", "sam"]
    assert Attempt.objects.filter(student=gone).count() == 1


def test_a_file_name_is_ascii_and_names_the_section_term_format_and_day(course):
    section = make_section(course, name=SECTION, term="Spring 2027")
    other = make_section(course, name="职业 101", term="春")
    today = timezone.localdate().isoformat()

    assert export_filename(section=section, format="canvas") == (
        f"career-101-spring-2027-02-canvas-{today}.csv"
    )
    assert export_filename(section=other, format="xlsx") == f"101-xlsx-{today}.xlsx"


def test_large_files_are_handed_on_in_chunks_before_every_row_is_read():
    read = []

    def lines():
        for number in range(1200):
            read.append(number)
            yield ["student", number]

    chunks = csv_chunks(lines())
    next(chunks)

    assert len(read) < 1200
    assert sum(len(chunk) for chunk in chunks) > 0


def test_progress_sees_every_row_and_the_class_size(section):
    seen = {}

    def progress(rows, *, total):
        seen["total"] = total
        for row in rows:
            seen.setdefault("rows", []).append(row.username)
            yield row

    exported_rows = parsed(
        b"".join(export_chunks(section=section, format="moodle", progress=progress))
    )

    assert seen == {"total": 2, "rows": ["ana", "sam"]}
    assert len(exported_rows) == 3


# Queries each export runs for a section whose course is loaded with it:
# the gradebook's eight (tests/test_gradebook.py), one more for Moodle's
# idnumber column, three more for the workbook's item analysis sheet; the
# most of them is the budget `classes.exports` promises (EXPORT_QUERY_BUDGET).
EXPORT_QUERIES = {"canvas": 8, "moodle": 9, "csv": 8, "xlsx": 11}


def class_taking(course, *, students, quizzes):
    """A section of `students` with SIS ids, each of whom took each of
    `quizzes` quizzes once; the course has a lesson too."""
    course_quizzes = [two_point_quiz(course, title=f"Quiz {n}") for n in range(quizzes)]
    make_lesson(course)
    section = make_section(course)
    for n in range(students):
        student = make_student(f"s{n}", last_name=f"Name {n}")
        enroll(section, student, sis_user_id=f"S{n}")
        for quiz in course_quizzes:
            take_quiz(student, quiz, ["c1", "c0"])
    return Section.objects.select_related("course").get(pk=section.pk)


@pytest.mark.parametrize("students", [3, 30])
def test_every_export_runs_the_same_queries_for_any_class_size(
    course, students, django_assert_num_queries
):
    section = class_taking(course, students=students, quizzes=3)

    for format in EXPORT_FORMATS:
        with django_assert_num_queries(EXPORT_QUERIES[format], info=format):
            data = exported(section, format)
        assert data, format


@pytest.mark.parametrize("quizzes", [1, 4])
def test_every_export_runs_the_same_queries_for_any_number_of_quizzes(
    course, quizzes, django_assert_num_queries
):
    section = class_taking(course, students=3, quizzes=quizzes)

    for format in EXPORT_FORMATS:
        with django_assert_num_queries(EXPORT_QUERIES[format], info=format):
            data = exported(section, format)
        assert data, format
    header, _points, *students = parsed(exported(section, "canvas"))
    assert header[5:] == [f"Quiz {n}" for n in range(quizzes)]
    assert [row[5:] for row in students] == [["2"] * quizzes] * 3


def test_a_sections_download_starts_before_every_students_row_is_read(
    client, course, settings, monkeypatch
):
    """The first bytes of a class bigger than one chunk reach the instructor
    while most of the class is still unread: the file is never whole in memory."""
    settings.EXPORT_IMMEDIATE_MAX_CELLS = 10**6  # downloaded at once, not in the background
    quiz = make_quiz(course, title="Check")
    ines = make_instructor("ines")
    section = make_section(course, name=SECTION, instructors=[ines])
    size = LINES_PER_CHUNK + 100
    User = get_user_model()
    User.objects.bulk_create(
        User(username=f"s{n:04}", first_name="Student", last_name=f"Name {n:04}")
        for n in range(size)
    )
    Enrollment.objects.bulk_create(
        Enrollment(section=section, student=student)
        for student in User.objects.filter(username__startswith="s0")
    )
    take_quiz(User.objects.get(username="s0000"), quiz, ["c1"])
    read = []
    rows = Gradebook.rows

    def counted_rows(gradebook, **kwargs):
        for row in rows(gradebook, **kwargs):
            read.append(row.username)
            yield row

    monkeypatch.setattr(Gradebook, "rows", counted_rows)
    client.force_login(ines)

    response = client.get(reverse("classes_section:export", args=[section.pk, "canvas"]))
    chunks = iter(response.streaming_content)
    first = next(chunks)

    assert first.startswith(b"Student,ID,SIS User ID,SIS Login ID,Section,Check\r\n")
    assert 0 < len(read) < size
    rest = b"".join(chunks)
    assert len(read) == size
    _header, _points, *lines = parsed(first + rest)
    assert len(lines) == size
    assert lines[0] == ["Name 0000, Student", "", "", "", SECTION, "1"]
