"""A page cache for anonymous visitors, just below WhiteNoise.

Most requests to a course site are anonymous reads of the same few pages
(a link an instructor posted, opened by a whole class). Serving those from
a shared cache skips sessions, authentication, Wagtail's routing and the
template, which is what makes them as cheap as a static file.

What is stored is narrow on purpose: GET responses with status 200, to
requests without a query string, a session or a message cookie, that set no cookie,
used no CSRF token and are not marked private or no-store. A preview, a
view-restricted page, a form with a token or anything personal fails one
of those tests and is never stored. HEAD requests are answered from the
stored GET. Entries are keyed on a content version that any change to
published content bumps (`course.signals`), so a publish is visible at
once on every worker; older entries are never read again and expire.

Opt-in with `PAGE_CACHE=1`. The entries live in the "pages" cache, which
settings point at Redis when `REDIS_URL` is set and at a file cache
otherwise: every worker and every server must see the same entries and the
same version, which a per-process memory cache cannot give. A worker also
keeps the entries it has read in its own memory (the "versioned" cache):
an entry under a version never changes, so that copy is never stale, and a
hit then costs one shared read, the version's. Once a worker has served a
page from here, it answers that page in front of Django
(`course.page_cache_front`).
"""

import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse

CACHE_ALIAS = "pages"
MEMO_ALIAS = "versioned"  # each worker's own copies of entries keyed on a version
MEMO_TIMEOUT = 3600  # seconds; stale versions are never read again and simply expire
VERSION_KEY = "content-version"
NOT_STORED = ("private", "no-store", "no-cache")


def _cache():
    return caches[CACHE_ALIAS]


def content_version() -> int:
    """The current version of published content, shared by every worker."""
    version = _cache().get(VERSION_KEY)
    if version is None:  # first request since the cache was emptied: one write, then reads
        _cache().add(VERSION_KEY, _first_version(), timeout=None)
        version = _cache().get(VERSION_KEY)
    return version


def _first_version() -> int:
    """A starting version no earlier run of the site has used.

    Entries keyed on a version live in caches that can outlive this one (a
    worker's own memory, when the shared cache is emptied under it), so a
    version must never come round again: starting from the clock's
    microseconds, a restart always begins above every version used before.
    """
    return time.time_ns() // 1000


def request_version(request) -> int:
    """The content version, read once per request however often it is asked
    for (the page cache, then the shared page parts of `course.content_cache`)."""
    if request is None:
        return content_version()
    if not hasattr(request, "_content_version"):
        request._content_version = content_version()
    return request._content_version


def content_version_bump() -> None:
    """Make every stored page stale: called when published content changes."""
    cache = _cache()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version stored yet (or it was emptied): start afresh
        cache.set(VERSION_KEY, _first_version(), timeout=None)


def _cacheable(request) -> bool:
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        # A message waiting in its cookie ("You signed out") belongs to this visitor.
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _storable(request, response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(word in cache_control for word in NOT_STORED)
    )


def _key(request, version) -> str:
    return f"page:{version}:{request.get_host()}:{request.path}"


def memoized(key: str, compute):
    """`compute()`, kept in this worker's memory under `key`, which must hold
    the content version: an entry under a version never changes, so the
    worker's copy is never stale. A value of None is never kept."""
    memo = caches[MEMO_ALIAS]
    value = memo.get(key)
    if value is None:
        value = compute()
        if value is not None:
            memo.set(key, value, MEMO_TIMEOUT)
    return value


def _replay(stored, request) -> HttpResponse:
    status, headers, content = stored
    response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def page_cache(get_response):
    """Serve stored anonymous pages; store the ones that qualify (see module)."""

    def middleware(request):
        if not _cacheable(request):
            return get_response(request)
        key = _key(request, request_version(request))
        stored = memoized(key, lambda: _cache().get(key))
        if stored is not None:
            return _replay(stored, request)
        response = get_response(request)
        if _storable(request, response):
            headers = [(name, value) for name, value in response.items()]
            _cache().set(key, (response.status_code, headers, response.content))
            response["X-Page-Cache"] = "miss"
        return response

    return middleware
