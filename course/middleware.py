"""Middleware of our own: one concern each."""

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject


def private_when_signed_in(get_response):
    """Mark every response to a signed-in user `Cache-Control: private, no-store`.

    Pages for a signed-in user carry their name, ticks, progress and answers,
    so no shared cache (a proxy, a CDN, a page cache of our own) may keep
    them, and no-store keeps them off the disk of a shared computer in a
    library or a lab. Marking them here covers every page, Wagtail's
    included, present and future. Uploaded media are the same public files
    for everyone and stay cacheable. Visitors without a session cookie cannot
    be signed in, so their requests never load the session to find out.
    """

    def middleware(request):
        response = get_response(request)
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            and not request.path.startswith(settings.MEDIA_URL)
            and request.user.is_authenticated
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware


# What django-csp's view decorators leave on a response.
VIEW_POLICY_ATTRIBUTES = ("_csp_exempt", "_csp_config", "_csp_update", "_csp_replace")

# The admin's prefix comes from the URLconf, which is not loaded yet when
# middleware is built.
ADMIN_PREFIX = SimpleLazyObject(lambda: reverse("wagtailadmin_home"))

# Set on a response to a tuple of origins, the only ones that may show that
# response in a frame (see lti.launch.framing): its policy is the usual one
# with those as its `frame-ancestors`.
FRAME_ANCESTORS_ATTRIBUTE = "frame_ancestors"


class ContentSecurityPolicy(CSPMiddleware):
    """django-csp's middleware, choosing the policy by what is served.

    The public site gets the strict `CONTENT_SECURITY_POLICY`: every script
    and style comes from our own static files, so an injected `<script>` or
    `onclick` in a lesson never runs. The Wagtail admin still writes some of
    its scripts and styles inline and gets `ADMIN_CONTENT_SECURITY_POLICY`.
    A page preview is rendered through the whole middleware chain for a
    stand-in request Wagtail marks `is_dummy`; it gets
    `PREVIEW_CONTENT_SECURITY_POLICY`, the site's own but framed by the
    admin, so an editor sees exactly what students will. A document download
    gets `DOCUMENT_CONTENT_SECURITY_POLICY`, which lets an uploaded HTML or
    PDF file run nothing even if a browser opens it. A response that names
    the origins allowed to frame it (`FRAME_ANCESTORS_ATTRIBUTE`) gets its
    policy with those as `frame-ancestors`.

    Each header is built once per policy and list of framing origins, then
    reused: django-csp builds it afresh for every response, which made a
    page from the page cache take nearly twice as long. The unusual
    responses go through django-csp itself, which knows how to handle them:
    one that already has a policy or a view's django-csp decorator, a
    template's nonce, a report-only policy being tried, or a debug error
    page in development.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        # (id(policy), framing origins) -> (policy, header). Holding the
        # policy keeps its id from being reused; a policy replaced in
        # settings gets a new entry.
        self._headers = {}

    def process_response(self, request, response):
        if self._unusual(request, response):
            return super().process_response(request, response)
        origins = getattr(response, FRAME_ANCESTORS_ATTRIBUTE, None)
        response[HEADER] = self._header(policy_for(request), origins)
        return response

    @staticmethod
    def _unusual(request, response):
        return (
            HEADER in response
            or any(name in vars(response) for name in VIEW_POLICY_ATTRIBUTES)
            or vars(request).get("_csp_nonce")
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or (settings.DEBUG and response.status_code >= 400)
        )

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if parts.config is None:
            parts.config = policy_for(request)
        origins = getattr(response, FRAME_ANCESTORS_ATTRIBUTE, None)
        if origins:
            parts.replace = {"frame-ancestors": list(origins), **(parts.replace or {})}
        return parts

    def _header(self, policy, origins):
        key = (id(policy), origins)
        stored, header = self._headers.get(key, (None, None))
        if stored is not policy:
            replace = {"frame-ancestors": list(origins)} if origins else None
            header = build_policy(config=policy, replace=replace)
            self._headers[key] = (policy, header)
        return header


def policy_for(request):
    """The policy the site serves `request` with, by what is served (see
    `ContentSecurityPolicy`); `settings.CONTENT_SECURITY_POLICY` for the
    public site."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name == "wagtaildocs_serve":
        return settings.DOCUMENT_CONTENT_SECURITY_POLICY
    if getattr(request, "is_dummy", False):
        return settings.PREVIEW_CONTENT_SECURITY_POLICY
    if request.path.startswith(str(ADMIN_PREFIX)):
        return settings.ADMIN_CONTENT_SECURITY_POLICY
    return settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
