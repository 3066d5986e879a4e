"""Reads of lti.assignments: what an instructor may link, where a grade goes, what was sent.

Each runs a fixed number of queries, whatever the number of courses,
students or line items.
"""

from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, Value, When
from lti_tool.models import LtiLineItem
from wagtail.models import Page

from course.models import CoursePage
from lessons.models import LessonPage
from lti.assignments.models import ScorePost
from quizzes.models import QuizPage


@dataclass(frozen=True)
class CourseChoices:
    """One course and the items an instructor may link from it, in course order."""

    course: CoursePage
    items: list  # LessonPage and QuizPage instances


def deep_link_courses(*, course_id=None) -> list[CourseChoices]:
    """The live courses (only `course_id` when the launch named one) with their
    live lessons and quizzes, in page-tree order; courses without any are left
    out. Four queries: the courses, the items, and each item type's fields."""
    courses = CoursePage.objects.live().order_by("path")
    if course_id is not None:
        courses = courses.filter(pk=course_id)
    courses = list(courses)
    if not courses:
        return []
    under = Q()
    for course in courses:
        under |= Q(path__startswith=course.path, depth=course.depth + 1)
    items = Page.objects.live().type(LessonPage, QuizPage).filter(under).order_by("path")
    grouped = {course.path: [] for course in courses}
    for item in items.specific():
        grouped[item.path[: -item.steplen]].append(item)
    return [
        CourseChoices(course=course, items=grouped[course.path])
        for course in courses
        if grouped[course.path]
    ]


def score_targets(*, student_id, quiz_id) -> list[LtiLineItem]:
    """Every line item of a resource link that opens the quiz, in each LTI context
    where the student is an active learner; each carries `lti_user_id`, the
    student's platform user there. Instructors who open a quiz from their LMS
    get no score: platforms keep gradebook columns for learners. One query,
    most students (who have no LTI context) included."""
    return list(
        LtiLineItem.objects.filter(
            resource_link__course_item__page_id=quiz_id,
            context__memberships__user__auth_user_id=student_id,
            context__memberships__is_learner=True,
            context__memberships__is_active=True,
        )
        .annotate(lti_user_id=F("context__memberships__user_id"))
        .order_by("pk", "lti_user_id")
    )


STATUS_ORDER = Case(
    When(status=ScorePost.Status.FAILED, then=Value(0)),
    When(status=ScorePost.Status.PENDING, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def section_score_posts(*, section):
    """The grades sent (or being sent) to the LMS course linked to `section`:
    failed first, then pending, then sent; by student and course order within
    each. A queryset whose rows carry the student, the platform user and the
    quiz, so a page of them is one query."""
    return (
        ScorePost.objects.filter(line_item__context__section_link__section=section)
        .select_related(
            "lti_user__auth_user", "line_item__resource_link__course_item__page", "attempt"
        )
        .order_by(
            STATUS_ORDER,
            "lti_user__auth_user__last_name",
            "lti_user__auth_user__first_name",
            "lti_user__sub",
            "line_item__resource_link__course_item__page__path",
            "pk",
        )
    )


def section_score_post(*, section, post_id) -> ScorePost | None:
    """One score post of the LMS course linked to `section`, or None."""
    return (
        ScorePost.objects.filter(line_item__context__section_link__section=section, pk=post_id)
        .select_related("lti_user__auth_user")
        .first()
    )
