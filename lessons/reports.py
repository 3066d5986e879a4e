"""The "Lessons to review" report: live lessons nobody has checked for a year.

Advice about severance, benefits and job hunting goes stale; a lesson that was
right when it was written can mislead a student two years later. Professors
record the day they last checked a lesson (`LessonPage.last_reviewed`), and
this report lists the live lessons they may edit that were never checked or
not for twelve months, oldest first, so the stalest advice is read first.
"""

import datetime

from django.db.models import F, Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry

from course.cells import safe_text
from lessons.models import LessonPage

REVIEW_AFTER_YEARS = 1  # a lesson is due twelve months after its last review


class SafeCellsExportMixin:
    """Wagtail's report export, with text that starts like a formula quoted.

    Professors type lesson titles and quiz prompts; a title such as
    `=HYPERLINK(...)` would run when someone opens the CSV, so text cells go
    through `course.cells.safe_text`, as the gradebook's do.
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return safe_text(value) if isinstance(value, str) else value


def review_cutoff(*, today: datetime.date) -> datetime.date:
    """The day twelve months before `today`: lessons last reviewed before it are due.

    February 29th steps back to February 28th in a year that has none.
    """
    try:
        return today.replace(year=today.year - REVIEW_AFTER_YEARS)
    except ValueError:
        return today.replace(year=today.year - REVIEW_AFTER_YEARS, day=28)


def lessons_to_review(*, user, today: datetime.date | None = None):
    """Live lessons `user` may edit, never reviewed or reviewed before the cutoff.

    Never-reviewed lessons come first, then the longest unreviewed; the
    permission check is one subquery, so the count of queries does not grow
    with the number of lessons.
    """
    cutoff = review_cutoff(today=today or timezone.localdate())
    editable = policy_registry.get_by_type(Page).instances_user_has_permission_for(user, "change")
    return (
        LessonPage.objects.live()
        .filter(pk__in=editable.values("pk"))
        .filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=cutoff))
        .order_by(F("last_reviewed").asc(nulls_first=True), "path")
    )


def with_course_titles(lessons):
    """Set `course_title` (from the parent page, in one query) and a readable review date."""
    lessons = list(lessons)
    steplen = Page.steplen
    titles = dict(
        Page.objects.filter(path__in={lesson.path[:-steplen] for lesson in lessons}).values_list(
            "path", "title"
        )
    )
    for lesson in lessons:
        lesson.course_title = titles.get(lesson.path[:-steplen], "")
        lesson.last_reviewed_label = (
            date_format(lesson.last_reviewed) if lesson.last_reviewed else _("Never")
        )
    return lessons


class LessonsToReviewView(SafeCellsExportMixin, ReportView):
    """The report in the admin's Reports menu, with Wagtail's CSV and XLSX export."""

    page_title = _("Lessons to review")
    header_icon = "time"
    index_url_name = "lessons_reports_lessons_to_review"
    index_results_url_name = "lessons_reports_lessons_to_review_results"
    any_permission_required = ["add", "change", "publish"]
    no_results_message = _("Every live lesson has been reviewed in the last 12 months.")
    columns = [
        TitleColumn(
            "title",
            label=_("Lesson"),
            get_url=lambda lesson: reverse("wagtailadmin_pages:edit", args=[lesson.pk]),
        ),
        Column("course_title", label=_("Course")),
        Column("last_reviewed_label", label=_("Last reviewed")),
        DateColumn("last_published_at", label=_("Last published")),
    ]
    list_export = ["title", "course_title", "last_reviewed", "last_published_at"]
    export_headings = {
        "title": _("Lesson"),
        "course_title": _("Course"),
        "last_reviewed": _("Last reviewed"),
        "last_published_at": _("Last published"),
    }

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(Page)

    def get_filename(self):
        return f"lessons-to-review-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return lessons_to_review(user=self.request.user)

    def decorate_paginated_queryset(self, object_list):
        return with_course_titles(object_list)


class PageEditorsMenuItem(MenuItem):
    """Shown to people who may add, change or publish some page, as Wagtail's page reports are.

    Wagtail's page policy keeps a user's page permissions for the request,
    so this adds no query to an admin page however many items ask.
    """

    permissions = ("add", "change", "publish")

    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_any_permission(
            request.user, self.permissions
        )


def admin_urls():
    """The report's page and the fragment Wagtail's listing reloads."""
    return [
        path(
            "reports/lessons-to-review/",
            LessonsToReviewView.as_view(),
            name="lessons_reports_lessons_to_review",
        ),
        path(
            "reports/lessons-to-review/results/",
            LessonsToReviewView.as_view(results_only=True),
            name="lessons_reports_lessons_to_review_results",
        ),
    ]


def menu_item():
    return PageEditorsMenuItem(
        _("Lessons to review"),
        reverse("lessons_reports_lessons_to_review"),
        name="lessons-to-review",
        icon_name="time",
        order=1150,
    )
