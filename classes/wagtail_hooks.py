"""Registers the Classes area with the Wagtail admin; the rules live elsewhere."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from classes import reports
from classes.models import Section
from classes.permissions import section_permission_policy
from classes.viewsets import section_viewset

register_permission_policy(Section, section_permission_policy)


@hooks.register("register_admin_viewset")
def register_section_viewset():
    return section_viewset


@hooks.register("register_admin_urls")
def register_questions_to_review_urls():
    return reports.admin_urls()


@hooks.register("register_reports_menu_item")
def register_questions_to_review_menu_item():
    return reports.menu_item()
