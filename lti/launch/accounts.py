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
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from lti_tool.models import LtiUser

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


def lti_account(*, registration, sub: str, profile: dict) -> LtiUser:
    """The platform user `sub` of `registration`, its profile brought up to
    date, linked to its Soft Landing account (made now if it has none).

    An account its owner deleted is replaced by a new one, as for someone we
    have never seen; one an admin switched off raises `AccountClosed`.
    """
    lti_user = lti_accounts(registration=registration, profiles={sub: profile}).get(sub)
    if lti_user is None:
        raise AccountClosed
    return lti_user


@transaction.atomic
def lti_accounts(*, registration, profiles: dict[str, dict]) -> dict[str, LtiUser]:
    """`lti_account` for many platform users at once (`profiles` maps each
    `sub` to its profile), in the same few queries for a roster of five or
    five hundred (Django splits an insert only past the database's limit on
    parameters, about ninety rows a query on SQLite). Whoever's account is
    switched off is left out of the answer.

    Writes are upserts on the unique keys, so a sync and a person's first
    launch racing for the same platform user end with one account, not an error.
    """
    lti_users = {
        lti_user.sub: lti_user
        for lti_user in LtiUser.objects.filter(
            registration=registration, sub__in=list(profiles)
        ).select_related("auth_user__deleted_account")
    }
    closed = {sub for sub, lti_user in lti_users.items() if _account_closed(lti_user.auth_user)}
    homeless = {
        sub: profile
        for sub, profile in profiles.items()
        if sub not in closed and (sub not in lti_users or not _account_usable(lti_users[sub]))
    }
    accounts = _accounts_found_or_made(registration=registration, profiles=homeless)
    closed |= {sub for sub, user in accounts.items() if not user.is_active}
    changed, new, answer = [], [], {}
    for sub, profile in profiles.items():
        if sub in closed:
            continue
        lti_user = lti_users.get(sub) or LtiUser(registration=registration, sub=sub)
        user = accounts.get(sub, lti_user.auth_user)
        if lti_user.pk is None:
            new.append(lti_user)
        elif lti_user.auth_user_id != user.pk or any(
            getattr(lti_user, field) != value for field, value in profile.items()
        ):
            lti_user.datetime_modified = timezone.now()  # bulk_update leaves auto_now alone
            changed.append(lti_user)
        for field, value in profile.items():
            setattr(lti_user, field, value)
        lti_user.auth_user = user
        answer[sub] = lti_user
    written = [*PROFILE_CLAIMS.values(), "auth_user", "datetime_modified"]
    LtiUser.objects.bulk_update(changed, written)
    LtiUser.objects.bulk_create(
        new, update_conflicts=True, unique_fields=["registration", "sub"], update_fields=written
    )
    return answer


def _account_closed(user) -> bool:
    """Switched off by an admin: inactive, and not because its owner deleted it."""
    return user is not None and not user.is_active and not hasattr(user, "deleted_account")


def _account_usable(lti_user) -> bool:
    return lti_user.auth_user is not None and lti_user.auth_user.is_active


def _accounts_found_or_made(*, registration, profiles: dict[str, dict]) -> dict:
    """The account named after each platform user in `profiles` (sub to
    profile), made now, without a password, where there is none."""
    user_model = get_user_model()
    subs = {lti_username(registration=registration, sub=sub): sub for sub in profiles}
    found = {user.username: user for user in user_model.objects.filter(username__in=list(subs))}
    made = []
    for username, sub in subs.items():
        if username not in found:
            first, last = _names(profiles[sub])
            email = profiles[sub].get("email", "")
            made.append(
                user_model(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=email,
                    password=make_password(None),
                )
            )
    # Another request may make the same account between our read and this
    # write; the upsert then answers with its row instead of failing.
    user_model.objects.bulk_create(
        made, update_conflicts=True, unique_fields=["username"], update_fields=["username"]
    )
    return {subs[user.username]: user for user in [*found.values(), *made]}
