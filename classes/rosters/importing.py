"""Planning and applying a roster import, and attaching waiting seats at sign-up."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from classes.models import Enrollment, PendingEnrollment, Section
from classes.rosters.reading import Progress, RosterFile, RosterRow, line_message

IDS = ("sis_user_id", "sis_login_id")
NAMES = ("first_name", "last_name")


class RosterAction(models.TextChoices):
    ENROLL = "enroll", gettext_lazy("Enroll")
    UPDATE = "update", gettext_lazy("Update")
    REACTIVATE = "reactivate", gettext_lazy("Reactivate")
    PENDING = "pending", gettext_lazy("Waiting for sign-up")


@dataclass(frozen=True)
class PlannedRow:
    """What importing does with one row of the file.

    `action` is None for a row with errors, which blocks the whole import;
    `errors` are the row's own plus what only the database can tell (two
    accounts sharing its email). `user`, `enrollment` and `pending` are
    what the row matched, if anything.
    """

    row: RosterRow
    action: RosterAction | None
    errors: list[str]
    user: models.Model | None = None
    enrollment: Enrollment | None = None
    pending: PendingEnrollment | None = None

    @property
    def action_label(self) -> str:
        """What the preview says will happen to the row, or why it can't."""
        return str(self.action.label) if self.action else " ".join(self.errors)


@dataclass(frozen=True)
class RosterPlan:
    """The preview of an import; after `roster_import`, what it did."""

    section: Section
    rows: list[PlannedRow]
    errors: list[str]  # about the file as a whole
    counts: dict[str, int]  # RosterAction value -> rows; every action is a key

    @property
    def is_valid(self) -> bool:
        return not self.errors and not any(planned.errors for planned in self.rows)

    @property
    def messages(self) -> list[str]:
        """Every problem, file-level first, then `line N: …` per row."""
        return self.errors + [
            line_message(planned.row.line, error)
            for planned in self.rows
            for error in planned.errors
        ]

    @property
    def summary(self) -> str:
        """The counts in one line ("Enroll: 3, Waiting for sign-up: 2"), as the
        preview states them and the confirmation repeats them."""
        counts = [
            _("%(action)s: %(count)d")
            % {"action": action.label, "count": self.counts[action.value]}
            for action in RosterAction
            if self.counts[action.value]
        ]
        return ", ".join(counts) or _("No students.")


class RosterError(Exception):
    """An import refused, changing nothing; `str(error)` says so to the
    instructor and `messages` lists every problem."""

    def __init__(self, messages: list[str]):
        count = len(messages)
        super().__init__(
            ngettext(
                "Nothing was imported: the roster has %(count)d problem.",
                "Nothing was imported: the roster has %(count)d problems.",
                count,
            )
            % {"count": count}
        )
        self.messages = messages


def _accounts_by_email(emails: list[str]) -> dict[str, list]:
    """Accounts whose email matches, ignoring case, in one query however many emails."""
    accounts = defaultdict(list)
    if emails:
        query = get_user_model().objects.annotate(email_lower=Lower("email"))
        for user in query.filter(email_lower__in=emails).order_by("pk"):
            accounts[user.email_lower].append(user)
    return accounts


def roster_plan(
    *, section: Section, roster: RosterFile, progress: Progress | None = None
) -> RosterPlan:
    """What confirming `roster` for `section` would do, row by row.

    Three queries however long the roster: the accounts, their enrollments
    in this section, and the rows already waiting for sign-up. An instructor's
    upload brings back a student they had dropped (`reactivate`): the roster
    is the college's list of who is in the class. Writes nothing.
    """
    valid = [row for row in roster.rows if not row.errors]
    accounts = _accounts_by_email([row.email for row in valid])
    student_ids = [users[0].pk for users in accounts.values() if len(users) == 1]
    enrollments = {
        enrollment.student_id: enrollment
        for enrollment in Enrollment.objects.filter(section=section, student_id__in=student_ids)
    }
    waiting = [row.email for row in valid if row.email not in accounts]
    pending = {
        row.email: row
        for row in PendingEnrollment.objects.filter(section=section, email__in=waiting)
    }
    rows = []
    for row in progress(roster.rows) if progress else roster.rows:
        users = accounts.get(row.email, [])
        if row.errors:
            rows.append(PlannedRow(row=row, action=None, errors=list(row.errors)))
        elif len(users) > 1:
            error = _("More than one account uses this email, so we can't tell who this is.")
            rows.append(PlannedRow(row=row, action=None, errors=[error]))
        elif users:
            enrollment = enrollments.get(users[0].pk)
            if enrollment is None:
                action = RosterAction.ENROLL
            elif enrollment.status == Enrollment.Status.DROPPED:
                action = RosterAction.REACTIVATE
            else:
                action = RosterAction.UPDATE
            rows.append(PlannedRow(row, action, errors=[], user=users[0], enrollment=enrollment))
        else:
            pending_row = pending.get(row.email)
            rows.append(PlannedRow(row, RosterAction.PENDING, errors=[], pending=pending_row))
    counts = {action.value: 0 for action in RosterAction}
    for planned in rows:
        if planned.action:
            counts[planned.action.value] += 1
    return RosterPlan(section=section, rows=rows, errors=list(roster.errors), counts=counts)


