"""Reads for lessons: practice blocks and their drafts, and a course's coach.

A lesson page with practice blocks costs one query more than one without,
however many blocks it has; a check costs three to put the course's rules
together. The practice blocks of a lesson are read from the body's raw
data, so finding them converts no block.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import gettext
from wagtail.models import Page
from wagtail.permissions import policy_registry

from course.models import CoursePage
from course.selectors import OutlineItem, outline_item
from lessons.blocks import practice_key
from lessons.coach.engine import Feedback, Rule, coach_check
from lessons.coach.patterns import PatternRefused, custom_detector, rule_compile
from lessons.coach.presentation import FeedbackView, feedback_view
from lessons.coach.rules import BUILTIN_RULES, RuleDefinition
from lessons.models import CoachCustomRule, CoachRuleSetting, LessonPage, PracticeDraft


@dataclass(frozen=True)
class PracticeSpot:
    """A practice block's place in a lesson body and what its drafts are kept under."""

    index: int
    key: str
    title: str
    required: bool

    @property
    def max_characters(self) -> int:
        """The longest draft the coach takes, for the form's `maxlength`."""
        # Imported here: lessons.services reads these selectors.
        from lessons.services import MAX_MESSAGE_CHARACTERS

        return MAX_MESSAGE_CHARACTERS


def lesson_practice_spots(*, lesson) -> list[PracticeSpot]:
    """The lesson's practice blocks, in body order, without converting any block."""
    return [
        PracticeSpot(
            index=index,
            key=practice_key(raw),
            title=raw["value"].get("title") or gettext("Practice: write the message"),
            required=bool(raw["value"].get("required")),
        )
        for index, raw in enumerate(lesson.body.raw_data)
        if raw["type"] == "practice"
    ]


def practice_spot(*, lesson, key) -> PracticeSpot | None:
    return next((spot for spot in lesson_practice_spots(lesson=lesson) if spot.key == key), None)


@dataclass(frozen=True)
class PracticeState:
    """A student's standing in one practice block: the latest draft and what
    the coach said about it, and whether any draft had no problems."""

    latest: PracticeDraft | None = None
    cleared: bool = False
    feedback: FeedbackView | None = None


def _lesson_links(outline) -> dict:
    """Lesson links for feedback, by page id, from a course outline."""
    return {item.pk: item for item in outline.items} if outline else {}


def draft_feedback(*, draft, outline=None, links=None, prefix=None) -> FeedbackView:
    """What the coach said about `draft`, as a page shows it; lesson links
    come from a course outline or a map of `course_lesson_links`."""
    return feedback_view(
        text=draft.text,
        data=draft.feedback,
        prefix=prefix or f"draft-{draft.pk}",
        lessons=links if links is not None else _lesson_links(outline),
    )


def practice_states(*, student, lesson, keys, outline=None) -> dict[str, PracticeState]:
    """The student's latest draft in each of `keys`, in one query."""
    if not keys:
        return {}
    own = PracticeDraft.objects.filter(student=student, lesson=lesson, key=OuterRef("key"))
    latest = (
        PracticeDraft.objects.filter(student=student, lesson=lesson, key__in=keys)
        .filter(number=Subquery(own.order_by("-number").values("number")[:1]))
        .annotate(cleared=Exists(own.filter(problems=0)))
    )
    return {
        draft.key: PracticeState(
            latest=draft,
            cleared=draft.cleared,
            feedback=draft_feedback(draft=draft, outline=outline, prefix=f"practice-{draft.key}"),
        )
        for draft in latest
    }


@dataclass(frozen=True)
class BodyRun:
    """A stretch of a lesson body rendered as one: a run of ordinary blocks,
    shared by every student through one cached fragment, or one practice
    block, rendered for each student. `blocks` converts its blocks only when
    a template reads it, that is when the fragment is not cached yet."""

    number: int
    body: object  # the lesson's StreamValue
    start: int
    end: int
    spot: PracticeSpot | None = None
    state: PracticeState | None = None

    @property
    def blocks(self):
        return [self.body[index] for index in range(self.start, self.end)]

    @property
    def block(self):
        return self.body[self.start]


def lesson_body_runs(*, lesson, spots, states) -> list[BodyRun]:
    runs = []
    start = 0
    for spot in [*spots, None]:
        end = spot.index if spot else len(lesson.body)
        if end > start:
            runs.append(BodyRun(number=len(runs), body=lesson.body, start=start, end=end))
        if spot:
            runs.append(
                BodyRun(
                    number=len(runs),
                    body=lesson.body,
                    start=spot.index,
                    end=spot.index + 1,
                    spot=spot,
                    state=states.get(spot.key, PracticeState()),
                )
            )
            start = spot.index + 1
    return runs


def lesson_practice_context(*, lesson, request, outline) -> dict:
    """What a lesson page needs for its practice blocks: the body in runs,
    each practice block with the student's state (one query, none when the
    lesson has no practice blocks, for an anonymous visitor or in a
    preview), and the practice blocks still standing between the student
    and completing the lesson."""
    spots = lesson_practice_spots(lesson=lesson)
    user = getattr(request, "user", None)
    states = {}
    previewing = getattr(request, "is_preview", False)
    if spots and user is not None and user.is_authenticated and not previewing:
        states = practice_states(
            student=user, lesson=lesson, keys=[spot.key for spot in spots], outline=outline
        )
    return {
        "practice_spots": spots,
        "body_runs": lesson_body_runs(lesson=lesson, spots=spots, states=states),
        "practice_unmet": [
            spot
            for spot in spots
            if spot.required and not states.get(spot.key, PracticeState()).cleared
        ],
    }


