"""Verifying a launch's id_token: every rule of the LTI security framework, in order.

PyJWT checks the RS256 signature against the platform's key (chosen by the
token's `kid` from the platform's key set) and nothing else: each claim rule
is written out below, so that none is left to a library default. A stock
path seen elsewhere accepted tokens without `exp` or `iat`, with an `azp`
that was not the tool's, or with a `target_link_uri` on another site.

The rules: the exact issuer of the registration; our client id in `aud`,
and when `aud` holds several values, `azp` present and ours (and ours
whenever present); `exp` and `iat` present, numbers, and within `LEEWAY` of
our clock, with `iat` no more than `MAX_AGE` ago whatever `exp` says; the
nonce we issued for this login; LTI version 1.3.0; a message type we
handle; a deployment id; and a target on the host the launch came to. The
nonce is used up separately (`lti.launch.oidc.nonce_use`), once the token
is known to be good.
"""

import time
from urllib.parse import urlsplit

import jwt

from lti.launch import claims as c
from lti.launch.errors import (
    ELSEWHERE,
    KEYS_UNAVAILABLE,
    UNSUPPORTED,
    UNVERIFIED,
    LaunchRefused,
)
from lti.launch.platform_keys import KeySetUnavailable, platform_key

LEEWAY = 60  # seconds our clock and the platform's may disagree by
# Seconds after it was issued that a token is still taken. A platform posts
# it through the browser at once; a far-off `exp` must not make a token
# (and the record of its used nonce) last for days.
MAX_AGE = 600
ALGORITHM = "RS256"
SIGNATURE_ONLY = {
    "verify_signature": True,
    "verify_exp": False,
    "verify_nbf": False,
    "verify_iat": False,
    "verify_aud": False,
    "verify_iss": False,
    "verify_sub": False,
    "verify_jti": False,
}


def shown(value) -> str:
    """A claim's value as a log may show it: quoted, and short."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _unverified(reason, detail=""):
    return LaunchRefused(reason, UNVERIFIED, detail=detail)


def _signed_claims(*, token: str, registration) -> dict:
    """The token's claims, once its signature checks out with the platform's key."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise _unverified("malformed_token") from None
    if header.get("alg") != ALGORITHM:
        raise _unverified("algorithm", f"alg {shown(header.get('alg'))}")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise _unverified("no_kid")
    try:
        jwk = platform_key(registration=registration, kid=kid)
    except KeySetUnavailable:
        raise LaunchRefused("keyset_unavailable", KEYS_UNAVAILABLE) from None
    if jwk is None:
        raise _unverified("unknown_kid", f"kid {shown(kid)}")
    try:
        key = jwt.PyJWK(jwk, algorithm=ALGORITHM).key
        signed = jwt.decode(token, key=key, algorithms=[ALGORITHM], options=SIGNATURE_ONLY)
    except jwt.PyJWTError as error:  # a malformed key or token, or a bad signature
        raise _unverified("signature", type(error).__name__) from None
    if not isinstance(signed, dict):
        raise _unverified("malformed_token")
    return signed


def _check_audience(claims: dict, client_id: str) -> None:
    aud = claims.get("aud")
    audiences = [aud] if isinstance(aud, str) else c.strings(aud)
    if client_id not in audiences:
        raise _unverified("audience", f"aud {shown(aud)}")
    azp = claims.get("azp")
    if len(audiences) > 1 and azp is None:
        raise _unverified("azp_missing")
    if azp is not None and azp != client_id:
        raise _unverified("azp", f"azp {shown(azp)}")


def _check_times(claims: dict, now: float) -> None:
    exp, iat, nbf = c.number(claims, "exp"), c.number(claims, "iat"), claims.get("nbf")
    if exp is None:
        raise _unverified("no_exp")
    if iat is None:
        raise _unverified("no_iat")
    if exp + LEEWAY < now:
        raise _unverified("expired", f"{now - exp:.0f} s ago")
    if iat - LEEWAY > now:
        raise _unverified("issued_in_future", f"{iat - now:.0f} s ahead")
    if iat + MAX_AGE + LEEWAY < now:
        raise _unverified("too_old", f"issued {now - iat:.0f} s ago")
    if nbf is not None and (c.number(claims, "nbf") is None or nbf - LEEWAY > now):
        raise _unverified("not_yet_valid")


def taken_until(claims: dict) -> float:
    """The time after which a verified token's claims would be refused anyway."""
    return min(claims["exp"], claims["iat"] + MAX_AGE) + LEEWAY


def _check_target(claims: dict, *, host: str, scheme: str) -> None:
    target = c.text(claims, c.TARGET_LINK_URI)
    if target is None:
        raise _unverified("no_target_link_uri")
    parts = urlsplit(target)
    if parts.netloc.lower() != host.lower() or parts.scheme != scheme:
        raise LaunchRefused("foreign_target", ELSEWHERE, detail=f"host {shown(parts.netloc)}")


def id_token_verify(
    *, token: str, registration, nonce: str, host: str, scheme: str, now: float | None = None
) -> dict:
    """The claims of a launch's `token` from `registration`, or `LaunchRefused`.

    `nonce` is the one we sent with this login; `host` and `scheme` are
    those the launch came to, where its target must be.
    """
    now = time.time() if now is None else now
    claims = _signed_claims(token=token, registration=registration)
    if claims.get("iss") != registration.issuer:
        raise _unverified("issuer", f"iss {shown(claims.get('iss'))}")
    _check_audience(claims, registration.client_id)
    _check_times(claims, now)
    if claims.get("nonce") != nonce:
        raise _unverified("nonce_mismatch")
    if claims.get(c.VERSION) != c.LTI_VERSION:
        raise LaunchRefused("version", UNSUPPORTED, detail=f"{shown(claims.get(c.VERSION))}")
    if claims.get(c.MESSAGE_TYPE) not in c.MESSAGE_TYPES:
        raise LaunchRefused(
            "message_type", UNSUPPORTED, detail=f"{shown(claims.get(c.MESSAGE_TYPE))}"
        )
    if c.text(claims, c.DEPLOYMENT_ID) is None:
        raise _unverified("no_deployment_id")
    _check_target(claims, host=host, scheme=scheme)
    return claims
