"""Assignment and Grade Services over HTTP: an access token, then a score.

A platform hands out access tokens for the OAuth 2 client-credentials
grant, with a JWT client assertion signed by our key (RFC 7523) standing in
for a client secret. A token lasts about an hour; it is kept in the shared
cache until shortly before it expires, so every worker and app server reuses
one instead of asking the platform for each score. Every request has a
timeout. What goes wrong becomes an `AgsError` whose message is safe to
store and show an instructor: it never holds a token or an assertion.
"""

import hashlib
import json
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

import requests
from django.core.cache import cache
from django.utils.translation import gettext as _

from lti.launch.keys import sign

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
TIMEOUT = (5, 20)  # seconds to connect, seconds to wait for the answer, for every request
ASSERTION_LIFETIME = 300  # seconds
TOKEN_MARGIN = 120  # seconds before its expiry a cached token is no longer handed out
DETAIL_CHARS = 300  # of a platform's error body kept for the instructor


class AgsError(Exception):
    """A token or score the platform did not take; the message is safe to show.
    `status` is the platform's HTTP status, None when it did not answer."""

    def __init__(self, message, *, status=None):
        super().__init__(message)
        self.status = status


def scores_url(line_item_url: str) -> str:
    """The scores endpoint of a line item: `/scores` after its path, before its query."""
    parts = urlsplit(line_item_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


def _token_cache_key(registration, scope):
    digest = hashlib.sha256(scope.encode()).hexdigest()[:16]
    return f"lti:ags-token:{registration.pk}:{digest}"


def access_token(*, registration, scope: str = SCORE_SCOPE) -> str:
    """A bearer token for `scope` at `registration`'s platform, from the cache
    while it is fresh, otherwise from the platform's token endpoint."""
    key = _token_cache_key(registration, scope)
    token = cache.get(key)
    if token:
        return token
    now = int(time.time())
    assertion = sign(
        {
            "iss": registration.client_id,
            "sub": registration.client_id,
            "aud": registration.audience or registration.token_url,
            "iat": now,
            "exp": now + ASSERTION_LIFETIME,
            "jti": uuid.uuid4().hex,
        }
    )
    response = _send(
        "POST",
        registration.token_url,
        data={
            "grant_type": "client_credentials",
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": assertion,
            "scope": scope,
        },
        headers={"Accept": "application/json"},
        what=_("an access token"),
    )
    try:
        payload = response.json()
        token = payload["access_token"]
        expires_in = int(payload.get("expires_in", 3600))
    except (ValueError, KeyError, TypeError) as error:
        raise AgsError(_("The platform's token endpoint answered without a token.")) from error
    if expires_in > TOKEN_MARGIN:
        cache.set(key, token, timeout=expires_in - TOKEN_MARGIN)
    return token


def token_forget(*, registration, scope: str = SCORE_SCOPE) -> None:
    """Drop the cached token, which the platform no longer takes."""
    cache.delete(_token_cache_key(registration, scope))


def service_request(
    method, url, *, registration, scope, what, data=None, headers=None
) -> requests.Response:
    """One request to a platform service (scores, rosters) with a bearer token
    for `scope`; the answer when the platform took it, AgsError otherwise.

    A 401 means the platform stopped honouring our cached token: it is
    dropped, so the next try asks for a new one.
    """
    token = access_token(registration=registration, scope=scope)
    try:
        return _send(
            method,
            url,
            data=data,
            headers={**(headers or {}), "Authorization": f"Bearer {token}"},
            what=what,
            secret=token,
        )
    except AgsError as error:
        if error.status == 401:
            token_forget(registration=registration, scope=scope)
        raise


def score_publish(*, registration, line_item_url: str, score: dict) -> None:
    """POST `score` to the line item's scores endpoint; AgsError unless the platform took it."""
    service_request(
        "POST",
        scores_url(line_item_url),
        registration=registration,
        scope=SCORE_SCOPE,
        data=json.dumps(score),
        headers={"Content-Type": SCORE_TYPE},
        what=_("the score"),
    )


def _send(method, url, *, data, headers, what, secret=None):
    """One request with a timeout; an AgsError for no answer or a refusal, whose
    detail has `secret` masked before it is cut short, so no part of it is kept."""
    try:
        response = requests.request(method, url, data=data, headers=headers, timeout=TIMEOUT)
    except requests.Timeout as error:
        raise AgsError(
            _("The platform did not answer in time when sent %(what)s.") % {"what": what}
        ) from error
    except requests.RequestException as error:
        raise AgsError(
            _("Could not reach the platform to send %(what)s (%(problem)s).")
            % {"what": what, "problem": type(error).__name__}
        ) from error
    if 200 <= response.status_code < 300:
        return response
    detail = " ".join(response.text.split())
    if secret:
        detail = detail.replace(secret, "…")
    raise AgsError(
        _("The platform refused %(what)s: HTTP %(status)d %(detail)s")
        % {"what": what, "status": response.status_code, "detail": detail[:DETAIL_CHARS]},
        status=response.status_code,
    )
