"""Middleware of our own: one concern each."""

from django.conf import settings
from django.utils.cache import patch_cache_control


def private_when_signed_in(get_response):
    """Mark every response to a signed-in user `Cache-Control: private`.

    Pages for a signed-in user carry their name, ticks and progress, so no
    shared cache (a proxy, a CDN, a page cache of our own) may keep them.
    Marking them here covers every page, Wagtail's included, present and
    future. Visitors without a session cookie cannot be signed in, so their
    requests never load the session to find out.
    """

    def middleware(request):
        response = get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response

    return middleware
