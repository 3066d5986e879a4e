"""Registers the lessons' admin pages: the "Lessons to review" report and
the message coach. The rules live in `lessons.reports` and `lessons.admin_views`."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lessons import admin_views, reports


@hooks.register("register_admin_urls")
def register_lessons_to_review_urls():
    return reports.admin_urls()


@hooks.register("register_reports_menu_item")
def register_lessons_to_review_menu_item():
    return reports.menu_item()


@hooks.register("register_admin_urls")
def register_coach_urls():
    views = admin_views
    return [
        path("coach/", views.CoachIndexView.as_view(), name="lessons_coach_index"),
        path(
            "coach/<int:course_id>/", views.CourseCoachView.as_view(), name="lessons_coach_course"
        ),
        path("coach/<int:course_id>/try/", views.CoachTryView.as_view(), name="lessons_coach_try"),
        path(
            "coach/<int:course_id>/rules/add/",
            views.CustomRuleView.as_view(),
            name="lessons_coach_rule_add",
        ),
        path(
            "coach/<int:course_id>/rules/<int:rule_id>/",
            views.CustomRuleView.as_view(),
            name="lessons_coach_rule_edit",
        ),
        path(
            "coach/<int:course_id>/rules/<int:rule_id>/delete/",
            views.CustomRuleDeleteView.as_view(),
            name="lessons_coach_rule_delete",
        ),
    ]


class CoachMenuItem(reports.PageEditorsMenuItem):
    """Shown to those who may edit some page: a course's professors and admins."""

    permissions = ("change",)


@hooks.register("register_admin_menu_item")
def register_coach_menu_item():
    return CoachMenuItem(
        _("Message coach"), reverse("lessons_coach_index"), icon_name="edit", order=260
    )
