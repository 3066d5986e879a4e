"""An instructor (or a nightly job) exports a section's grades from the command line:
`manage.py export_grades <section> --format canvas|moodle|csv|xlsx [-o FILE]`."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from classes.exports import EXPORT_FORMATS, export_chunks
from tests.factories import enroll, make_course, make_quiz, make_section, make_student, take_quiz

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    """Output that says it is a terminal, as an interactive shell's is."""

    def isatty(self):
        return True


@pytest.fixture
def section():
    course = make_course(title="Not If. When.")
    quiz = make_quiz(course, title="The first 72 hours")
    section = make_section(course)
    for username, first, last in [("ana", "Ana", "de la Cruz"), ("sam", "Sam", "Rivera")]:
        student = make_student(username, first_name=first, last_name=last)
        enroll(section, student)
        take_quiz(student, quiz, ["c1"])
    return section


def export(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("export_grades", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


@pytest.mark.parametrize("format", [name for name in EXPORT_FORMATS if name != "xlsx"])
def test_each_csv_format_is_written_to_the_file_named(section, format, tmp_path):
    path = tmp_path / f"grades-{format}.csv"

    stdout, stderr = export(str(section.pk), "--format", format, "-o", str(path))

    assert path.read_bytes() == b"".join(export_chunks(section=section, format=format))
    assert stdout == ""
    assert stderr == f"Wrote 2 students to {path}\n"


def test_the_workbook_is_written_to_a_file_by_join_code(section, tmp_path):
    path = tmp_path / "grades.xlsx"

    export(section.join_code_display.lower(), "--format", "xlsx", "-o", str(path))

    grades = openpyxl.load_workbook(path).worksheets[0]
    names = [row[0] for row in grades.iter_rows(min_row=2, values_only=True)]
    assert names == ["de la Cruz, Ana", "Rivera, Sam"]


def test_without_a_file_our_csv_goes_to_standard_output(section):
    stdout, stderr = export(section.join_code)

    assert stdout.encode() == b"".join(export_chunks(section=section, format="csv"))
    assert stderr == ""  # no progress bar when not in a terminal


def test_a_workbook_is_never_written_to_a_terminal(section):
    with pytest.raises(CommandError, match="-o FILE"):
        call_command("export_grades", str(section.pk), "--format", "xlsx", stdout=Terminal())


def test_a_workbook_needs_a_byte_stream_or_a_file(section):
    with pytest.raises(CommandError, match="-o FILE"):
        export(str(section.pk), "--format", "xlsx")


def test_in_a_terminal_a_progress_bar_counts_the_students(section, tmp_path):
    stderr = Terminal()
    path = tmp_path / "grades.csv"

    call_command("export_grades", str(section.pk), "-o", str(path), stderr=stderr)

    assert "Exporting" in stderr.getvalue()
    assert "2/2" in stderr.getvalue()
    assert stderr.getvalue().endswith(f"Wrote 2 students to {path}\n")


def test_an_unknown_section_is_named_and_nothing_is_written(section, tmp_path):
    path = tmp_path / "grades.csv"

    with pytest.raises(CommandError, match='No section with the id or join code "NOPE-NOPE"'):
        export("NOPE-NOPE", "-o", str(path))
    assert not path.exists()


def test_an_unknown_format_is_refused(section):
    with pytest.raises(CommandError, match="invalid choice"):
        export(str(section.pk), "--format", "ods")
