"""Stored feedback as a page shows it: the message with the sentences the
coach refers to marked, and the findings, good first, numbered so a mark
and its finding point at each other.

Everything is read from what was stored with the draft (the text and
`Feedback.as_data`), so a page shows exactly what the student was told;
only the links to lessons are looked up, from a map the caller passes in
(the course outline, which a lesson page already has).
"""

from dataclasses import dataclass

from course.selectors import OutlineItem
from lessons.coach.engine import Feedback, Verdict

SEVERITY = {Verdict.GOOD.value: 0, Verdict.IMPROVE.value: 1, Verdict.PROBLEM.value: 2}


@dataclass(frozen=True)
class Quote:
    anchor: str  # the id of the mark in the message
    text: str


@dataclass(frozen=True)
class FindingView:
    number: int
    anchor: str
    rule: str
    name: str
    verdict: str
    verdict_label: str
    message: str
    detail: str
    quotes: tuple[Quote, ...]
    lesson: OutlineItem | None  # the lesson that teaches it


@dataclass(frozen=True)
class Mark:
    anchor: str
    verdict: str
    verdict_label: str
    findings: tuple[tuple[int, str], ...]  # (number, anchor) of each finding about it


@dataclass(frozen=True)
class Segment:
    text: str
    mark: Mark | None = None


@dataclass(frozen=True)
class FeedbackView:
    prefix: str  # starts every id in it, so several can share a page
    segments: tuple[Segment, ...]
    good: tuple[FindingView, ...]
    to_improve: tuple[FindingView, ...]  # problems first, then improvements
    problems: int
    improvements: int
    word_count: int

    @property
    def groups(self):
        """(name, findings) for the two lists a page shows, good first."""
        return (("good", self.good), ("to_improve", self.to_improve))


def feedback_view(*, text: str, data: dict, prefix: str, lessons=None) -> FeedbackView:
    """`text` with its stored feedback `data`, ready for a template.

    `prefix` keeps ids unique when a page shows several drafts; `lessons`
    maps a lesson's id to its `OutlineItem` (a course outline's items, or
    `lessons.selectors.course_lesson_links`).
    """
    feedback = Feedback.from_data(data)
    lessons = lessons or {}
    spans = sorted({tuple(span) for finding in feedback.findings for span in finding.spans})
    span_anchor = {span: f"{prefix}-s{number}" for number, span in enumerate(spans, start=1)}
    about: dict[tuple, list] = {span: [] for span in spans}
    views = []
    for number, finding in enumerate(feedback.findings, start=1):
        anchor = f"{prefix}-f{number}"
        for span in finding.spans:
            about[tuple(span)].append((number, anchor, finding.verdict))
        views.append(
            FindingView(
                number=number,
                anchor=anchor,
                rule=finding.rule,
                name=finding.name,
                verdict=finding.verdict,
                verdict_label=Verdict(finding.verdict).label,
                message=finding.message,
                detail=finding.detail,
                quotes=tuple(
                    Quote(anchor=span_anchor[tuple(span)], text=text[span[0] : span[1]])
                    for span in finding.spans
                ),
                lesson=lessons.get(finding.lesson),
            )
        )
    return FeedbackView(
        prefix=prefix,
        segments=tuple(_segments(text, spans, span_anchor, about)),
        good=tuple(view for view in views if view.verdict == Verdict.GOOD),
        to_improve=tuple(view for view in views if view.verdict != Verdict.GOOD),
        problems=feedback.problems,
        improvements=feedback.improvements,
        word_count=feedback.word_count,
    )


def _segments(text, spans, span_anchor, about):
    """The text cut at the marked sentences; each mark takes the most
    serious verdict among the findings about it."""
    position = 0
    for span in spans:
        start, end = span
        if start < position:  # overlapping spans cannot come from one text's sentences
            continue
        if start > position:
            yield Segment(text=text[position:start])
        verdict = max((v for _n, _a, v in about[span]), key=SEVERITY.__getitem__)
        yield Segment(
            text=text[start:end],
            mark=Mark(
                anchor=span_anchor[span],
                verdict=verdict,
                verdict_label=Verdict(verdict).label,
                findings=tuple((number, anchor) for number, anchor, _v in about[span]),
            ),
        )
        position = end
    if position < len(text):
        yield Segment(text=text[position:])