def _merge(instance, values: dict[str, str]) -> bool:
    """Copy the non-empty `values` onto `instance`; whether anything changed.

    An empty roster cell means "not given", not "erase": a SIS id already
    recorded stays.
    """
    changed = False
    for name, value in values.items():
        if value and getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _fill_names(user, source) -> bool:
    """Give `user` the roster's names where theirs are empty; whether any were.

    Names a student set themselves are theirs to keep.
    """
    return _merge(user, {name: getattr(source, name) for name in NAMES if not getattr(user, name)})


def _ids(source) -> dict[str, str]:
    return {name: getattr(source, name) for name in IDS}


@transaction.atomic
def roster_import(*, section: Section, roster: RosterFile) -> RosterPlan:
    """Enroll the roster's students in `section`; return the plan it applied.

    All or nothing: a roster with any error raises `RosterError` before
    a single write. Accounts are enrolled (or brought back, or given their
    SIS ids); emails without an account wait as `PendingEnrollment` rows.
    The queries are the plan's three and at most five bulk writes, whatever
    the roster's length, and importing the same file again changes nothing.
    """
    if not roster.is_valid:
        raise RosterError(roster.messages)
    plan = roster_plan(section=section, roster=roster)
    if not plan.is_valid:
        raise RosterError(plan.messages)
    new_enrollments, changed_enrollments, new_pending, changed_pending, named = [], [], [], [], []
    for planned in plan.rows:
        row = planned.row
        if planned.action == RosterAction.ENROLL:
            new_enrollments.append(Enrollment(student=planned.user, section=section, **_ids(row)))
        elif planned.action in (RosterAction.UPDATE, RosterAction.REACTIVATE):
            status = {"status": Enrollment.Status.ACTIVE}
            if _merge(planned.enrollment, _ids(row) | status):
                changed_enrollments.append(planned.enrollment)
        elif planned.pending is None:
            values = _ids(row) | {name: getattr(row, name) for name in NAMES}
            new_pending.append(PendingEnrollment(section=section, email=row.email, **values))
        elif _merge(planned.pending, _ids(row) | {name: getattr(row, name) for name in NAMES}):
            changed_pending.append(planned.pending)
        if planned.user is not None and _fill_names(planned.user, row):
            named.append(planned.user)
    Enrollment.objects.bulk_create(new_enrollments)
    Enrollment.objects.bulk_update(changed_enrollments, [*IDS, "status"])
    PendingEnrollment.objects.bulk_create(new_pending)
    PendingEnrollment.objects.bulk_update(changed_pending, [*IDS, *NAMES])
    get_user_model().objects.bulk_update(named, list(NAMES))
    return plan


@transaction.atomic
def pending_enrollments_attach(*, user, email: str | None = None) -> list[Enrollment]:
    """Enroll `user` wherever a roster was waiting for their email; return those enrollments.

    `email` is the address to match (default: the account's own), and must
    be one the caller trusts belongs to `user` (see `classes.signals`). Each
    waiting row becomes an enrollment with the roster's SIS ids (an existing
    enrollment just gets the ids, and keeps its status: a drop the
    instructor made stays theirs to undo), fills the account's empty names,
    and is deleted, so a second call finds nothing to do.
    """
    email = (user.email if email is None else email).strip().lower()
    waiting = list(PendingEnrollment.objects.filter(email=email)) if email else []
    if not waiting:
        return []
    section_ids = [pending.section_id for pending in waiting]
    existing = {
        enrollment.section_id: enrollment
        for enrollment in Enrollment.objects.filter(student=user, section_id__in=section_ids)
    }
    new, changed, named = [], [], False
    for pending in waiting:
        enrollment = existing.get(pending.section_id)
        if enrollment is None:
            new.append(Enrollment(student=user, section_id=pending.section_id, **_ids(pending)))
        elif _merge(enrollment, _ids(pending)):
            changed.append(enrollment)
        named = _fill_names(user, pending) or named
    # Two confirmations at once both create; the database keeps one row.
    Enrollment.objects.bulk_create(new, ignore_conflicts=True)
    Enrollment.objects.bulk_update(changed, list(IDS))
    if named:
        user.save(update_fields=list(NAMES))
    PendingEnrollment.objects.filter(pk__in=[pending.pk for pending in waiting]).delete()
    return list(Enrollment.objects.filter(student=user, section_id__in=section_ids).order_by("pk"))
