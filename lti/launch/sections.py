"""An LMS course taught as one of our sections, and who is in it.

The first launch from an LMS course (an LTI context) into one of our
courses makes a section of that course, through `classes.services` like
any other, and links the two for good (`SectionLink`). From then on the
LMS's word on who is in the class counts: its instructors teach the
section, its learners are enrolled, and a learner the LMS launches is
enrolled again even if someone dropped them here.
"""

from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from lti_tool.models import LtiContext, LtiMembership

from classes.models import Enrollment, Section
from classes.services import enrollment_status_set, section_create
from course.roles import instructors_grant
from lti.launch.claims import Roles
from lti.launch.models import SectionLink

SECTION_NAME_LENGTH = Section._meta.get_field("name").max_length


class TaughtAsOtherCourse(Exception):
    """The LMS course is already linked to a section of another course."""

    def __init__(self, course):
        super().__init__(course.pk)
        self.course = course


def _section_name(context) -> str:
    name = context.title or context.label or _("Class from the LMS")
    return Truncator(name).chars(SECTION_NAME_LENGTH)


@transaction.atomic
def section_for_context(*, context: LtiContext, course) -> Section:
    """The section `context` is taught as, made now as a section of `course` if
    it has none. Raises `TaughtAsOtherCourse` if it is linked to another course.

    Two first launches at once wait for each other on the context's row, so
    they end in one section, not two.
    """
    LtiContext.objects.select_for_update().filter(pk=context.pk).first()
    link = SectionLink.objects.filter(context=context).select_related("section__course").first()
    if link is not None:
        if link.section.course_id != course.pk:
            raise TaughtAsOtherCourse(link.section.course)
        return link.section
    section = section_create(course=course, name=_section_name(context), term="")
    SectionLink.objects.create(context=context, section=section)
    return section


# The flags of an LtiMembership, and the LTI context role each stands for.
ROLE_FLAGS = {
    "is_administrator": "Administrator",
    "is_content_developer": "ContentDeveloper",
    "is_instructor": "Instructor",
    "is_learner": "Learner",
    "is_mentor": "Mentor",
}


def _membership_flags(roles: Roles, active: bool) -> dict:
    return {flag: role in roles.names for flag, role in ROLE_FLAGS.items()} | {"is_active": active}


def membership_record(*, context, lti_user, roles: Roles, active=True) -> LtiMembership:
    """The platform user's membership of the LMS course, with the roles it has now."""
    membership, _created = LtiMembership.objects.update_or_create(
        context=context, user=lti_user, defaults=_membership_flags(roles, active)
    )
    return membership


def memberships_record(*, context, members) -> None:
    """`membership_record` for a roster, in one upsert: `members` holds an
    (LtiUser, roles, active) triple per platform user."""
    rows = [
        LtiMembership(context=context, user=lti_user, **_membership_flags(roles, active))
        for lti_user, roles, active in members
    ]
    LtiMembership.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["user", "context"],
        update_fields=[*ROLE_FLAGS, "is_active", "datetime_modified"],
    )


def teachers_add(*, section, users) -> None:
    """Make `users` instructors of `section`, with the Classes area of the admin,
    in a few queries however many they are."""
    if not users:
        return
    section.instructors.add(*users)
    instructors_grant(users=users)


def student_enroll(*, section, user) -> Enrollment:
    """Enroll `user` in `section`, bringing them back if they were dropped."""
    enrollment, _created = Enrollment.objects.get_or_create(student=user, section=section)
    if enrollment.status != Enrollment.Status.ACTIVE:
        enrollment_status_set(enrollment=enrollment, status=Enrollment.Status.ACTIVE)
    return enrollment


def member_place(*, section, user, roles: Roles) -> None:
    """Put a person where their LMS roles say: teaching, learning, or (a
    mentor, say) neither, reading the course without a seat in the class."""
    if roles.teaches:
        teachers_add(section=section, users=[user])
    if roles.learns:
        student_enroll(section=section, user=user)
