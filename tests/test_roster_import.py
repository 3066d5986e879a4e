"""An instructor previews a roster, confirms, and the class matches it: students with
accounts are enrolled, the others wait for sign-up, and a file with any problem
changes nothing at all."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from classes.models import Enrollment, PendingEnrollment
from classes.rosters import RosterError, roster_import, roster_plan, roster_read
from tests.factories import make_section, make_student

pytestmark = pytest.mark.django_db

HEADER = "Email,First name,Last name,SIS User ID,SIS Login ID\n"


@pytest.fixture
def section():
    return make_section()


def roster(*lines):
    return roster_read(HEADER + "".join(f"{line}\n" for line in lines))


def actions(plan):
    return [(planned.row.email, planned.action) for planned in plan.rows]


def snapshot():
    """Everything an import could change, to compare before and after."""
    return (
        list(Enrollment.objects.order_by("pk").values()),
        list(PendingEnrollment.objects.order_by("pk").values()),
        list(get_user_model().objects.order_by("pk").values("first_name", "last_name")),
    )


def test_an_existing_account_is_enrolled_whatever_the_case_of_its_email(section):
    ann = make_student("ann")
    ann.email = "Ann.Lee@Example.EDU"
    ann.save()
    file = roster("ann.lee@example.edu,Ann,Lee,1001,alee")

    plan = roster_plan(section=section, roster=file)
    assert actions(plan) == [("ann.lee@example.edu", "enroll")]
    assert plan.counts == {"enroll": 1, "update": 0, "reactivate": 0, "pending": 0}
    assert plan.rows[0].action_label == "Enroll"

    roster_import(section=section, roster=file)

    enrollment = Enrollment.objects.get()
    assert (enrollment.student, enrollment.section, enrollment.status) == (ann, section, "active")
    assert (enrollment.sis_user_id, enrollment.sis_login_id) == ("1001", "alee")
    assert not PendingEnrollment.objects.exists()


def test_a_student_already_in_the_class_gets_the_sis_ids(section):
    sam = make_student("sam")
    Enrollment.objects.create(student=sam, section=section, sis_user_id="", sis_login_id="old")

    plan = roster_import(section=section, roster=roster("sam@example.com,,,S-7,"))

    assert actions(plan) == [("sam@example.com", "update")]
    enrollment = Enrollment.objects.get()
    # An empty cell is "not given": the login id already recorded stays.
    assert (enrollment.sis_user_id, enrollment.sis_login_id) == ("S-7", "old")


def test_a_dropped_student_on_the_roster_is_brought_back(section):
    sam = make_student("sam")
    Enrollment.objects.create(student=sam, section=section, status="dropped")

    plan = roster_import(section=section, roster=roster("sam@example.com,,,,"))

    assert actions(plan) == [("sam@example.com", "reactivate")]
    assert Enrollment.objects.get().status == "active"


def test_an_email_without_an_account_waits_for_sign_up(section):
    file = roster("Zoe.Nunez@Example.edu,Zoë,Ñúñez,2002,znunez")

    plan = roster_import(section=section, roster=file)

    assert actions(plan) == [("zoe.nunez@example.edu", "pending")]
    pending = PendingEnrollment.objects.get()
    assert (pending.section, pending.email) == (section, "zoe.nunez@example.edu")
    assert (pending.first_name, pending.last_name) == ("Zoë", "Ñúñez")
    assert (pending.sis_user_id, pending.sis_login_id) == ("2002", "znunez")
    assert not Enrollment.objects.exists()


def test_a_second_upload_updates_a_waiting_row_without_blanking_it(section):
    roster_import(section=section, roster=roster("zoe@example.edu,Zoë,Ñúñez,2002,znunez"))

    plan = roster_import(section=section, roster=roster("zoe@example.edu,,,,zn2"))

    assert actions(plan) == [("zoe@example.edu", "pending")]
    pending = PendingEnrollment.objects.get()
    assert (pending.first_name, pending.sis_user_id, pending.sis_login_id) == (
        "Zoë",
        "2002",
        "zn2",
    )


def test_the_summary_counts_what_the_import_does(section):
    make_student("ann")
    Enrollment.objects.create(student=make_student("bo"), section=section)

    plan = roster_plan(
        section=section,
        roster=roster("ann@example.com,,,,", "bo@example.com,,,,", "cy@example.edu,,,,"),
    )

    assert plan.summary == "Enroll: 1, Update: 1, Waiting for sign-up: 1"


def test_a_roster_with_any_error_changes_nothing_at_all(section):
    make_student("ann")
    Enrollment.objects.create(student=make_student("bo"), section=section, status="dropped")
    before = snapshot()
    file = roster(
        "ann@example.com,Ann,Lee,1,a",
        "bo@example.com,Bo,Ng,2,b",
        "new@example.edu,,,,",
        "oops,,,,",
    )

    with pytest.raises(RosterError) as refused:
        roster_import(section=section, roster=file)

    assert str(refused.value) == "Nothing was imported: the roster has 1 problem."
    assert refused.value.messages == ['line 5: "oops" is not a valid email address.']
    assert snapshot() == before


def test_two_accounts_sharing_an_email_block_the_import(section):
    make_student("ann")
    twin = make_student("ann2")
    twin.email = "ANN@example.com"
    twin.save()
    before = snapshot()
    file = roster("ann@example.com,Ann,,,", "cy@example.edu,,,,")

    plan = roster_plan(section=section, roster=file)
    with pytest.raises(RosterError):
        roster_import(section=section, roster=file)

    assert plan.rows[0].action is None
    assert plan.messages == [
        "line 2: More than one account uses this email, so we can't tell who this is."
    ]
    assert snapshot() == before


def test_importing_the_same_file_twice_changes_nothing_the_second_time(section):
    make_student("ann")
    Enrollment.objects.create(student=make_student("bo"), section=section, status="dropped")
    file = roster(
        "ann@example.com,Ann,Lee,1,a", "bo@example.com,Bo,Ng,2,b", "cy@example.edu,,,3,c"
    )
    roster_import(section=section, roster=file)
    after_first = snapshot()

    roster_import(section=section, roster=file)

    assert snapshot() == after_first
    assert Enrollment.objects.filter(status="active").count() == 2
    assert PendingEnrollment.objects.count() == 1


def test_names_are_filled_only_where_the_student_left_them_empty(section):
    blank = make_student("ann")
    named = make_student("bo", first_name="Bobby", last_name="")

    roster_import(
        section=section, roster=roster("ann@example.com,Ann,Lee,,", "bo@example.com,Robert,Ng,,")
    )

    blank.refresh_from_db()
    named.refresh_from_db()
    assert (blank.first_name, blank.last_name) == ("Ann", "Lee")
    assert (named.first_name, named.last_name) == ("Bobby", "Ng")


def class_of(section, size):
    """A roster of `size` rows, a quarter each to enroll, update, reactivate and wait."""
    lines = []
    for n in range(size):
        kind = n % 4
        email = f"s{size}-{n}@example.edu"
        if kind < 3:
            student = get_user_model().objects.create(username=email, email=email)
            if kind:
                status = "active" if kind == 1 else "dropped"
                Enrollment.objects.create(student=student, section=section, status=status)
        lines.append(f"{email},First{n},Last{n},{n},login{n}")
    return roster(*lines)


def test_previewing_and_importing_take_the_same_queries_for_5_or_50_students(
    section, django_assert_max_num_queries
):
    large_section = make_section()
    small, large = class_of(section, 5), class_of(large_section, 50)
    with CaptureQueriesContext(connection) as planned:
        roster_plan(section=section, roster=small)
    with CaptureQueriesContext(connection) as imported:
        roster_import(section=section, roster=small)

    with django_assert_max_num_queries(len(planned.captured_queries)):
        plan = roster_plan(section=large_section, roster=large)
    with django_assert_max_num_queries(len(imported.captured_queries)):
        roster_import(section=large_section, roster=large)

    assert set(plan.counts.values()) == {12, 13}
    assert Enrollment.objects.filter(section=large_section, status="active").count() == 38
    assert PendingEnrollment.objects.filter(section=large_section).count() == 12
