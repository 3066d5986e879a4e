"""A page's view restrictions, kept by the actions beside the page too.

An editor can put a lesson or a quiz (or the course above it) behind a
sign-in, some groups or a password, and Wagtail's serve view then refuses
whoever does not meet it. Marking a lesson complete, practising its
messages, and starting, answering or reviewing a quiz are plain Django
views that Wagtail never sees, so each asks here before doing anything. The
answer is Wagtail's own `check_view_restrictions` hook, run on the page with
nothing after it: the same sign-in redirect or password form, with the same
headers, as the page itself gives.

Most pages have no restriction, so whether a page has any is kept per
content version (`course.content_cache`), which every change to a view
restriction bumps; an autosave on an open quiz then costs no query here.
"""

from django.http import HttpResponse
from wagtail.wagtail_hooks import check_view_restrictions

from course.content_cache import versioned


def view_refusal(*, page, request) -> HttpResponse | None:
    """Wagtail's response to a request that a view restriction on `page` or
    above it refuses, or None when the request may see the page."""
    restricted = versioned(
        request, f"restricted:{page.pk}", lambda: page.get_view_restrictions().exists()
    )
    if not restricted:
        return None
    allowed = HttpResponse()
    response = check_view_restrictions(lambda *_: allowed)(page, request, (), {})
    return None if response is allowed else response