def practice_requirements_unmet(*, student, lesson) -> list[PracticeSpot]:
    """The required practice blocks of `lesson` where `student` has no draft
    without problems yet; no query when the lesson requires none."""
    required = [spot for spot in lesson_practice_spots(lesson=lesson) if spot.required]
    if not required:
        return []
    cleared = set(
        PracticeDraft.objects.filter(
            student=student, lesson=lesson, key__in=[spot.key for spot in required], problems=0
        ).values_list("key", flat=True)
    )
    return [spot for spot in required if spot.key not in cleared]


def practice_drafts(*, student, lesson, key) -> list[PracticeDraft]:
    """Every draft the student checked in one practice block, newest first."""
    return list(
        PracticeDraft.objects.filter(student=student, lesson=lesson, key=key)
        .defer("text", "feedback")
        .order_by("-number")
    )


def practice_draft(*, student, draft_id) -> PracticeDraft | None:
    """One of the student's own drafts; None for anyone else's."""
    return (
        PracticeDraft.objects.filter(student=student, pk=draft_id).select_related("lesson").first()
    )


def lesson_course(*, lesson) -> CoursePage:
    return CoursePage.objects.get(path=lesson.path[: -lesson.steplen])


@dataclass(frozen=True)
class CourseBuiltinRule:
    """A built-in rule as a course has it: its definition with the course's
    setting applied, if it has one (a rule left as it comes has none). The
    coach runs it so (`course_coach_rules`) and the admin's form shows it so,
    from this one reading of a setting."""

    definition: RuleDefinition
    setting: CoachRuleSetting | None

    @property
    def enabled(self) -> bool:
        return self.setting.enabled if self.setting else True

    @property
    def verdict(self) -> str:
        return self.setting.verdict if self.setting else self.definition.verdict

    @property
    def message(self) -> str:
        return (self.setting and self.setting.message) or self.definition.message

    @property
    def good_message(self) -> str:
        return (self.setting and self.setting.good_message) or self.definition.good_message

    @property
    def lesson_id(self) -> int | None:
        """The lesson the course's professors chose; None for the one it comes with."""
        return self.setting.lesson_id if self.setting else None


def course_builtin_rules(*, course) -> list[CourseBuiltinRule]:
    """Every built-in rule as `course` has it, in the coach's order, in one query."""
    settings = {
        setting.rule: setting for setting in CoachRuleSetting.objects.filter(course=course)
    }
    return [
        CourseBuiltinRule(definition=definition, setting=settings.get(definition.id))
        for definition in BUILTIN_RULES
    ]


def course_coach_rules(*, course) -> list[Rule]:
    """The rules the coach runs for `course`: the built-in ones as its
    professors set them, then their own, in three queries.

    A built-in rule's lesson link defaults to the course's lesson with the
    slug the bundled course uses, when the course has one. A custom rule
    whose pattern no longer passes the safety check is left out, not run.
    """
    lessons = dict(LessonPage.objects.child_of(course).values_list("slug", "pk"))
    rules = [
        builtin.definition.rule(
            verdict=builtin.verdict,
            message=builtin.message,
            good_message=builtin.good_message,
            lesson_id=builtin.lesson_id or lessons.get(builtin.definition.lesson_slug),
        )
        for builtin in course_builtin_rules(course=course)
        if builtin.enabled
    ]
    for custom in CoachCustomRule.objects.filter(course=course, enabled=True):
        try:
            compiled = rule_compile(
                kind=custom.kind, phrases=custom.phrases, pattern=custom.pattern
            )
        except PatternRefused:
            continue
        rules.append(
            Rule(
                id=custom.rule_id,
                name=custom.name,
                verdict=custom.verdict,
                message=custom.message,
                detect=custom_detector(compiled=compiled, when=custom.when),
                lesson_id=custom.lesson_id,
            )
        )
    return rules


def coach_try(*, course, text: str) -> Feedback:
    """What the course's coach says about `text`, stored nowhere: the admin's "try it" box."""
    return coach_check(text=text, rules=course_coach_rules(course=course))


def coach_courses(*, user):
    """The courses whose coach `user` may tune: those whose pages they may edit."""
    editable = policy_registry.get_by_type(Page).instances_user_has_permission_for(user, "change")
    return CoursePage.objects.filter(pk__in=editable.values("pk")).order_by("title")


def course_lesson_links(*, course, request=None) -> dict[int, OutlineItem]:
    """Every live lesson of `course` as feedback links to it, by page id, in one query."""
    return {
        lesson.pk: outline_item(lesson, request)
        for lesson in LessonPage.objects.child_of(course).live().defer("body")
    }


@dataclass(frozen=True)
class Exercise:
    """A practice block of a course, as instructors' pages list it."""

    lesson_id: int
    lesson_title: str
    key: str
    title: str


def course_practice_exercises(*, course) -> list[Exercise]:
    """Every practice block in the course's live lessons, in course order, in one query."""
    exercises = []
    for lesson in LessonPage.objects.child_of(course).live().order_by("path"):
        exercises += [
            Exercise(
                lesson_id=lesson.pk, lesson_title=lesson.title, key=spot.key, title=spot.title
            )
            for spot in lesson_practice_spots(lesson=lesson)
        ]
    return exercises
