"""Changes to published content bump the page cache's content version.

A course page shows its siblings' titles and a lesson shows the whole
outline, so any publish, unpublish, move or delete can change many pages:
the version is bumped for all of them rather than guessing which. Sites,
snippets and view restrictions (a page put behind a sign-in) are shared
content too.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from course.page_cache import content_version_bump


def _bump(**kwargs):
    content_version_bump()


def _bump_for_shared_content(sender, **kwargs):
    if sender in (Site, PageViewRestriction) or sender in get_snippet_models():
        content_version_bump()


def _bump_for_deleted_page(sender, instance, **kwargs):
    if isinstance(instance, Page):
        content_version_bump()


def connect():
    page_published.connect(_bump, dispatch_uid="page-cache-published")
    page_unpublished.connect(_bump, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(_bump, dispatch_uid="page-cache-moved")
    post_delete.connect(_bump_for_deleted_page, dispatch_uid="page-cache-page-deleted")
    post_save.connect(_bump_for_shared_content, dispatch_uid="page-cache-shared-saved")
    post_delete.connect(_bump_for_shared_content, dispatch_uid="page-cache-shared-deleted")
