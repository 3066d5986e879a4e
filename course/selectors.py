"""Reads of a course's structure, shared by every page that shows it.

Each selector runs a fixed number of queries whatever the size of the course,
so the pages built on them stay flat as a course grows.
"""

from dataclasses import dataclass

from django.db.models import Q
from wagtail.models import Page

from course.content_cache import versioned


def course_items(*, course):
    """The course's live items in course order, each as its own page type.

    One query for the pages plus one per page type (lessons, quizzes).
    """
    return list(course.get_children().live().specific())


@dataclass(frozen=True)
class OutlineItem:
    """A page as navigation shows it: enough to link to it and tick it."""

    pk: int
    title: str
    url: str


@dataclass(frozen=True)
class CourseOutline:
    """Where one item sits in its course: the course, all items, neighbours.

    `position` counts from 1, as a student reads it.
    """

    course: OutlineItem
    items: list
    position: int

    @property
    def current(self):
        return self.items[self.position - 1]

    @property
    def previous(self):
        return self.items[self.position - 2] if self.position > 1 else None

    @property
    def next(self):
        return self.items[self.position] if self.position < len(self.items) else None


def outline_item(page, request):
    """`page` as navigation (and the coach's feedback) links to it."""
    return OutlineItem(pk=page.pk, title=page.title, url=page.get_url(request) or "")


def _course_and_items(course_path, depth, request):
    """The course and its live items, as outline items, in one query."""
    course, *items = Page.objects.filter(
        Q(path=course_path) | Q(path__startswith=course_path, depth=depth, live=True)
    ).order_by("path")
    return outline_item(course, request), [outline_item(item, request) for item in items]


def course_outline(*, page, request=None):
    """The outline around `page`: its course and its live siblings.

    Items are `OutlineItem`s (id, title, URL), enough for navigation and
    ticks; pages that need an item's own fields use `course_items`. With a
    request, the outline is shared by every request for the same host until
    published content changes, so a lesson page reads it with no query;
    without one it costs one query. A draft being previewed is not live yet,
    so it is shown last.
    """
    course_path = page.path[: -page.steplen]
    course, items = versioned(
        request,
        f"outline:{request.get_host() if request else ''}:{course_path}",
        lambda: _course_and_items(course_path, page.depth, request),
    )
    pks = [item.pk for item in items]
    if page.pk not in pks:
        items = [*items, outline_item(page, request)]
        pks.append(page.pk)
    return CourseOutline(course=course, items=items, position=pks.index(page.pk) + 1)
