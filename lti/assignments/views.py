"""The deep-linking chooser, where an instructor arriving from their LMS picks
lessons and quizzes and is sent back with them.

It serves only a browser whose session holds a deep-linking request that
`lti.launch` checked; anything else gets a 400 page that says what to do.
Each request is answered once: the session forgets it as the response is
made, so a refresh or a second tab cannot add the same items twice.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from lti.assignments.deep_linking import (
    RESOURCE_LINK,
    SESSION_KEY,
    content_item,
    deep_linking_request,
    deep_linking_response,
    item_text,
)
from lti.assignments.forms import DeepLinkChoiceForm
from lti.assignments.selectors import deep_link_courses
from quizzes.models import QuizPage


@require_http_methods(["GET", "POST"])
def deep_link_choose(request):
    """GET lists what may be linked; POST returns the picks (or, with "cancel",
    nothing) to the platform, or shows the list again with what was wrong."""
    dl_request = (
        deep_linking_request(session=request.session) if request.user.is_authenticated else None
    )
    if dl_request is None:
        return _refused(request, reason="no_request")
    if not dl_request.accepts_links:
        return _refused(request, reason="types", accept_types=dl_request.accept_types)
    courses = deep_link_courses(course_id=dl_request.course_id)
    data = request.POST if request.method == "POST" else None
    form = DeepLinkChoiceForm(data, courses=courses, multiple=dl_request.accept_multiple)
    if request.method == "POST" and "cancel" in request.POST:
        return _return_to_platform(request, dl_request, pages=[])
    if request.method == "POST" and form.is_valid():
        return _return_to_platform(request, dl_request, pages=form.chosen())
    selected = form.selected()
    groups = [
        (
            group.course,
            [
                ChooserEntry(
                    page=page,
                    is_quiz=isinstance(page, QuizPage),
                    text=item_text(page),
                    selected=str(page.pk) in selected,
                )
                for page in group.items
            ],
        )
        for group in courses
    ]
    return TemplateResponse(
        request,
        "lti/assignments/deep_link_choose.html",
        {
            "form": form,
            "groups": groups,
            "multiple": dl_request.accept_multiple,
            "first_id": groups[0][1][0].page.pk if groups else None,
        },
    )


@dataclass(frozen=True)
class ChooserEntry:
    """One lesson or quiz as the chooser lists it."""

    page: object
    is_quiz: bool
    text: str
    selected: bool  # ticked before a form error sent the page back


def _return_to_platform(request, dl_request, *, pages):
    """The page that carries the signed response to the platform's return URL."""
    items = [content_item(page, request=request) for page in pages]
    if items:
        message = ngettext(
            "Added %(count)d item from Soft Landing.",
            "Added %(count)d items from Soft Landing.",
            len(items),
        ) % {"count": len(items)}
    else:
        message = _("Nothing was added from Soft Landing.")
    token = deep_linking_response(dl_request=dl_request, items=items, message=message)
    del request.session[SESSION_KEY]
    response = TemplateResponse(
        request,
        "lti/assignments/deep_link_return.html",
        {"return_url": dl_request.return_url, "jwt": token, "pages": pages},
    )
    # The site's policy lets forms post only to us; this one posts to the platform.
    return_to = urlsplit(dl_request.return_url)
    response._csp_update = {"form-action": [f"{return_to.scheme}://{return_to.netloc}"]}
    return response


def _refused(request, *, reason, accept_types=()):
    return TemplateResponse(
        request,
        "lti/assignments/deep_link_refused.html",
        {
            "reason": reason,
            "accept_types": ", ".join(accept_types) or _("nothing"),
            "resource_link": RESOURCE_LINK,
        },
        status=400,
    )
