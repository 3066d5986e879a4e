"""Refusing a launch: one exception, and the one way it is answered.

Whatever goes wrong with a launch, the person in front of the LMS gets a
page that says what happened and what to do, with status 400, never a
server error. Once the launch's token is verified, its `return_url` comes
from the platform itself, and the platform gets the person back with our
message in `lti_errormsg`, as LTI provides. Every refusal is logged with a
short reason and the registration, never with the token, state or nonce,
which would let someone reading the logs replay a launch.
"""

import logging
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from lti.launch.framing import framable_by
from lti.launch.selectors import registration_frame_origins

logger = logging.getLogger("lti.launch")

NOT_FOR_BROWSERS = _(
    "This address is for your LMS to open, not for a browser. Open Soft Landing from "
    "your course in the LMS."
)
EXPIRED = _(
    "This launch has expired or was already used. Go back to your course in the LMS "
    "and open the item again."
)
UNVERIFIED = _(
    "Your LMS sent a launch we could not verify, so we did not sign you in. Open the "
    "item again from your LMS; if it keeps happening, ask whoever runs your LMS to check "
    "its Soft Landing registration."
)
UNKNOWN_PLATFORM = _("We don't know the LMS this launch came from, or it is switched off here.")
KEYS_UNAVAILABLE = _(
    "We could not reach your LMS to check this launch. Wait a minute and open the item again."
)
NO_COOKIE = _(
    "Your browser did not keep the cookie this launch needs; browsers often block "
    "cookies inside another site's page. Open Soft Landing in a new tab instead."
)
DEPLOYMENT = _(
    "This LMS's installation of Soft Landing is not registered with us, or has been "
    "switched off. Ask whoever runs your LMS to check it."
)
UNSUPPORTED = _("Soft Landing cannot open this kind of request from your LMS.")
ELSEWHERE = _("This link points to another site, so we did not open it.")
NOT_IN_COURSE = _(
    "This link does not lead to a lesson or quiz of one of our courses. Ask your "
    "instructor to check the link in the LMS."
)
OTHER_COURSE = _(
    "This LMS course already uses “%(course)s”, so it cannot open items of another course."
)
NO_CONTEXT = _("Open this from inside a course in your LMS.")
NOT_INSTRUCTOR = _("Only the course's instructors can add Soft Landing items to it.")
ACCOUNT_CLOSED = _("Your Soft Landing account is closed, so we cannot sign you in.")
LMS_ERROR = _(
    "Your LMS did not sign you in. Open the item again from your course; if it keeps "
    "happening, sign in to your LMS again first."
)


class LaunchRefused(Exception):
    """A launch we will not complete.

    `reason` is a short code for the log, `detail` more of it (never a
    secret), `message` what the person reads. `restart_url` starts the
    launch afresh in a new tab, where the browser keeps our cookies.
    """

    def __init__(self, reason, message, *, detail="", restart_url=None):
        super().__init__(reason)
        self.reason = reason
        self.message = message
        self.detail = detail
        self.restart_url = restart_url


def with_error(return_url: str, message: str) -> str | None:
    """The platform's `return_url` with our message as `lti_errormsg`, or None
    if it is not a web address."""
    parts = urlsplit(return_url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return None
    query = urlencode([*parse_qsl(parts.query), ("lti_errormsg", message)])
    return urlunsplit(parts._replace(query=query))


def refused_response(request, refused, *, registration=None, return_url=None):
    """Log the refusal and answer it: back to the platform when it gave a
    `return_url` in a verified launch, otherwise a 400 page, which the
    platform's own origins may frame."""
    logger.warning(
        "LTI launch refused: %s%s (registration %s)",
        refused.reason,
        f": {refused.detail}" if refused.detail else "",
        registration.pk if registration is not None else "unknown",
    )
    back = with_error(return_url, str(refused.message)) if isinstance(return_url, str) else None
    if back:
        return HttpResponseRedirect(back)
    response = render(
        request,
        "lti/launch_refused.html",
        {"message": refused.message, "restart_url": refused.restart_url},
        status=400,
    )
    origins = registration_frame_origins(registration=registration) if registration else []
    return framable_by(response, origins)
