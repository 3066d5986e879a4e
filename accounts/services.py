"""Writes to a student's own account: deleting it."""

from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from lti_tool.models import LtiUser

from accounts.models import DeletedAccount
from accounts.selectors import certificates_of
from classes.models import Enrollment, PendingEnrollment


@transaction.atomic
def account_delete(*, user) -> DeletedAccount:
    """Delete a student's account by emptying it, keeping what gradebooks need.

    Everything that says who the person was goes: the username becomes
    `deleted-<pk>`, email and names are blanked, the password made unusable
    and the account inactive (so no one signs in as it again), its email
    addresses are deleted (so the address is free for a new sign-up), and so
    are roster seats still waiting for those addresses, its certificates
    (each shows the student's name on a public page), its practice drafts
    (messages the student wrote, often signed with their name), its sessions
    and its Wagtail profile. The college's SIS ids on its enrollments are
    blanked, and so is what an LMS told us about the person (name, email,
    picture); the LMS identity itself stays, tied to this emptied account,
    so a later launch from that LMS opens a new account, not this one.
    Attempts, responses, enrollments and lesson completions stay, attached
    to the anonymous user: instructors' grades and question statistics
    depend on them, and they show as "Deleted student" through the
    `DeletedAccount` row written here. Calling it twice changes nothing more.
    """
    addresses = {user.email.strip().lower()} | {
        email.lower()
        for email in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    addresses.discard("")
    PendingEnrollment.objects.filter(email__in=addresses).delete()
    EmailAddress.objects.filter(user=user).delete()
    Enrollment.objects.filter(student=user).update(sis_user_id="", sis_login_id="")
    user.practice_drafts.all().delete()
    LtiUser.objects.filter(auth_user=user).update(
        given_name="", family_name="", name="", email="", picture_url=""
    )
    certificates = certificates_of(user=user)
    if certificates is not None:
        certificates.delete()
    _wagtail_profile_delete(user=user)
    _sessions_end(user=user)

    user.username = f"deleted-{user.pk}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    deleted, _created = DeletedAccount.objects.get_or_create(user=user)
    return deleted


def _sessions_end(*, user) -> None:
    """Delete the user's sessions on every device, from the database and the cache.

    Django keeps no index of sessions by user, so the unexpired ones are
    read and decoded; it happens once per deleted account, never on a page
    view. Any session missed (a cache-only session engine) is dead anyway:
    the unusable password no longer matches the hash stored in it.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    owner = str(user.pk)
    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == owner
    ]
    for key in keys:
        store(session_key=key).delete()


def _wagtail_profile_delete(*, user) -> None:
    """The admin's profile keeps a preferred language, time zone and avatar."""
    profile = getattr(user, "wagtail_userprofile", None)
    if profile is None:
        return
    if profile.avatar:
        avatar = profile.avatar
        transaction.on_commit(lambda: avatar.storage.delete(avatar.name))
    profile.delete()
