"""Being shown inside an LMS: who may frame us, and cookies that work in the frame.

The site as a whole refuses every frame (`frame-ancestors 'none'` and
`X-Frame-Options: DENY`, see `course.middleware`). A launch opens in the
LMS's own page, so three things change, each as narrowly as it can:

- The session a launch signs in to remembers the registration's framing
  origins (`session_framed_by`), and `lms_session_framing` lets only those
  origins frame the site's pages in that session.
- Pages a launch shows before there is such a session (a refused launch, the
  cookie check) are made framable one response at a time (`framable_by`).
- Cookies set on the LTI host name (`settings.LTI_HOST`) are sent as
  `SameSite=None; Secure` (`cross_site_cookies`), which is what lets a
  browser keep them inside another site's frame. Every other host keeps
  the default `Lax`, so the ordinary site gains no cross-site cookies.
"""

from django.conf import settings
from django.http.request import split_domain_port

from course.middleware import FRAME_ANCESTORS_ATTRIBUTE, policy_for

# Where a session keeps the origins allowed to frame its pages: those of the
# LMS that launched it. Every other session is framed by no one.
FRAME_ANCESTORS_SESSION_KEY = "frame_ancestors"


def session_framed_by(session, origins) -> None:
    """Let the pages of this signed-in session be framed by `origins` only."""
    if origins:
        session[FRAME_ANCESTORS_SESSION_KEY] = list(origins)
    else:
        session.pop(FRAME_ANCESTORS_SESSION_KEY, None)


def framable_by(response, origins):
    """Let this one response be framed by `origins` (no one, if there are none).

    The site's policy middleware names them as the policy's
    `frame-ancestors` for the response, and Django's clickjacking middleware
    leaves out `X-Frame-Options`, which cannot name an origin and would
    contradict the policy.
    """
    if origins:
        setattr(response, FRAME_ANCESTORS_ATTRIBUTE, tuple(origins))
        response.xframe_options_exempt = True
    return response


def lms_session_framing(get_response):
    """Middleware: the site's pages in a session an LMS launched may be framed
    by that LMS's origins (`session_framed_by`), and only by them.

    Placed just inside Django's clickjacking middleware, which then leaves
    out `X-Frame-Options`. Like `course.middleware.private_when_signed_in`,
    it reads the session only where a launch can have framed it: never for
    a visitor without a session cookie, nor for uploaded media, and not for
    the admin, a page preview or a document, which keep their own policy's
    framing. A response that names its own framing origins keeps them.
    """

    def middleware(request):
        response = get_response(request)
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            and not request.path.startswith(settings.MEDIA_URL)
            and policy_for(request) is settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
            and not hasattr(response, FRAME_ANCESTORS_ATTRIBUTE)
        ):
            framable_by(response, request.session.get(FRAME_ANCESTORS_SESSION_KEY))
        return response

    return middleware


def on_lti_host(request) -> bool:
    """Whether the request came in on the LTI host name (never when none is set)."""
    if not settings.LTI_HOST:
        return False
    host, _port = split_domain_port(request.META.get("HTTP_HOST", ""))
    return host == settings.LTI_HOST


def cross_site_cookies(get_response):
    """Middleware: on the LTI host, every cookie is `SameSite=None; Secure`.

    Placed above the session, CSRF and message middleware so it sees the
    cookies they set. Browsers send a `SameSite=None` cookie only when it is
    also `Secure`, so the LTI host must be served over HTTPS.
    """

    def middleware(request):
        response = get_response(request)
        if on_lti_host(request):
            for morsel in response.cookies.values():
                morsel["samesite"] = "None"
                morsel["secure"] = True
        return response

    return middleware
