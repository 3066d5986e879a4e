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

from django.db import transaction
from django.utils import timezone
from lti_tool.models import Key

# The fields of an RSA public key in a JWK, and how it is used. Nothing else
# is ever published: above all not d, p, q, dp, dq or qi, the private key.
PUBLIC_FIELDS = ("kty", "kid", "n", "e", "alg", "use")
DEFAULT_OVERLAP = timedelta(days=7)


def signing_key() -> Key:
    """The key that signs what we send to platforms (deep-linking responses,
    client assertions): the newest active one. Its `as_jwk()["kid"]` goes in
    the JWT header so the platform picks it from our key set."""
    return Key.objects.active().latest()


def key_set() -> dict:
    """Our public key set (JWKS) as platforms fetch it: every active key,
    newest first, with its public fields only."""
    keys = Key.objects.active().order_by("-datetime_created", "-pk")
    return {"keys": [_public(key.as_jwk()) for key in keys]}


def _public(jwk: dict) -> dict:
    return {name: jwk[name] for name in PUBLIC_FIELDS if name in jwk}


def key_ensure() -> Key:
    """The signing key, made first if there is none yet (a new installation)."""
    with transaction.atomic():
        key = Key.objects.active().order_by("-datetime_created", "-pk").first()
        return key or Key.objects.generate()


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
    active = list(Key.objects.active().order_by("-datetime_created", "-pk"))
    retired, kept = [], []
    for newer, key in pairwise(active):
        (retired if newer.datetime_created <= now - overlap else kept).append(key)
    Key.objects.filter(pk__in=[key.pk for key in retired]).update(is_active=False)
    return Rotation(created=created, retired=retired, kept=kept)
