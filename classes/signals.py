"""Seats a roster kept for a student, given to them once their email is trusted.

An instructor's roster can list students who have no account yet; their
seats wait as `PendingEnrollment` rows keyed by email. Whoever proves that
email is theirs gets the seat. With `ACCOUNT_EMAIL_VERIFICATION =
"mandatory"` nobody has proved it at sign-up: a stranger could type a
classmate's email into the sign-up form and take their seat, with the SIS
ids that carry grades back to the college. So under mandatory
verification the seat waits for `email_confirmed`; under "optional" or
"none" the site has chosen to trust typed emails, and sign-up attaches at
once.
"""

from allauth.account import app_settings
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_signed_up
from django.dispatch import receiver

from classes.rosters import pending_enrollments_attach


def _verification_is_mandatory() -> bool:
    return app_settings.EMAIL_VERIFICATION == app_settings.EmailVerificationMethod.MANDATORY


@receiver(user_signed_up, dispatch_uid="classes_roster_seats_at_sign_up")
def roster_seats_at_sign_up(sender, user, **kwargs):
    """Attach at sign-up, unless the email still has to be confirmed (an
    address a provider already vouched for counts as confirmed)."""
    if not _verification_is_mandatory() or (
        EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
    ):
        pending_enrollments_attach(user=user)


@receiver(email_confirmed, dispatch_uid="classes_roster_seats_at_confirmation")
def roster_seats_at_confirmation(sender, email_address, **kwargs):
    """Attach the seats waiting for the address just confirmed, which may
    not be the account's main one."""
    pending_enrollments_attach(user=email_address.user, email=email_address.email)
