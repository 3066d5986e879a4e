"""`import_roster`: an admin loads each section's roster from the college's export,
checks it first with --dry-run, and a bad file stops with the lines to fix."""

import io
import sys

import pytest
from django.core.management import CommandError, call_command

from classes.models import Enrollment, PendingEnrollment
from tests.factories import make_section, make_student

pytestmark = pytest.mark.django_db

ROSTER = (
    "Email,First name,Last name,SIS User ID,SIS Login ID\n"
    "sam@example.com,Sam,Lee,1001,slee\n"
    "new@example.edu,New,Student,1002,nstudent\n"
)


@pytest.fixture
def section():
    return make_section()


@pytest.fixture
def roster_file(tmp_path):
    def write(text, encoding="utf-8"):
        path = tmp_path / "roster.csv"
        path.write_bytes(text.encode(encoding))
        return str(path)

    return write


def run(*args):
    out = io.StringIO()
    call_command("import_roster", *args, stdout=out)
    return out.getvalue()


def test_importing_by_join_code_enrolls_and_prints_the_counts(section, roster_file):
    sam = make_student("sam")

    output = run(section.join_code_display.lower(), roster_file(ROSTER))

    assert f"Imported 2 students into {section}:" in output
    assert "  Enroll: 1\n" in output
    assert "  Waiting for sign-up: 1\n" in output
    assert "  Reactivate: 0\n" in output
    enrollment = Enrollment.objects.get()
    assert (enrollment.student, enrollment.sis_user_id) == (sam, "1001")
    assert PendingEnrollment.objects.get().email == "new@example.edu"


def test_importing_by_id_works_the_same(section, roster_file):
    output = run(str(section.pk), roster_file(ROSTER, encoding="cp1252"))

    assert "Waiting for sign-up: 2" in output
    assert PendingEnrollment.objects.filter(section=section).count() == 2


def test_a_dry_run_shows_the_plan_and_writes_nothing(section, roster_file):
    make_student("sam")

    output = run(str(section.pk), roster_file(ROSTER), "--dry-run")

    assert output.startswith(
        f"Dry run, nothing changed. Importing 2 students into {section} would:"
    )
    assert "  Enroll: 1\n" in output
    assert not Enrollment.objects.exists()
    assert not PendingEnrollment.objects.exists()


def test_a_file_with_errors_stops_with_the_lines_and_changes_nothing(section, roster_file):
    make_student("sam")
    bad = ROSTER + "not-an-email,X,Y,,\nsam@example.com,Sam,Lee,,\n"

    with pytest.raises(CommandError) as refused:
        run(str(section.pk), roster_file(bad))

    message = str(refused.value)
    assert message.startswith("Nothing was imported: the roster has 2 problems.")
    assert 'line 4: "not-an-email" is not a valid email address.' in message
    assert "line 5: sam@example.com is already on line 2." in message
    assert not Enrollment.objects.exists()
    assert not PendingEnrollment.objects.exists()


def test_a_dry_run_of_a_bad_file_fails_too(section, roster_file):
    with pytest.raises(CommandError, match="the roster has 1 problem"):
        run(str(section.pk), roster_file("Email\nnope\n"), "--dry-run")


def test_an_unknown_section_says_what_was_not_found(roster_file):
    with pytest.raises(CommandError, match='No section with the id or join code "ZZZZ-ZZZZ"'):
        run("ZZZZ-ZZZZ", roster_file(ROSTER))


def test_a_missing_file_says_so(section, tmp_path):
    with pytest.raises(CommandError, match=r"Cannot read .*nowhere\.csv"):
        run(str(section.pk), str(tmp_path / "nowhere.csv"))


def big_roster(size=1500):
    return "Email\n" + "".join(f"student{n}@example.edu\n" for n in range(size))


def test_a_large_file_is_quiet_when_output_is_not_a_terminal(section, roster_file, capsys):
    output = run(str(section.pk), roster_file(big_roster()), "--dry-run")

    assert "Waiting for sign-up: 1500" in output
    assert capsys.readouterr().err == ""


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_large_file_shows_progress_in_a_terminal(section, roster_file, monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)

    run(str(section.pk), roster_file(big_roster()), "--dry-run")

    assert "Reading" in terminal.getvalue()
    assert "rows" in terminal.getvalue()
