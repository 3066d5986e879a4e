"""An instructor uploads a roster in the admin: a preview first, with every
row's fate or problem, then one click imports it all, or nothing."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from classes.models import Enrollment, PendingEnrollment
from tests.factories import make_section, make_student

pytestmark = pytest.mark.django_db

GOOD = (
    "Email,First name,Last name,SIS User ID\n"
    "sam@example.com,Sam,Rivera,S-001\n"
    "new.student@example.edu,Zoë,Ñúñez,S-002\n"
)


@pytest.fixture
def ines():
    user = make_student("ines")
    user.groups.add(Group.objects.get(name="Instructors"))
    return user


@pytest.fixture
def section(ines):
    return make_section(instructors=[ines])


def upload_url(section):
    return reverse("classes_section:roster_upload", args=[section.pk])


def upload(client, section, text, encoding="utf-8"):
    file = SimpleUploadedFile("roster.csv", text.encode(encoding), content_type="text/csv")
    return client.post(upload_url(section), {"file": file})


def test_the_preview_says_what_each_row_will_do_and_changes_nothing(client, ines, section):
    make_student("sam")
    client.force_login(ines)

    page = upload(client, section, GOOD).content.decode()

    assert "Enroll: 1, Waiting for sign-up: 1" in page
    assert "Zoë" in page and "Ñúñez" in page
    assert "Import this roster" in page
    assert not Enrollment.objects.exists() and not PendingEnrollment.objects.exists()


def test_confirming_the_preview_imports_every_row(client, ines, section):
    sam = make_student("sam")
    client.force_login(ines)
    preview = upload(client, section, GOOD)
    payload = preview.context["payload"]

    response = client.post(upload_url(section), {"payload": payload})

    assert response.status_code == 302
    enrollment = Enrollment.objects.get(section=section, student=sam)
    assert enrollment.sis_user_id == "S-001"
    assert PendingEnrollment.objects.get(section=section).email == "new.student@example.edu"
    roster = client.get(response["Location"]).content.decode()
    assert "Awaiting sign-up" in roster and "new.student@example.edu" in roster


def test_rows_with_problems_are_listed_by_line_and_block_the_import(client, ines, section):
    client.force_login(ines)

    page = upload(
        client, section, "Email,First name\nsam@example.com,Sam\nnot-an-email,Bo\n"
    ).content.decode()

    assert "can't be imported yet" in page
    assert "Import this roster" not in page
    assert ">3<" in page  # the bad row's line number, as a spreadsheet shows it
    assert not Enrollment.objects.exists() and not PendingEnrollment.objects.exists()


def test_a_windows_1252_file_reads_with_its_accents(client, ines, section):
    client.force_login(ines)

    page = upload(client, section, "Email;Prénom;Nom\nzoe@example.com;Zoë;Ñúñez\n", "cp1252")

    assert "Zoë" in page.content.decode()


def test_a_tampered_or_stale_preview_changes_nothing(client, ines, section):
    client.force_login(ines)

    response = client.post(upload_url(section), {"payload": "forged:payload"})

    assert response.status_code == 302
    assert not PendingEnrollment.objects.exists()
    follow = client.get(response["Location"]).content.decode()
    assert "That preview has expired" in follow


def test_a_preview_for_one_section_cannot_be_confirmed_into_another(client, ines, section):
    other = make_section(name="Another", instructors=[ines])
    client.force_login(ines)
    payload = upload(client, section, GOOD).context["payload"]

    client.post(upload_url(other), {"payload": payload})

    assert not PendingEnrollment.objects.exists()


def test_another_instructor_cannot_upload_to_this_section(client, section):
    omar = make_student("omar")
    omar.groups.add(Group.objects.get(name="Instructors"))
    client.force_login(omar)

    assert upload(client, section, GOOD).status_code == 404
    assert not PendingEnrollment.objects.exists()
