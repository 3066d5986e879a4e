"""Site search: find a course or a lesson by a word from its title, summary or text.

A student remembers "the lesson about the LinkedIn message" and wants it back
without walking the syllabus. Wagtail's search backend (the database backend
by default, on SQLite and PostgreSQL alike) indexes the pages' `search_fields`,
lesson bodies included. Only live, public courses and lessons are searched:
drafts, view-restricted pages and quizzes (whose questions are not for
browsing) never appear.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page

from course.models import CoursePage

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200  # a pasted essay is not a query


@dataclass(frozen=True)
class SearchHit:
    """One result as the results page shows it."""

    page: Page  # the specific page: a CoursePage or a LessonPage
    course_title: str  # the lesson's course; empty for a course


def site_search(*, query: str):
    """Live, public courses and lessons matching `query`, most relevant first.

    Returns Wagtail search results, which a paginator slices lazily, so only
    one page of results is ever read from the database.
    """
    from lessons.models import LessonPage  # `course` is the base app: no dependant at load time

    # SQLite's full-text index reads a double quote as the start of a phrase,
    # and an unmatched one is a syntax error there: they match nothing anyway.
    words = query.replace('"', " ")
    return Page.objects.live().public().type(CoursePage, LessonPage).search(words, operator="and")


def search_hits(pages) -> list[SearchHit]:
    """Results of one page of search, made specific, with each lesson's course title.

    A query per page type among the results and one for the courses: the
    count does not grow with the number of results.
    """
    pages = list(pages)
    if not pages:
        return []
    specific = {
        page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in pages]).specific()
    }
    parents = {page.path[: -Page.steplen] for page in specific.values()}
    courses = dict(CoursePage.objects.filter(path__in=parents).live().values_list("path", "title"))
    return [
        SearchHit(
            page=specific[page.pk],
            course_title=""
            if isinstance(specific[page.pk], CoursePage)
            else courses.get(page.path[: -Page.steplen], ""),
        )
        for page in pages
        if page.pk in specific
    ]


def search(request):
    """The results page: the form, then ten results a page, or a hint when there are none."""
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    hits, page_obj = [], None
    if query:
        paginator = Paginator(site_search(query=query), RESULTS_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        hits = search_hits(page_obj.object_list)
    return render(
        request,
        "course/search.html",
        {"query": query, "hits": hits, "page_obj": page_obj},
    )
