"""Registers the "Lessons to review" report with the admin; the rules live in `lessons.reports`."""

from wagtail import hooks

from lessons import reports


@hooks.register("register_admin_urls")
def register_lessons_to_review_urls():
    return reports.admin_urls()


@hooks.register("register_reports_menu_item")
def register_lessons_to_review_menu_item():
    return reports.menu_item()
