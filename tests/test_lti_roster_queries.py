"""Syncing a class with its LMS roster costs the same number of queries for
a seminar of five and a lecture of forty: the instructor waits as long
either way, and a class of four hundred does not hold the database for
thousands of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lti_tool.models import LtiUser

from classes.models import Enrollment
from lti.assignments.ags import access_token
from lti.launch.models import SectionLink
from lti.launch.rosters import MEMBERS_SCOPE, section_roster_sync
from tests.factories import instructors_group, make_course, make_section
from tests.lti_platform import INSTRUCTOR, member
from tests.lti_world import answer_tokens, lms_course, registration_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

SMALL, LARGE = 5, 40


@pytest.fixture
def course(platform):
    """Our course, and the platform's roster token already in the cache, as on
    any busy day: buying it costs the same few queries for any class."""
    answer_tokens(platform)
    access_token(registration=registration_of(platform), scope=MEMBERS_SCOPE)
    instructors_group()
    return make_course(title="Not If. When.")


def lms_class(platform, course, size):
    """An LMS course of a teacher and `size` learners, taught as a new
    section that nobody has launched yet; its roster as NRPS lists it."""
    lms = lms_course(platform, section=make_section(course), context_id=f"course-{size}")
    path = f"/api/courses/{size}/memberships"
    lms.context.memberships_url = platform.issuer + path
    lms.context.save()
    roster = [member(f"teacher-{size}", roles=[INSTRUCTOR])] + [
        member(f"learner-{size}-{n}", given_name=f"Learner {n}", family_name="Student")
        for n in range(size)
    ]
    return lms, path, roster


def queries_of_sync(platform, lms, path, roster) -> int:
    platform.serve_roster(roster, path=path)
    link = SectionLink.objects.get(section=lms.section)
    with CaptureQueriesContext(connection) as queries:
        section_roster_sync(link=link)
    return len(queries)


def changed(roster):
    """The roster a week later: two learners changed their names, one left."""
    later = [dict(entry) for entry in roster[:-1]]
    later[1]["given_name"], later[2]["family_name"] = "Renamed", "Married"
    return later


def test_a_first_sync_costs_the_same_for_five_learners_or_forty(platform, course):
    classes = [lms_class(platform, course, size) for size in (SMALL, LARGE)]

    small, large = (queries_of_sync(platform, *lms_and_roster) for lms_and_roster in classes)

    assert Enrollment.objects.filter(status="active").count() == SMALL + LARGE
    assert small == large


def test_a_second_sync_costs_the_same_for_five_learners_or_forty(platform, course):
    classes = [lms_class(platform, course, size) for size in (SMALL, LARGE)]
    for lms, path, roster in classes:
        queries_of_sync(platform, lms, path, roster)

    small, large = (
        queries_of_sync(platform, lms, path, changed(roster)) for lms, path, roster in classes
    )

    assert LtiUser.objects.filter(given_name="Renamed").count() == 2
    assert LtiUser.objects.filter(family_name="Married").count() == 2
    assert Enrollment.objects.filter(status="dropped").count() == 2
    assert small == large
