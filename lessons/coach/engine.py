"""The coach's engine: run a list of rules over a message and collect findings.

A rule is plain data plus a detector, a function that reads a `Message`
and answers one of three things: nothing to say, the message does this
well (praise, shown with the rule's good message), or the message falls
into what the rule looks for (shown with the rule's verdict and message).
The engine holds no rules of its own: `lessons.coach.rules` defines the
built-in ones, `lessons.coach.patterns` turns a professor's phrases or
pattern into one, and `lessons.selectors.course_coach_rules` puts a
course's list together. The same text and rules always give the same
feedback, in the same order.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from lessons.coach.text import Message, text_clean

FEEDBACK_FORMAT = 1  # the version of `Feedback.as_data`'s layout


class Verdict(models.TextChoices):
    GOOD = "good", _("Good")
    IMPROVE = "improve", _("To improve")
    PROBLEM = "problem", _("Problem")


@dataclass(frozen=True)
class Outcome:
    """What a detector saw: `praise` when the message does this well; the
    sentences (indexes into `Message.sentences`) it refers to; a measure in
    words ("182 words") that explains it, if any."""

    praise: bool = False
    sentences: tuple[int, ...] = ()
    detail: str = ""


Detector = Callable[[Message], Outcome | None]


def when_found(sentences) -> Outcome | None:
    """For a rule that speaks when the message has something: it fires on
    the `sentences` (indexes) that have it, and says nothing when none do."""
    return Outcome(sentences=tuple(sorted(sentences))) if sentences else None


def when_missing(sentences, *, shown: int = 1) -> Outcome:
    """For a rule that speaks when the message lacks something: it fires
    when no sentence has it, and otherwise praises the first `shown` of the
    `sentences` (indexes, in order) that do; a rule without a good message
    never shows that praise (see `coach_check`)."""
    return Outcome(praise=True, sentences=tuple(sentences[:shown])) if sentences else Outcome()


@dataclass(frozen=True)
class Rule:
    """One thing the coach looks for.

    `verdict` and `message` are shown when the detector fires; `good_message`
    when it praises (a rule without one never praises). `lesson_id` is the
    lesson page that teaches it, linked from the finding.
    """

    id: str
    name: str
    verdict: str
    message: str
    detect: Detector
    good_message: str = ""
    lesson_id: int | None = None


@dataclass(frozen=True)
class Finding:
    """What one rule said about one message, with the stretches of text
    (start, end offsets into the cleaned text) it refers to."""

    rule: str
    name: str
    verdict: str
    message: str
    detail: str = ""
    spans: tuple[tuple[int, int], ...] = ()
    lesson: int | None = None


ORDER = {Verdict.GOOD.value: 0, Verdict.PROBLEM.value: 1, Verdict.IMPROVE.value: 2}


@dataclass(frozen=True)
class Feedback:
    """Everything the coach said about one message: good first, then
    problems, then what to improve, each group in the order of the rules."""

    findings: tuple[Finding, ...]
    word_count: int = 0
    format: int = field(default=FEEDBACK_FORMAT)

    def count(self, verdict) -> int:
        return sum(1 for finding in self.findings if finding.verdict == verdict)

    @property
    def problems(self) -> int:
        return self.count(Verdict.PROBLEM)

    @property
    def improvements(self) -> int:
        return self.count(Verdict.IMPROVE)

    @property
    def goods(self) -> int:
        return self.count(Verdict.GOOD)

    def as_data(self) -> dict:
        """A JSON-ready copy, stored with each draft so later changes to the
        rules never rewrite what a student was told."""
        return {
            "format": self.format,
            "words": self.word_count,
            "findings": [
                {
                    "rule": finding.rule,
                    "name": finding.name,
                    "verdict": finding.verdict,
                    "message": finding.message,
                    "detail": finding.detail,
                    "spans": [list(span) for span in finding.spans],
                    "lesson": finding.lesson,
                }
                for finding in self.findings
            ],
        }

    @classmethod
    def from_data(cls, data: dict) -> "Feedback":
        findings = tuple(
            Finding(
                rule=item["rule"],
                name=item["name"],
                verdict=item["verdict"],
                message=item["message"],
                detail=item.get("detail", ""),
                spans=tuple(tuple(span) for span in item.get("spans", ())),
                lesson=item.get("lesson"),
            )
            for item in data.get("findings", ())
        )
        return cls(findings=findings, word_count=data.get("words", 0), format=data["format"])


def coach_check(*, text: str, rules) -> Feedback:
    """What `rules` say about `text` (cleaned first; see `text_clean`)."""
    message = Message(text_clean(text))
    findings = []
    for rule in rules:
        outcome = rule.detect(message)
        if outcome is None or (outcome.praise and not rule.good_message):
            continue
        spans = tuple(
            (message.sentences[i].start, message.sentences[i].end) for i in outcome.sentences
        )
        findings.append(
            Finding(
                rule=rule.id,
                name=str(rule.name),
                verdict=str(Verdict.GOOD if outcome.praise else Verdict(rule.verdict)),
                message=str(rule.good_message if outcome.praise else rule.message),
                detail=str(outcome.detail),
                spans=spans,
                lesson=rule.lesson_id,
            )
        )
    findings.sort(key=lambda finding: ORDER[finding.verdict])
    return Feedback(findings=tuple(findings), word_count=message.word_count)
