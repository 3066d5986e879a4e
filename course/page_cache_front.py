"""The page cache's hits, answered in front of Django.

The page cache (`course.page_cache`) is a middleware just below WhiteNoise,
so a stored page still paid for what a static file pays for, Django's
request handling (the request object, the request signals, the middleware
above it), and then for the policy headers and its own lookup on top: at
best it matched a static file. So each worker also remembers, under the
content version, the whole response as it left Django for a page that
middleware served or stored (`X-Page-Cache`), and answers the next request
for the same address from it before Django is called at all.

The address is every part of the request that reaches the response: the
scheme (and the proxy's forwarded scheme, host and port), the host, the
path. Only what the middleware would serve from its cache qualifies: an
anonymous GET or HEAD with no query string, session or message cookie, for
anything but a static or uploaded file (which go straight to Django). A
response is remembered only after Django produced it for that same address,
so a request Django would redirect (to HTTPS), refuse (an unknown host) or
answer otherwise never finds one. The content version is read on every
request, so a publish is seen at once here too.
"""

from hashlib import blake2b

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import parse_cookie

from course.page_cache import MEMO_ALIAS, MEMO_TIMEOUT, content_version

ADDRESS = (
    "wsgi.url_scheme",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "PATH_INFO",
)
MARK = "X-Page-Cache"


def _address(environ) -> str | None:
    """The request's address as a key, or None when the page cache would not serve it."""
    if not settings.PAGE_CACHE or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    path = environ.get("PATH_INFO", "")
    if environ.get("QUERY_STRING") or path.startswith(_file_prefixes()):
        return None
    cookie = environ.get("HTTP_COOKIE")
    if cookie:
        names = parse_cookie(cookie)
        if settings.SESSION_COOKIE_NAME in names or CookieStorage.cookie_name in names:
            return None
    address = "\x1f".join(str(environ.get(name, "")) for name in ADDRESS)
    return blake2b(address.encode(), digest_size=16).hexdigest()


def _file_prefixes() -> tuple:
    return tuple(prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix)


def page_cache_front(application):
    """WSGI: `application`, with stored pages answered in front of it (see module)."""

    def front(environ, start_response):
        address = _address(environ)
        if address is None:
            return application(environ, start_response)
        memo = caches[MEMO_ALIAS]
        key = f"front:{content_version()}:{address}"
        stored = memo.get(key)
        if stored is not None:
            status, headers, body = stored
            start_response(status, headers)
            return [b"" if environ["REQUEST_METHOD"] == "HEAD" else body]
        sent = {}

        def noted(status, headers, exc_info=None):
            sent.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        result = application(environ, noted)
        headers = sent.get("headers", ())
        if environ["REQUEST_METHOD"] != "GET" or not any(name == MARK for name, _ in headers):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if sent["status"].startswith("200 "):
            hit = [(name, "hit" if name == MARK else value) for name, value in headers]
            memo.set(key, (sent["status"], hit, body), MEMO_TIMEOUT)
        return [body]

    return front
