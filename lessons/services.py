"""Writes a student makes to lessons (marking one complete, checking a
practice draft), and the changes professors make to a course's coach."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lessons.coach.engine import coach_check
from lessons.coach.patterns import rule_compile
from lessons.coach.rules import BUILTIN_BY_ID
from lessons.coach.text import text_clean
from lessons.models import CoachCustomRule, CoachRuleSetting, LessonCompletion, PracticeDraft
from lessons.selectors import (
    course_coach_rules,
    lesson_course,
    practice_requirements_unmet,
    practice_spot,
)

MAX_MESSAGE_CHARACTERS = 20_000  # about 3,000 words: far more than any message should be
SAVE_TRIES = 3  # a draft number taken by a simultaneous check is drawn again


class LessonNotReady(ValueError):
    """The lesson asks for practice the student has not done yet; the message says which."""


class PracticeRefused(ValueError):
    """A draft the coach will not take, with the reason for the student."""


def lesson_complete(*, student, lesson) -> LessonCompletion:
    """Record that `student` finished `lesson`; return the one row that says so.

    Idempotent: completing a lesson again returns the first record, keeping
    its `completed_at`. Two requests at once (a double click, two tabs) leave
    one row: the database's unique constraint refuses the second insert, and
    `get_or_create` then reads the winner's row instead of raising. A lesson
    whose practice blocks are needed for completion raises LessonNotReady
    until the student has checked a draft with no problems in each.
    """
    unmet = practice_requirements_unmet(student=student, lesson=lesson.specific)
    if unmet and not LessonCompletion.objects.filter(student=student, lesson=lesson).exists():
        raise LessonNotReady(
            _("To complete this lesson, first check a draft with no problems in: %(titles)s.")
            % {"titles": ", ".join(spot.title for spot in unmet)}
        )
    completion, _created = LessonCompletion.objects.get_or_create(
        student=student, lesson_id=lesson.pk
    )
    return completion


def practice_draft_submit(*, student, lesson, key, text) -> PracticeDraft:
    """Check `text` with the course's coach and keep it as the student's next draft.

    The text is stored as the coach read it (`text_clean`, without the
    spaces around it), with the feedback and its counts. Sending the same
    text again (a double click, a refresh that resends the form) returns the
    latest draft instead of a copy. Raises PracticeRefused for an empty or
    overlong text, or a block the lesson does not have.
    """
    text = text_clean(text).strip()
    if not text:
        raise PracticeRefused(_("Write your message first, then check it."))
    if len(text) > MAX_MESSAGE_CHARACTERS:
        raise PracticeRefused(
            _("Keep your message under %(limit)s characters; this one has %(count)s.")
            % {"limit": f"{MAX_MESSAGE_CHARACTERS:,}", "count": f"{len(text):,}"}
        )
    if practice_spot(lesson=lesson, key=key) is None:
        raise PracticeRefused(_("This lesson has no such exercise."))
    rules = course_coach_rules(course=lesson_course(lesson=lesson))
    own = PracticeDraft.objects.filter(student=student, lesson=lesson, key=key)
    feedback = None  # checked once, when it is first needed: a resent text needs none
    for attempt in range(SAVE_TRIES):
        latest = own.order_by("-number").only("number", "text").first()
        if latest is not None and latest.text == text:
            return latest
        feedback = feedback or coach_check(text=text, rules=rules)
        try:
            with transaction.atomic():
                return PracticeDraft.objects.create(
                    student=student,
                    lesson=lesson,
                    key=key,
                    number=latest.number + 1 if latest else 1,
                    text=text,
                    feedback=feedback.as_data(),
                    problems=feedback.problems,
                    improvements=feedback.improvements,
                )
        except IntegrityError:
            if attempt == SAVE_TRIES - 1:
                raise


@transaction.atomic
def coach_rule_set(*, course, rule, enabled, verdict, message, good_message, lesson) -> None:
    """Set how `course`'s coach uses the built-in rule `rule`.

    A message equal to the built-in one is stored empty, so it follows the
    built-in text (and its translations); a rule left exactly as it comes
    keeps no row at all.
    """
    definition = BUILTIN_BY_ID[rule]
    message = "" if message.strip() == str(definition.message) else message.strip()
    good_message = (
        "" if good_message.strip() == str(definition.good_message) else good_message.strip()
    )
    as_built = (
        enabled
        and verdict == definition.verdict
        and not message
        and not good_message
        and lesson is None
    )
    if as_built:
        CoachRuleSetting.objects.filter(course=course, rule=rule).delete()
        return
    CoachRuleSetting.objects.update_or_create(
        course=course,
        rule=rule,
        defaults={
            "enabled": enabled,
            "verdict": verdict,
            "message": message,
            "good_message": good_message,
            "lesson": lesson,
        },
    )


def coach_custom_rule_save(*, course, rule=None, **fields) -> CoachCustomRule:
    """Create (or, given `rule`, change) one of `course`'s own rules.

    The phrases or pattern are checked first (`lessons.coach.patterns`):
    PatternRefused, with the reason, and nothing is saved when they cannot
    be used safely.
    """
    fields["phrases"] = fields.get("phrases", "").strip()
    fields["pattern"] = fields.get("pattern", "").strip()
    rule_compile(kind=fields["kind"], phrases=fields["phrases"], pattern=fields["pattern"])
    if rule is None:
        return CoachCustomRule.objects.create(course=course, **fields)
    if rule.course_id != course.pk:
        raise ValueError("the rule belongs to another course")
    for name, value in fields.items():
        setattr(rule, name, value)
    rule.save()
    return rule


def coach_custom_rule_delete(*, rule) -> None:
    rule.delete()
