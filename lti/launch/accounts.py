"""The Soft Landing account of each person an LMS sends us.

A platform user (`LtiUser`: the registration and the platform's `sub`) gets
an account of its own the first time we see them, in a launch or a roster,
and the same account every time after. We never join a platform user to an
existing account by email: an LMS's email claim is whatever its
administrators typed, not an address anyone proved to us, and trusting it
would let any registered LMS sign in as any of our users, an admin
included. The account has no password; its owner signs in by launching
from the LMS (and may set a password through "Forgot your password?").
"""

import hashlib

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from lti_tool.models import LtiUser

from accounts.models import DeletedAccount

# What LTI calls a person's profile, and where LtiUser keeps it.
PROFILE_CLAIMS = {
    "given_name": "given_name",
    "family_name": "family_name",
    "name": "name",
    "email": "email",
    "picture": "picture_url",
}


SUB_LENGTH = LtiUser._meta.get_field("sub").max_length  # LTI allows 255 characters


class AccountClosed(Exception):
    """The platform user's account was switched off here; nobody signs in as it."""


def lti_username(*, registration, sub: str) -> str:
    """A username no person picks, the same every time for one platform user."""
    digest = hashlib.sha256(f"{registration.pk}:{sub}".encode()).hexdigest()[:24]
    return f"lti-{registration.pk}-{digest}"


def profile_of(data: dict) -> dict:
    """The profile fields of a launch's claims or a roster member, as LtiUser
    stores them: strings only, cut to the column's length, a valid email."""
    profile = {}
    for claim, field in PROFILE_CLAIMS.items():
        value = data.get(claim)
        if not isinstance(value, str) or not value.strip():
            continue
        value, limit = value.strip(), LtiUser._meta.get_field(field).max_length
        if field == "picture_url" and len(value) > limit:
            continue  # an address cut short leads nowhere
        profile[field] = value[:limit]
    try:
        validate_email(profile.get("email", ""))
    except ValidationError:
        profile.pop("email", None)
    if not profile.get("picture_url", "").startswith("https://"):
        profile.pop("picture_url", None)
    return profile


def _names(profile: dict) -> tuple[str, str]:
    first, last = profile.get("given_name", ""), profile.get("family_name", "")
    if not (first or last) and profile.get("name"):
        first, _space, last = profile["name"].rpartition(" ")
        first, last = (first, last) if first else (last, "")
    return first[:150], last[:150]


def _new_account(*, registration, sub: str, profile: dict):
    first, last = _names(profile)
    user, created = get_user_model().objects.get_or_create(
        username=lti_username(registration=registration, sub=sub),
        defaults={"first_name": first, "last_name": last, "email": profile.get("email", "")},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def lti_account(*, registration, sub: str, profile: dict) -> LtiUser:
    """The platform user `sub` of `registration`, its profile brought up to
    date, linked to its Soft Landing account (made now if it has none).

    An account its owner deleted is replaced by a new one, as for someone we
    have never seen; one an admin switched off raises `AccountClosed`.
    """
    lti_user, _created = LtiUser.objects.update_or_create(
        registration=registration, sub=sub, defaults=profile
    )
    user = lti_user.auth_user
    if user is not None and not user.is_active:
        if not DeletedAccount.objects.filter(user=user).exists():
            raise AccountClosed
        user = None
    if user is None:
        user = _new_account(registration=registration, sub=sub, profile=profile)
        if not user.is_active:
            raise AccountClosed
        lti_user.auth_user = user
        lti_user.save(update_fields=["auth_user", "datetime_modified"])
    return lti_user
