"""A class's roster from its LMS, through the Names and Role Provisioning Service.

A launch seats the one person who launched. To see the whole class before
everyone has clicked, and to let go of those who left the LMS course, the
section's instructors (or `manage.py sync_lti_rosters`) read the LMS
course's roster: every active learner gets an account and a seat, every
active instructor teaches the section, and every student of the section the
roster no longer lists as an active learner is dropped (their work stays,
as when an instructor drops them by hand). The platform answers with
an access token bought with our signed assertion, as for grades
(`lti.assignments.ags.service_request`), and every request has a timeout.
"""

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from classes.models import Enrollment
from lti.assignments.ags import AgsError, service_request
from lti.launch import claims as c
from lti.launch.accounts import SUB_LENGTH, lti_accounts, profile_of
from lti.launch.sections import memberships_record, teachers_add

logger = logging.getLogger(__name__)

MEMBERS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
CONTAINER = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
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
    members = []
    for _page in range(MAX_PAGES):
        response, page = _page_fetch(context=context, url=url)
        members += [member for member in page if isinstance(member, dict)]
        url = response.links.get("next", {}).get("url")
        if not url:
            return members
        if urlsplit(url).netloc != host:  # our token goes to the platform, nowhere else
            raise _unavailable()
    raise _unavailable()


def _page_fetch(*, context, url):
    """One page of the roster: the platform's answer (its `next` link says
    whether more follow) and the members it lists."""
    try:
        response = service_request(
            "GET",
            url,
            registration=context.deployment.registration,
            scope=MEMBERS_SCOPE,
            what=_("the request for the roster"),
            headers={"Accept": CONTAINER},
        )
        page = response.json().get("members")
    except (AgsError, ValueError, AttributeError) as error:
        logger.warning("LTI roster of context %s: %s", context.pk, error)
        raise _unavailable() from error
    if not isinstance(page, list):
        raise _unavailable()
    return response, page


def section_roster_sync(*, link) -> RosterSync:
    """Make the section of `link` (a `SectionLink`) hold what its LMS course holds now.

    The roster is read first, outside the transaction: the database is not
    held while the LMS takes its time."""
    members = members_fetch(context=link.context)
    return _roster_apply(link=link, members=members)


@dataclass(frozen=True)
class _Member:
    profile: dict
    roles: c.Roles
    active: bool


def _members_by_sub(members: list[dict]) -> dict[str, _Member]:
    """The roster's members we can take, by `sub`; one listed twice counts as
    listed last, one without a usable `user_id` is left out."""
    by_sub = {}
    for member in members:
        sub = c.text(member, "user_id")
        if sub is not None and len(sub) <= SUB_LENGTH:
            by_sub[sub] = _Member(
                profile=profile_of(member),
                roles=c.Roles.of(c.strings(member.get("roles"))),
                active=member.get("status", "Active") == "Active",
            )
    return by_sub


@transaction.atomic
def _roster_apply(*, link, members) -> RosterSync:
    """Write what the roster says in a fixed number of queries, whatever its size."""
    context, section = link.context, link.section
    by_sub = _members_by_sub(members)
    lti_users = lti_accounts(
        registration=context.deployment.registration,
        profiles={sub: member.profile for sub, member in by_sub.items()},
    )
    listed = [(lti_users[sub], member) for sub, member in by_sub.items() if sub in lti_users]
    memberships_record(
        context=context,
        members=[(lti_user, member.roles, member.active) for lti_user, member in listed],
    )
    context.memberships.exclude(user__in=[lti_user.pk for lti_user, _m in listed]).update(
        is_active=False
    )
    active = [(lti_user.auth_user, member.roles) for lti_user, member in listed if member.active]
    teachers = [user for user, roles in active if roles.teaches]
    teachers_add(section=section, users=teachers)
    learners = {user.pk for user, roles in active if roles.learns}
    changes = _enrollments_set(section=section, students=learners)
    link.synced_at = timezone.now()
    link.save(update_fields=["synced_at"])
    return RosterSync(members=len(listed), teachers=len(teachers), **changes)


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
