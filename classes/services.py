"""Writes to classes: creating sections, changing their codes, joining them."""

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from classes import join_codes
from classes.models import Enrollment, Section, SectionItem

CODE_ATTEMPTS = 5  # a collision in 8.5e11 codes is rare; five in a row means something is wrong


class JoinError(Exception):
    """A join that cannot happen; `str(error)` is the message for the student."""

    def __init__(self, message, *, section=None):
        super().__init__(message)
        self.section = section


class UnknownCode(JoinError):
    def __init__(self):
        super().__init__(_("We don't know that code. Check it with your instructor."))


class NotOpenYet(JoinError):
    def __init__(self, section):
        when = formats.date_format(timezone.localtime(section.opens_at), "DATETIME_FORMAT")
        super().__init__(
            _("%(section)s opens to new students on %(when)s.")
            % {"section": section, "when": when},
            section=section,
        )


class Closed(JoinError):
    def __init__(self, section):
        super().__init__(
            _("%(section)s is closed to new students. Ask your instructor to add you.")
            % {"section": section},
            section=section,
        )


class AlreadyEnrolled(JoinError):
    def __init__(self, section):
        super().__init__(_("You're already in this class."), section=section)


class Dropped(JoinError):
    def __init__(self, section):
        super().__init__(
            _("Your instructor removed you from this class; ask them to add you back."),
            section=section,
        )


def _with_fresh_code(save):
    """Call `save(code)` with new codes until one is not taken; return what it returns."""
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                return save(join_codes.new_code())
        except IntegrityError:
            continue
    raise RuntimeError(f"No free join code after {CODE_ATTEMPTS} tries.")


@transaction.atomic
def section_create(
    *,
    course,
    name: str,
    term: str,
    instructors=(),
    opens_at=None,
    closes_at=None,
    default_due_at=None,
) -> Section:
    """Create a section of `course` with a fresh, unique join code.

    The database's unique constraint decides whether a code is free, so two
    sections created at once can never share one; on the rare collision we
    draw again rather than check first and race.
    """

    def save(code):
        return Section.objects.create(
            course=course,
            name=name,
            term=term,
            join_code=code,
            opens_at=opens_at,
            closes_at=closes_at,
            default_due_at=default_due_at,
        )

    section = _with_fresh_code(save)
    section.instructors.set(instructors)
    return section


def section_join_code_regenerate(*, section) -> str:
    """Give `section` a new join code (the old one stops working); return it.

    For a code that leaked beyond the class. Students already enrolled stay.
    """

    def save(code):
        Section.objects.filter(pk=section.pk).update(join_code=code)
        return code

    section.join_code = _with_fresh_code(save)
    return section.join_code


def section_for_code(*, code: str) -> Section | None:
    """The section a typed code names, however it was typed; None if there is none."""
    code = join_codes.normalise_code(code)
    if not join_codes.looks_valid(code):
        return None
    return Section.objects.select_related("course").filter(join_code=code).first()


def _enrollment_of(*, student, section) -> Enrollment | None:
    return Enrollment.objects.filter(student=student, section=section).first()


def section_join_check(*, student, section, now=None) -> None:
    """Raise the `JoinError` that joining `section` would raise; otherwise return.

    Lets the confirmation page tell a student before they press the button.
    """
    now = now or timezone.now()
    enrollment = _enrollment_of(student=student, section=section)
    if enrollment is not None:
        if enrollment.status == Enrollment.Status.DROPPED:
            raise Dropped(section)
        raise AlreadyEnrolled(section)
    if not section.has_opened(now):
        raise NotOpenYet(section)
    if section.has_closed(now):
        raise Closed(section)


def section_join(*, student, code: str, now=None) -> Enrollment:
    """Enroll `student` in the section whose join code is `code`.

    Refuses, changing nothing, with a `JoinError` whose message the student
    reads: an unknown code, a section not open yet or closed, a student
    already in it. A student the instructor dropped is refused too rather
    than silently re-activated: dropping is the instructor's decision, and
    only the instructor reverses it. Two joins at once (a double click, two
    tabs) leave one row: the database refuses the second insert, which then
    reads as "already in this class".
    """
    section = section_for_code(code=code)
    if section is None:
        raise UnknownCode()
    section_join_check(student=student, section=section, now=now)
    try:
        with transaction.atomic():
            return Enrollment.objects.create(student=student, section=section)
    except IntegrityError:
        raise AlreadyEnrolled(section) from None


def enrollment_status_set(*, enrollment, status: str) -> Enrollment:
    """Drop a student from a section, or bring a dropped one back.

    Dropping keeps the row and every attempt: the student leaves the
    gradebook and its exports, and returns with their work if reactivated.
    """
    if status not in Enrollment.Status.values:
        raise ValueError(f"Unknown enrollment status {status!r}.")
    Enrollment.objects.filter(pk=enrollment.pk).update(status=status)
    enrollment.status = status
    return enrollment


@transaction.atomic
def section_due_dates_set(*, section, due_dates: dict) -> None:
    """Set each item's due date in `section` from {item id: datetime or None}.

    None removes the item's own date, so the section's default applies.
    Written as one delete and one bulk insert, whatever the number of items.
    """
    SectionItem.objects.filter(section=section, item_id__in=list(due_dates)).delete()
    SectionItem.objects.bulk_create(
        SectionItem(section=section, item_id=item_id, due_at=due_at)
        for item_id, due_at in due_dates.items()
        if due_at is not None
    )
