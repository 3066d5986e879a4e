"""Published content shared by signed-in pages, cached per content version.

The page cache (`course.page_cache`) serves whole pages to anonymous
visitors. A signed-in student's page cannot be shared whole: it holds their
ticks, their progress and forms with their CSRF token. Most of what it is
made of can be shared, though: which page a path leads to, the course
outline, the rendered lesson body. Those are cached here under the page
cache's content version, which any change to published content bumps
(`course.signals`), so a publish makes all of them stale at once on every
worker, while the student's own parts are read fresh on every request.

Entries live in the "versioned" cache, each worker's own memory: an entry
under a version never changes, so a worker's copy can never be stale, and
reading it costs no file or network round trip. The version in the key is
read from the cache every worker and server shares, once per request.
"""

from course.page_cache import memoized, request_version


def versioned(request, name, compute):
    """`compute()`, shared by every request until published content changes.

    `name` must hold everything the value depends on besides published
    content (a page, a host). A value of None is never stored. Without a
    request (a command, a test) the value is computed and not kept.
    """
    if request is None:
        return compute()
    return memoized(f"content:{request_version(request)}:{name}", compute)
