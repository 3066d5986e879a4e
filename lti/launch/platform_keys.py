"""The platforms' public keys, which launches are verified with.

Each registration names the URL of its platform's key set. Fetching it on
every launch would put an HTTP request to the LMS in front of every
student's click, so the set is kept in the shared cache (every worker reads
the same copy) for `CACHE_SECONDS`. A platform that rotates its keys signs
with a key id we have not seen: the set is fetched again once, and not more
often than every `REFETCH_SECONDS` per registration, so tokens with made-up
key ids cannot make us hammer the LMS. Every fetch has a timeout: a slow
LMS makes one launch fail, not a web worker hang.
"""

import hashlib
import logging

import requests
from django.core.cache import cache

logger = logging.getLogger(__name__)

CACHE_SECONDS = 3600
REFETCH_SECONDS = 60
TIMEOUT = (3.05, 5)  # seconds to connect, seconds to wait for the answer
MAX_KEYS = 50  # a key set with more than this is not a key set


class KeySetUnavailable(Exception):
    """The platform's key set could not be fetched or read."""


def _cache_key(registration, kind) -> str:
    url = hashlib.sha256(registration.keyset_url.encode()).hexdigest()[:16]
    return f"lti:keyset:{kind}:{registration.pk}:{url}"


def _fetch(registration) -> dict:
    """The platform's keys by key id, fresh from its key-set URL, and cached."""
    try:
        response = requests.get(
            registration.keyset_url, timeout=TIMEOUT, headers={"Accept": "application/json"}
        )
        response.raise_for_status()
        keys = response.json().get("keys")
    except (requests.RequestException, ValueError, AttributeError) as error:
        logger.warning(
            "LTI key set of registration %s unavailable: %s",
            registration.pk,
            type(error).__name__,
        )
        raise KeySetUnavailable from error
    if not isinstance(keys, list) or len(keys) > MAX_KEYS:
        raise KeySetUnavailable
    by_kid = {
        key["kid"]: key
        for key in keys
        if isinstance(key, dict) and isinstance(key.get("kid"), str) and key.get("kty") == "RSA"
    }
    cache.set(_cache_key(registration, "keys"), by_kid, CACHE_SECONDS)
    return by_kid


def platform_key(*, registration, kid: str) -> dict | None:
    """The platform's public key `kid` as a JWK, or None if the platform has
    no such key even in a freshly fetched key set.

    Raises `KeySetUnavailable` when the set cannot be fetched.
    """
    keys = cache.get(_cache_key(registration, "keys"))
    fresh = keys is None
    if fresh:
        keys = _fetch(registration)
    refetch = _cache_key(registration, "refetch")
    if kid not in keys and not fresh and cache.add(refetch, True, REFETCH_SECONDS):
        keys = _fetch(registration)
    return keys.get(kid)
