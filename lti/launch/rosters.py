"""A class's roster from its LMS, through the Names and Role Provisioning Service.

A launch seats the one person who launched. To see the whole class before
everyone has clicked, and to let go of those who left the LMS course, the
section's instructors (or `manage.py sync_lti_rosters`) read the LMS
course's roster: every active learner gets an account and a seat, every
active instructor teaches the section, and every student of the section the
roster no longer lists as an active learner is dropped (their work stays,
as when an instructor drops them by hand). The platform answers with
an access token bought with our signed assertion, as for grades
(`lti.assignments.ags.access_token`), and every request has a timeout.
"""

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from classes.models import Enrollment
from lti.assignments.ags import AgsError, access_token
from lti.launch import claims as c
from lti.launch.accounts import SUB_LENGTH, AccountClosed, lti_account, profile_of
from lti.launch.sections import membership_record, teacher_add

logger = logging.getLogger(__name__)

MEMBERS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
CONTAINER = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
TIMEOUT = (5, 20)  # seconds to connect, seconds to wait for a page of the roster
MAX_PAGES = 200


class RosterUnavailable(Exception):
    """The roster could not be read; the message says why, for the instructor."""


@dataclass(frozen=True)
class RosterSync:
    """What a sync changed, for the instructor to read."""

    members: int
    enrolled: int
    brought_back: int
    dropped: int
    teachers: int


def _unavailable():
    return RosterUnavailable(_("The LMS did not give us the roster just now. Try again later."))


def members_fetch(*, context) -> list[dict]:
    """Every member of the LMS course, page after page, as the platform lists them."""
    url = context.memberships_url
    if not url:
        raise RosterUnavailable(
            _(
                "The LMS has not offered this class's roster. Open a Soft Landing item "
                "in the LMS course as an instructor, then try again."
            )
        )
    host = urlsplit(url).netloc
    registration = context.deployment.registration
    try:
        token = access_token(registration=registration, scope=MEMBERS_SCOPE)
    except AgsError as error:
        logger.warning("LTI roster of context %s: no token (%s)", context.pk, error)
        raise _unavailable() from error
    members = []
    for _page in range(MAX_PAGES):
        try:
            response = requests.get(
                url,
                headers={"Authorization": f"Bearer {token}", "Accept": CONTAINER},
                timeout=TIMEOUT,
            )
            response.raise_for_status()
            page = response.json().get("members")
        except (requests.RequestException, ValueError, AttributeError) as error:
            logger.warning("LTI roster of context %s: %s", context.pk, type(error).__name__)
            raise _unavailable() from error
        if not isinstance(page, list):
            raise _unavailable()
        members += [member for member in page if isinstance(member, dict)]
        url = response.links.get("next", {}).get("url")
        if not url:
            return members
        if urlsplit(url).netloc != host:  # our token goes to the platform, nowhere else
            raise _unavailable()
    raise _unavailable()


def section_roster_sync(*, link) -> RosterSync:
    """Make the section of `link` (a `SectionLink`) hold what its LMS course holds now.

    The roster is read first, outside the transaction: the database is not
    held while the LMS takes its time."""
    members = members_fetch(context=link.context)
    return _roster_apply(link=link, members=members)


@transaction.atomic
def _roster_apply(*, link, members) -> RosterSync:
    context, section = link.context, link.section
    registration = context.deployment.registration
    learners, teachers, listed = set(), 0, set()
    for member in members:
        sub = c.text(member, "user_id")
        if sub is None or len(sub) > SUB_LENGTH:
            continue
        roles = c.Roles.of(c.strings(member.get("roles")))
        active = member.get("status", "Active") == "Active"
        try:
            lti_user = lti_account(registration=registration, sub=sub, profile=profile_of(member))
        except AccountClosed:
            continue
        listed.add(lti_user.pk)
        membership_record(context=context, lti_user=lti_user, roles=roles, active=active)
        if active and roles.teaches:
            teacher_add(section=section, user=lti_user.auth_user)
            teachers += 1
        if active and roles.learns:
            learners.add(lti_user.auth_user_id)
    context.memberships.exclude(user_id__in=listed).update(is_active=False)
    changes = _enrollments_set(section=section, students=learners)
    link.synced_at = timezone.now()
    link.save(update_fields=["synced_at"])
    return RosterSync(members=len(listed), teachers=teachers, **changes)


def _enrollments_set(*, section, students: set) -> dict:
    """Seat exactly `students` (user ids) in `section`: enroll the new, bring
    back the dropped, drop the rest. Five queries, whatever the class size."""
    enrollments = {e.student_id: e for e in Enrollment.objects.filter(section=section)}
    new = [Enrollment(section=section, student_id=pk) for pk in students if pk not in enrollments]
    Enrollment.objects.bulk_create(new, ignore_conflicts=True)
    active = Enrollment.Status.ACTIVE
    back = [e.pk for pk, e in enrollments.items() if pk in students and e.status != active]
    gone = [e.pk for pk, e in enrollments.items() if pk not in students and e.status == active]
    Enrollment.objects.filter(pk__in=back).update(status=active)
    Enrollment.objects.filter(pk__in=gone).update(status=Enrollment.Status.DROPPED)
    return {"enrolled": len(new), "brought_back": len(back), "dropped": len(gone)}
