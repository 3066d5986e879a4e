"""The OpenID Connect half of a launch: login initiation, state and nonce.

A launch starts with the platform sending the browser to our login
initiation URL. We answer by sending it to the platform's authorization
endpoint with a fresh `state` and `nonce`; the platform then posts the
signed id_token, with our `state`, to our launch URL.

- `state` ties the launch to this browser: it is kept server-side in the
  shared cache (any worker may receive the launch) and in a cookie of the
  browser, and a launch must bring both. It is cleared by the first launch
  that uses it, so the same POST sent again finds nothing.
- `nonce` ties the id_token to this login: the token must carry the one we
  issued, and it is used up atomically (`cache.add`), so two launches racing
  with one token let only one through.
- Before any of that, the login checks that the browser keeps our cookies
  at all (`CHECK_COOKIE`): inside an LMS frame many browsers drop them, and
  the person is offered the same login in a new tab instead, where they work.
"""

import hashlib
import re
import secrets
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache

from lti.launch.errors import ELSEWHERE, NOT_FOR_BROWSERS, UNKNOWN_PLATFORM, LaunchRefused

STATE_SECONDS = 600  # time to sign in at the platform between our login and the launch
STATE_COOKIE_PREFIX = "lti-state-"
CHECK_COOKIE = "lti-cookies"
CHECK_PARAM = "cookie_check"
STATE_PATTERN = re.compile(r"[A-Za-z0-9_-]{32,64}")
# What a platform sends to start a login, and all we pass on or keep of it.
LOGIN_PARAMS = (
    "iss",
    "login_hint",
    "target_link_uri",
    "lti_message_hint",
    "client_id",
    "lti_deployment_id",
)


def login_params(*, registration, data, host: str, scheme: str) -> dict:
    """The login initiation's parameters, checked against the registration.

    The issuer must be the registration's, the client id (when the platform
    sends one) ours there, and the target on the host the login came to.
    """
    params = {name: data[name] for name in LOGIN_PARAMS if isinstance(data.get(name), str)}
    if not params:
        raise LaunchRefused("not_a_login", NOT_FOR_BROWSERS)
    if params.get("iss") != registration.issuer:
        raise LaunchRefused("login_issuer", UNKNOWN_PLATFORM)
    if params.get("client_id", registration.client_id) != registration.client_id:
        raise LaunchRefused("login_client_id", UNKNOWN_PLATFORM)
    if not params.get("login_hint"):
        raise LaunchRefused("login_hint_missing", UNKNOWN_PLATFORM)
    target = urlsplit(params.get("target_link_uri", ""))
    if target.netloc.lower() != host.lower() or target.scheme != scheme:
        raise LaunchRefused("login_foreign_target", ELSEWHERE)
    return params


def _state_key(state: str) -> str:
    return f"lti:state:{state}"


def state_issue(*, registration, params: dict) -> tuple[str, str]:
    """A new (state, nonce) for this login, remembered in the shared cache
    with the registration and the login's parameters (to start it again in a
    new tab if the launch comes back without our cookie)."""
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    entry = {"registration": registration.pk, "nonce": nonce, "params": params}
    cache.set(_state_key(state), entry, STATE_SECONDS)
    return state, nonce


def state_entry(*, state) -> dict | None:
    """What we remembered for `state`, or None if it is unknown, expired or used."""
    if not isinstance(state, str) or not STATE_PATTERN.fullmatch(state):
        return None
    entry = cache.get(_state_key(state))
    return entry if isinstance(entry, dict) else None


def state_clear(*, state: str) -> None:
    cache.delete(_state_key(state))


def nonce_use(*, registration, nonce: str, expires_at: float, now: float) -> bool:
    """Use `nonce` up; False if it was used before. Atomic in a shared cache:
    of two launches racing with the same token, exactly one gets True. It is
    remembered until `expires_at`, when the token would be refused anyway
    (`lti.launch.tokens.taken_until`: minutes, not the days an `exp` may say)."""
    digest = hashlib.sha256(nonce.encode()).hexdigest()
    lifetime = max(int(expires_at - now) + 120, 60)
    return cache.add(f"lti:nonce:{registration.pk}:{digest}", True, lifetime)


def state_cookie_name(state: str) -> str:
    return STATE_COOKIE_PREFIX + state


def state_cookie_set(response, *, state: str, path: str) -> None:
    """The browser's half of the state. The platform posts the launch from its
    own site, which a browser does with `SameSite=None` cookies only."""
    response.set_cookie(
        state_cookie_name(state),
        state,
        max_age=STATE_SECONDS,
        path=path,
        secure=True,
        httponly=True,
        samesite="None",
    )


def check_cookie_set(response) -> None:
    """A cookie as our session cookie will be on this host, to see if it comes back."""
    response.set_cookie(
        CHECK_COOKIE,
        "1",
        max_age=365 * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite=settings.SESSION_COOKIE_SAMESITE,
    )


def authorization_url(*, registration, params: dict, state: str, nonce: str, redirect_uri) -> str:
    """Where the browser signs in at the platform, which then posts the launch."""
    query = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": registration.client_id,
        "redirect_uri": redirect_uri,
        "login_hint": params["login_hint"],
        "state": state,
        "nonce": nonce,
    }
    if "lti_message_hint" in params:
        query["lti_message_hint"] = params["lti_message_hint"]
    separator = "&" if urlsplit(registration.auth_url).query else "?"
    return registration.auth_url + separator + urlencode(query)
