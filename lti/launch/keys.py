"""Our signing keys: which one signs, which ones platforms may verify with, and rotation.

A platform checks what we sign (deep-linking responses, the client
assertions that buy access tokens) against our key set, which it fetches
from us and may keep for a while. So a new key starts signing at once, and
the keys it replaces stay in the key set for an overlap period: long enough
for every token they signed to expire and for platforms to fetch the new
set. Only then are they retired (`is_active` off), and they leave the set.
"""

from dataclasses import dataclass
from datetime import timedelta
from itertools import pairwise

import jwt
from django.db import transaction
from django.utils import timezone
from lti_tool.models import Key

# The fields of an RSA public key in a JWK, and how it is used. Nothing else
# is ever published: above all not d, p, q, dp, dq or qi, the private key.
PUBLIC_FIELDS = ("kty", "kid", "n", "e", "alg", "use")
DEFAULT_OVERLAP = timedelta(days=7)


def _newest_first():
    """Active keys, newest first; of two made in the same instant, the later row."""
    return Key.objects.active().order_by("-datetime_created", "-pk")


def signing_key() -> Key | None:
    """The key that signs what we send to platforms (deep-linking responses,
    client assertions): the newest active one, None before the first is made."""
    return _newest_first().first()


def sign(claims: dict) -> str:
    """`claims` as a compact RS256 JWT signed with the signing key (made first on
    a new installation). The key's id goes in the header so the platform picks
    its public half from our key set."""
    key = key_ensure()
    return jwt.encode(
        claims, key.private_key, algorithm="RS256", headers={"kid": key.as_jwk()["kid"]}
    )


def key_set() -> dict:
    """Our public key set (JWKS) as platforms fetch it: every active key,
    newest first, with its public fields only."""
    return {"keys": [_public(key.as_jwk()) for key in _newest_first()]}


def _public(jwk: dict) -> dict:
    return {name: jwk[name] for name in PUBLIC_FIELDS if name in jwk}


def key_ensure() -> Key:
    """The signing key, made first if there is none yet (a new installation)."""
    with transaction.atomic():
        return signing_key() or Key.objects.generate()


@dataclass(frozen=True)
class Rotation:
    created: Key
    retired: list[Key]
    kept: list[Key]  # replaced, but still in the key set until their overlap ends


@transaction.atomic
def keys_rotate(*, overlap: timedelta = DEFAULT_OVERLAP, now=None) -> Rotation:
    """Make a new signing key, and retire the keys replaced more than `overlap` ago.

    A key is replaced when a newer key is made; from then on it signs
    nothing, and once `overlap` has passed no token it signed is still
    alive. Its age alone says nothing: a key that signed for a year was
    replaced only today, and its tokens are minutes old.
    """
    now = now or timezone.now()
    created = Key.objects.generate()
    active = list(_newest_first())
    retired, kept = [], []
    for newer, key in pairwise(active):
        (retired if newer.datetime_created <= now - overlap else kept).append(key)
    Key.objects.filter(pk__in=[key.pk for key in retired]).update(is_active=False)
    return Rotation(created=created, retired=retired, kept=kept)
