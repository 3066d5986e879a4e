"""Deep linking: lessons and quizzes an instructor picks, returned to the LMS signed.

A deep-linking launch (checked by `lti.launch`) leaves what the platform
asked for in the session under `SESSION_KEY` and sends the instructor to our
chooser. What they pick goes back as an `LtiDeepLinkingResponse`: a JWT
signed with our current key (the platform verifies it against our key set),
addressed to the platform, echoing its `data`, and holding one
`ltiResourceLink` per item whose `url` is the page itself, so launching the
link later opens that page. A quiz's item carries a `lineItem` worth the
quiz's points at the time, so the platform makes a gradebook column that our
grade passback (`lti.assignments.passback`) then fills; each score carries
the quiz's points when it is sent as its own maximum, so the column stays
right if the points change later.
"""

import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.utils.html import strip_tags
from django.utils.text import Truncator
from lti_tool.models import LtiRegistration

from lti.launch.claims import DEPLOYMENT_ID, LTI_DL, LTI_VERSION, MESSAGE_TYPE, VERSION
from lti.launch.keys import sign
from quizzes.models import QuizPage

SESSION_KEY = "lti_deep_linking"
RESOURCE_LINK = "ltiResourceLink"
RESPONSE_LIFETIME = timedelta(minutes=10)
TEXT_WORDS = 60  # an item's description, as the LMS shows it under the link
QUIZ_TAG = "soft-landing-quiz"


@dataclass(frozen=True)
class DeepLinkingRequest:
    """What the platform asked for, as the launch stored it in the session."""

    registration: LtiRegistration
    deployment_id: str
    return_url: str
    data: str | None
    accept_types: tuple[str, ...]
    accept_multiple: bool
    course_id: int | None

    @property
    def accepts_links(self) -> bool:
        """Whether the platform takes what we make: LTI resource links."""
        return RESOURCE_LINK in self.accept_types


def deep_linking_request(*, session) -> DeepLinkingRequest | None:
    """The deep-linking request in `session`, or None: when there is none,
    when it is malformed, or when its registration is gone or switched off."""
    stored = session.get(SESSION_KEY)
    if not isinstance(stored, dict):
        return None
    try:
        return_url = stored["return_url"]
        if not isinstance(return_url, str) or not return_url.startswith(("https://", "http://")):
            return None
        course = stored.get("course")
        return DeepLinkingRequest(
            registration=LtiRegistration.objects.active().get(pk=int(stored["registration"])),
            deployment_id=str(stored["deployment_id"]),
            return_url=return_url,
            data=stored.get("data"),
            accept_types=tuple(stored.get("accept_types") or ()),
            accept_multiple=bool(stored.get("accept_multiple")),
            course_id=None if course is None else int(course),
        )
    except (KeyError, TypeError, ValueError, LtiRegistration.DoesNotExist):
        return None


def item_text(page) -> str:
    """A lesson's summary, or the opening of a quiz's introduction, as plain text."""
    text = getattr(page, "summary", "") or strip_tags(getattr(page, "intro", "") or "")
    return Truncator(" ".join(text.split())).words(TEXT_WORDS)


def content_item(page, *, request) -> dict:
    """One `ltiResourceLink` for `page`, at its address on the host the LMS reached."""
    item = {
        "type": RESOURCE_LINK,
        "title": page.title,
        "url": request.build_absolute_uri(page.get_url(request)),
    }
    text = item_text(page)
    if text:
        item["text"] = text
    if isinstance(page, QuizPage):
        item["lineItem"] = {
            "scoreMaximum": page.points_possible,
            "label": page.title,
            "resourceId": f"quiz-{page.pk}",
            "tag": QUIZ_TAG,
        }
    return item


def deep_linking_response(
    *, dl_request: DeepLinkingRequest, items: list[dict], message: str = "", now=None
) -> str:
    """The signed `LtiDeepLinkingResponse` carrying `items`, as a compact JWT."""
    now = int(now if now is not None else time.time())
    claims = {
        "iss": dl_request.registration.client_id,
        "aud": dl_request.registration.issuer,
        "iat": now,
        "exp": now + int(RESPONSE_LIFETIME.total_seconds()),
        "nonce": uuid.uuid4().hex,
        DEPLOYMENT_ID: dl_request.deployment_id,
        MESSAGE_TYPE: "LtiDeepLinkingResponse",
        VERSION: LTI_VERSION,
        LTI_DL + "content_items": items,
    }
    if dl_request.data is not None:
        claims[LTI_DL + "data"] = dl_request.data
    if message:
        claims[LTI_DL + "msg"] = message
    return sign(claims)
