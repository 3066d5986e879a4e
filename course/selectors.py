"""Reads of a course's structure, shared by every page that shows it.

Each selector runs a fixed number of queries whatever the size of the course,
so the pages built on them stay flat as a course grows.
"""

from dataclasses import dataclass

from django.db.models import Q
from wagtail.models import Page


def course_items(*, course):
    """The course's live items in course order, each as its own page type.

    One query for the pages plus one per page type (lessons, quizzes).
    """
    return list(course.get_children().live().specific())


@dataclass(frozen=True)
class CourseOutline:
    """Where one item sits in its course: the course, all items, neighbours.

    `position` counts from 1, as a student reads it.
    """

    course: Page
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


def course_outline(*, page):
    """The outline around `page`: its course and its siblings, in one query.

    Items are plain pages (title, URL, type), enough for navigation; pages
    that need an item's own fields use `course_items`. A draft being
    previewed is not live yet, so it is shown last.
    """
    course_path = page.path[: -page.steplen]
    course, *items = Page.objects.filter(
        Q(path=course_path) | Q(path__startswith=course_path, depth=page.depth, live=True)
    ).order_by("path")
    pks = [item.pk for item in items]
    if page.pk not in pks:
        items.append(page)
        pks.append(page.pk)
    return CourseOutline(course=course, items=items, position=pks.index(page.pk) + 1)
