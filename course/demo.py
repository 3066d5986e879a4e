"""Demo accounts for trying the site locally, one for each kind of person
who uses it. Never for production: the command that calls this refuses to
run when DEBUG is off."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from course.models import CoursePage
from course.roles import Role, course_grant
from course.workflows import course_review_enable
from lessons.models import LessonPage
from lessons.services import lesson_complete

DEMO_COURSE_SLUG = "not-if-when"
DEMO_SECTION_NAME = "CAREER 101 — Spring 2027 — 01"
DEMO_SECTION_TERM = "Spring 2027"
DEMO_LESSONS_DONE = (
    2  # the demo student is part way through, so the dashboard has something to show
)


@dataclass(frozen=True)
class DemoAccount:
    role: str
    username: str
    email: str
    password: str
    first_name: str
    last_name: str
    is_superuser: bool = False
    group: str | None = None


DEMO_ACCOUNTS = [
    DemoAccount(
        "student", "student", "student@example.edu", "not-if-when-student", "Sam", "Rivera"
    ),
    DemoAccount(
        "instructor",
        "instructor",
        "instructor@example.edu",
        "not-if-when-instructor",
        "Ines",
        "Okafor",
        group="Instructors",
    ),
    DemoAccount(
        "professor (content editor)",
        "professor",
        "professor@example.edu",
        "not-if-when-professor",
        "Paul",
        "Lindqvist",
        group="Professors",
    ),
    DemoAccount(
        "reviewer (second professor)",
        "reviewer",
        "reviewer@example.edu",
        "not-if-when-reviewer",
        "Maya",
        "Castellanos",
        group="Professors",
    ),
    DemoAccount(
        "admin",
        "admin",
        "admin@example.edu",
        "not-if-when-admin",
        "Ada",
        "Admin",
        is_superuser=True,
    ),
]


@transaction.atomic
def demo_accounts_seed():
    """Create or reset the demo accounts to the documented passwords."""
    User = get_user_model()
    for account in DEMO_ACCOUNTS:
        user, _ = User.objects.update_or_create(
            username=account.username,
            defaults={
                "email": account.email,
                "first_name": account.first_name,
                "last_name": account.last_name,
                "is_superuser": account.is_superuser,
                "is_staff": account.is_superuser or account.group is not None,
                "is_active": True,
            },
        )
        user.set_password(account.password)
        user.save(update_fields=["password"])
        if account.group:
            user.groups.add(Group.objects.get(name=account.group))
        if account.username == "professor":
            _demo_professor(professor=user)
        if account.username == "reviewer":
            _demo_reviewer(reviewer=user)
        if account.username == "student":
            _demo_progress(student=user)
    return DEMO_ACCOUNTS


def _demo_professor(*, professor):
    """Make the demo professor a professor of the bundled course, if it is
    loaded, with the course under Review before publish: the professor
    submits a change and the demo reviewer approves it. Earlier demo
    databases put the professor in Wagtail's "Editors", which cannot
    publish; that membership is dropped."""
    professor.groups.remove(*Group.objects.filter(name="Editors"))
    course = CoursePage.objects.filter(slug=DEMO_COURSE_SLUG).first()
    if course is None:
        return
    course_grant(user=professor, course=course, role=Role.PROFESSOR)
    course_review_enable(course=course)


def _demo_reviewer(*, reviewer):
    """Make the demo reviewer a reviewer of the bundled course, if it is
    loaded: a professor who may also approve, so one professor submits and
    another approves. The course's approval task is given to its reviewers'
    group (`course.workflows`), which the demo professor is not in."""
    course = CoursePage.objects.filter(slug=DEMO_COURSE_SLUG).first()
    if course is None:
        return
    course_grant(user=reviewer, course=course, role=Role.REVIEWER)


def _demo_progress(*, student):
    """Mark the bundled course's first lessons complete, if it is loaded."""
    course = CoursePage.objects.filter(slug=DEMO_COURSE_SLUG).first()
    if course is None:
        return
    lessons = LessonPage.objects.child_of(course).live().order_by("path")[:DEMO_LESSONS_DONE]
    for lesson in lessons:
        lesson_complete(student=student, lesson=lesson)


@transaction.atomic
def demo_section_seed():
    """A class of the bundled course with the demo instructor teaching and the
    demo student enrolled; None when the course is not loaded. Run after
    `demo_accounts_seed`. A dozen classmates with varied progress join too,
    so the instructor's pages have a class to show. Safe to run again: the
    section, its join code and the enrollments are kept, never duplicated.

    Imports `classes` here, not at the top: demo data spans the whole site,
    but `course` itself must not depend on `classes`.
    """
    from classes.demo import demo_classmates_seed
    from classes.models import Enrollment, Section
    from classes.services import section_create

    course = CoursePage.objects.filter(slug=DEMO_COURSE_SLUG).first()
    if course is None:
        return None
    User = get_user_model()
    instructor = User.objects.get(username="instructor")
    student = User.objects.get(username="student")
    section = Section.objects.filter(course=course, name=DEMO_SECTION_NAME).first()
    if section is None:
        section = section_create(course=course, name=DEMO_SECTION_NAME, term=DEMO_SECTION_TERM)
    section.instructors.add(instructor)
    Enrollment.objects.update_or_create(
        student=student, section=section, defaults={"status": Enrollment.Status.ACTIVE}
    )
    demo_classmates_seed(section=section)
    return section
