"""The addresses a platform calls: login initiation, launch, and our key set.

None of them is a page a person browses to: without a platform in front,
each answers 400 (or 405 for the wrong method). They hold no rules of their
own; `oidc`, `tokens` and `launches` do.
"""

import time
from urllib.parse import urlencode, urlsplit

from django.contrib.auth import login
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from lti_tool.models import LtiRegistration
from wagtail.models import Page

from lti.assignments.deep_linking import SESSION_KEY as DEEP_LINKING_SESSION_KEY
from lti.launch import claims as c
from lti.launch import oidc
from lti.launch.errors import (
    EXPIRED,
    LMS_ERROR,
    NO_COOKIE,
    NOT_FOR_BROWSERS,
    NOT_IN_COURSE,
    UNKNOWN_PLATFORM,
    LaunchRefused,
    refused_response,
)
from lti.launch.framing import framable_by, session_framed_by
from lti.launch.keys import key_set
from lti.launch.launches import (
    Launch,
    deep_linking_record,
    resource_launch_record,
    return_url_of,
)
from lti.launch.selectors import course_of, registration_frame_origins
from lti.launch.tokens import id_token_verify, shown, taken_until

BACKEND = "accounts.backends.ModelBackend"


@require_GET
@cache_control(public=True, max_age=3600)
def jwks(request):
    """Our public keys, for platforms to verify what we sign."""
    return JsonResponse(key_set())


def _login_url(registration, params: dict, **extra) -> str:
    path = reverse("lti:login", args=[registration.uuid])
    return f"{path}?{urlencode({**params, **extra})}"


@csrf_exempt
@require_http_methods(["GET", "POST"])
def login_initiation(request, registration_uuid):
    """Step one of a launch: check the browser keeps our cookies, then send it
    to sign in at the platform with a new state and nonce."""
    registration = LtiRegistration.objects.active().filter(uuid=registration_uuid).first()
    if registration is None:
        refused = LaunchRefused("unknown_registration", UNKNOWN_PLATFORM)
        return refused_response(request, refused)
    data = request.POST if request.method == "POST" else request.GET
    try:
        params = oidc.login_params(
            registration=registration, data=data, host=request.get_host(), scheme=request.scheme
        )
    except LaunchRefused as refused:
        return refused_response(request, refused, registration=registration)
    if oidc.CHECK_COOKIE not in request.COOKIES:
        if data.get(oidc.CHECK_PARAM):
            return _cookies_blocked(request, registration, params)
        response = HttpResponseRedirect(_login_url(registration, params, **{oidc.CHECK_PARAM: 1}))
        oidc.check_cookie_set(response)
        return response
    state, nonce = oidc.state_issue(registration=registration, params=params)
    response = HttpResponseRedirect(
        oidc.authorization_url(
            registration=registration,
            params=params,
            state=state,
            nonce=nonce,
            redirect_uri=request.build_absolute_uri(reverse("lti:launch")),
        )
    )
    oidc.state_cookie_set(response, state=state, path=reverse("lti:launch"))
    return response


def _cookies_blocked(request, registration, params):
    """The browser dropped our cookie: most likely it blocks cookies in the
    LMS's frame. The same login in a tab of its own completes the launch."""
    response = render(
        request,
        "lti/open_in_new_tab.html",
        {"restart_url": _login_url(registration, params)},
    )
    return framable_by(response, registration_frame_origins(registration=registration))


@csrf_exempt
@require_POST
def launch(request):
    """Step two: the platform posts the signed id_token with our state."""
    registration = None
    try:
        state, entry, registration = _posted_state(request)
        _state_of_this_browser(request, state=state, entry=entry, registration=registration)
        claims = _claims(request, registration=registration, nonce=entry["nonce"])
    except LaunchRefused as refused:
        return refused_response(request, refused, registration=registration)
    try:
        verified = Launch.of(registration=registration, claims=claims)
        if verified.is_deep_linking:
            response = _deep_linking(request, verified)
        else:
            response = _resource_link(request, verified)
    except LaunchRefused as refused:
        return refused_response(
            request, refused, registration=registration, return_url=return_url_of(claims)
        )
    response.delete_cookie(
        oidc.state_cookie_name(state), path=reverse("lti:launch"), samesite="None"
    )
    return response


def _posted_state(request):
    """The posted state, what we remembered of it, and its registration."""
    if request.POST.get("error"):
        raise LaunchRefused("platform_error", LMS_ERROR, detail=shown(request.POST["error"]))
    state = request.POST.get("state")
    if not state or not request.POST.get("id_token"):
        raise LaunchRefused("not_a_launch", NOT_FOR_BROWSERS)
    entry = oidc.state_entry(state=state)
    if entry is None:
        raise LaunchRefused("state_unknown", EXPIRED, detail="expired, used or never issued")
    registration = LtiRegistration.objects.active().filter(pk=entry["registration"]).first()
    if registration is None:
        raise LaunchRefused("unknown_registration", UNKNOWN_PLATFORM)
    return state, entry, registration


def _state_of_this_browser(request, *, state, entry, registration):
    """Refuse a state we issued to another browser (its cookie is ours alone),
    then clear it: whatever becomes of this launch, the same POST sent again
    is refused. A browser that lost our cookie may start again in a new tab."""
    if request.COOKIES.get(oidc.state_cookie_name(state)) != state:
        restart = _login_url(registration, entry["params"])
        raise LaunchRefused("state_cookie", NO_COOKIE, restart_url=restart)
    oidc.state_clear(state=state)


def _claims(request, *, registration, nonce):
    """The id_token's claims once every rule holds, its nonce used up."""
    now = time.time()
    claims = id_token_verify(
        token=request.POST["id_token"],
        registration=registration,
        nonce=nonce,
        host=request.get_host(),
        scheme=request.scheme,
        now=now,
    )
    if not oidc.nonce_use(
        registration=registration, nonce=nonce, expires_at=taken_until(claims), now=now
    ):
        raise LaunchRefused("nonce_reused", EXPIRED)
    return claims


def _sign_in(request, launch, user):
    """Sign the person in; the session's pages may then be framed by the LMS."""
    login(request, user, backend=BACKEND)
    origins = registration_frame_origins(registration=launch.registration)
    session_framed_by(request.session, origins)


def _resource_link(request, launch):
    """Open the launched page, once the person and their class are in place."""
    target = launch.claims[c.TARGET_LINK_URI]
    # Wagtail's own routing: the request's site, then only live pages. It keeps
    # the route on this request, which serves no page of its own.
    page = Page.find_for_request(request, urlsplit(target).path)
    course = course_of(page=page) if page is not None else None
    if course is None:
        raise LaunchRefused("not_in_course", NOT_IN_COURSE, detail=shown(urlsplit(target).path))
    result = resource_launch_record(launch=launch, page=page, course=course)
    _sign_in(request, launch, result.user)
    return redirect(page.get_url(request=request))


def _deep_linking(request, launch):
    """Hand the platform's request to the chooser of lti.assignments."""
    result = deep_linking_record(launch=launch)
    _sign_in(request, launch, result.user)
    request.session[DEEP_LINKING_SESSION_KEY] = result.request
    return redirect("lti:deep_link_choose")
