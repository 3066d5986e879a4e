"""Item analysis: how one section did on each question of a quiz.

An instructor clicking a quiz sees, per question, the share of the class who
got it right, how often each choice (right or wrong) was picked, and how well
the question tells students who know the material from those who do not.
Everything is read from what attempts stored (their question snapshots and
graded responses), never from the live quiz's answer key, so the numbers
match the grades students were given. The query count is fixed: three
queries however many students, quizzes or attempts there are.
"""

import html
import math
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Case, Exists, OuterRef, When
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from classes.models import Enrollment
from quizzes import grading
from quizzes.models import Attempt, QuizPage, Response

MIN_STUDENTS_FOR_DISCRIMINATION = 5  # fewer make a correlation mostly noise
# Questions drawn from a bank are keyed "bank-<id>" in an attempt's snapshot;
# finding that text in the stored JSON tells a drawing attempt from the rest.
DRAWN_KEY = '"bank-'
TOP_TEXT_ANSWERS = 5  # distinct numeric or short-text answers shown before "Other"


@dataclass(frozen=True)
class OptionCount:
    """One answer students could give, and how many of them gave it.

    For choice questions, one per choice, wrong ones included even when nobody
    picked them; for true/false, the two options; for numeric and short-text
    questions, the most common answers and then "Other".
    """

    label: str  # plain text, as students saw it
    count: int
    share: float  # of the students shown the question, 0 to 1
    correct: bool  # the right choice, or an answer that earned full credit


@dataclass(frozen=True)
class QuestionAnalysis:
    """How the analysed attempts went on one question."""

    key: str  # the stream block id, as Response.question_key
    position: int  # 1 for the first question of the analysis
    prompt: str  # plain text, tags stripped
    type: str  # a grading.QUESTION_TYPES value
    shown: int  # analysed students whose attempt presented the question
    answered: int  # of those, students who gave an answer rather than skip it
    correct_share: float | None  # mean Response.correct, 0 to 1; None if nobody was shown it
    discrimination: float | None  # -1 to 1, see `discrimination_index`
    options: list[OptionCount]


@dataclass(frozen=True)
class QuizAnalysis:
    """The item analysis of one quiz for one section."""

    quiz: QuizPage
    students: int  # students whose attempt is analysed
    questions: list[QuestionAnalysis]


def quiz_item_analysis(*, section, quiz) -> QuizAnalysis:
    """The item analysis of `quiz` for the active students of `section`.

    Each student counts once, by their first submitted attempt: later attempts
    are shaped by the feedback the first one gave, so including them would
    make every question look easier and blur which ones discriminate. This is
    the usual psychometric convention. Dropped students and students of other
    sections are left out. Questions follow the quiz's current order, then
    come any that only older attempts were shown (a question removed since);
    questions nobody in the section has been shown yet are left out.
    """
    return section_item_analysis(section=section, quizzes=[quiz])[0]


def section_item_analysis(*, section, quizzes) -> list[QuizAnalysis]:
    """`quiz_item_analysis` for several quizzes, in the order given; with
    `section=None`, over the students of every section at once (each counts
    once, by their first attempt, as the "Questions to review" report needs).

    Three queries whatever the number of quizzes, students or attempts, so a
    spreadsheet of a whole course's analyses costs what one quiz does: the
    first submitted attempts, one snapshot per quiz revision they were taken
    from, and their graded responses.
    """
    quizzes = list(quizzes)
    first = first_attempts(section=section, quiz_ids=[quiz.pk for quiz in quizzes])
    attempts = [
        (pk, quiz_id, None if drew else revision_id)
        for pk, quiz_id, revision_id, drew in first.annotate(
            drew=Case(When(questions__icontains=DRAWN_KEY, then=True), default=False)
        ).values_list("pk", "quiz_id", "revision_id", "drew")
    ]
    snapshots = _snapshots(attempts)
    responses = {}
    if attempts:
        rows = (
            Response.objects.filter(attempt_id__in=first.values("pk"))
            .order_by("attempt_id", "position")  # earliest attempts first, for stable labels
            .values_list(
                "attempt_id", "question_key", "answer", "readable_answer", "correct", "points"
            )
        )
        for attempt_id, *row in rows:
            responses.setdefault(attempt_id, []).append(row)
    by_quiz = {quiz.pk: [] for quiz in quizzes}
    for attempt_id, quiz_id, revision_id in attempts:
        source = _source(attempt_id, revision_id)
        by_quiz[quiz_id].append((snapshots[source], responses.get(attempt_id, [])))
    return [_analyse(quiz, by_quiz[quiz.pk]) for quiz in quizzes]


def discrimination_index(pairs) -> float | None:
    """The Pearson correlation of question scores with rest-of-attempt scores.

    `pairs` are (the student's `Response.correct` on the question, their
    points on the rest of the attempt). This is the point-biserial
    correlation Moodle reports as its discrimination index (Moodle shows it
    times 100); leaving the question out of the total keeps it from
    correlating with itself. It runs from -1 to 1: above about 0.3 the
    question separates strong from weak students well, near 0 it does not,
    and below 0 weak students do better on it than strong ones, which usually
    means a wrong key or a misleading wording. None with fewer than five
    students, or when either score is the same for everyone.
    """
    pairs = list(pairs)
    if len(pairs) < MIN_STUDENTS_FOR_DISCRIMINATION:
        return None
    xs, ys = zip(*pairs, strict=True)
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in pairs)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx < 1e-12 or syy < 1e-12:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def first_attempts(*, quiz_ids, section=None):
    """Each active student's first submitted attempt at each quiz, in `section`
    or (None) in any section: a queryset."""
    active = Enrollment.objects.filter(status=Enrollment.Status.ACTIVE)
    if section is not None:
        active = active.filter(section=section)
    submitted = Attempt.objects.filter(state=Attempt.State.SUBMITTED)
    earlier = submitted.filter(
        student_id=OuterRef("student_id"),
        quiz_id=OuterRef("quiz_id"),
        number__lt=OuterRef("number"),
    )
    return (
        submitted.filter(quiz_id__in=quiz_ids, student_id__in=active.values("student_id"))
        .exclude(Exists(earlier))
        .order_by("pk")
    )


def _source(attempt_id, revision_id):
    """What an attempt's questions are copied from: its revision, else itself.

    Attempts of one revision hold the same question snapshots (only the order
    differs), so one of them stands for all. An attempt whose revision has
    since been deleted stands for itself, and so does one that drew questions
    from a bank (its caller passes no revision): each draw is its own set.
    """
    return ("revision", revision_id) if revision_id is not None else ("attempt", attempt_id)


def _snapshots(attempts) -> dict:
    """Question snapshots by source, newest source first, each {key: snapshot}."""
    stand_ins = {}
    for attempt_id, _quiz_id, revision_id in attempts:
        stand_ins.setdefault(_source(attempt_id, revision_id), attempt_id)
    if not stand_ins:
        return {}
    stored = dict(Attempt.objects.filter(pk__in=stand_ins.values()).values_list("pk", "questions"))

    def newest_first(source):
        kind, pk = source
        return (kind == "revision", pk)

    return {
        source: _Snapshot(
            rank=rank, questions={entry["key"]: entry["question"] for entry in stored[pk]}
        )
        for rank, (source, pk) in enumerate(
            sorted(stand_ins.items(), key=lambda item: newest_first(item[0]), reverse=True)
        )
    }


@dataclass(frozen=True)
class _Snapshot:
    rank: int  # 0 for the newest
    questions: dict  # question key -> grading.question_snapshot()


@dataclass
class _Tally:
    """What the attempts of one quiz showed and answered on one question."""

    snapshot: dict  # the newest snapshot seen: prompt, type, labels
    rank: int  # of that snapshot, 0 for the newest
    index: int  # the question's place in that snapshot
    scores: list = field(default_factory=list)  # (correct, rest of the attempt)
    answers: list = field(default_factory=list)  # (snapshot, normalised answer, readable, correct)
    shown: int = 0


def _analyse(quiz, attempts) -> QuizAnalysis:
    tallies: dict[str, _Tally] = {}
    for snapshot, responses in sorted(attempts, key=lambda pair: pair[0].rank):
        total = sum(points or 0 for *_, points in responses)
        for key, answer, readable, correct, points in responses:
            question = snapshot.questions.get(key)
            if question is None:
                continue
            tally = tallies.get(key)
            if tally is None:
                tally = tallies[key] = _Tally(
                    snapshot=question,
                    rank=snapshot.rank,
                    index=list(snapshot.questions).index(key),
                )
            tally.shown += 1
            if correct is None:
                continue
            tally.scores.append((correct, round(total - (points or 0), 6)))
            normalised = _normalised(question, answer) if readable else None
            if normalised is not None:
                tally.answers.append((question, normalised, readable, correct))
    live = [block["id"] for block in quiz.questions.raw_data]
    keys = [key for key in live if key in tallies]
    # Questions the quiz no longer has: newest snapshot first, in its order.
    keys += sorted(
        (key for key in tallies if key not in live),
        key=lambda key: (tallies[key].rank, tallies[key].index),
    )
    return QuizAnalysis(
        quiz=quiz,
        students=len(attempts),
        questions=[
            _question(key, position, tallies[key]) for position, key in enumerate(keys, start=1)
        ],
    )


def _normalised(question, answer):
    """The answer as grading reads it, or None if it no longer fits the question."""
    try:
        return grading.validate_answer(question, answer)
    except (grading.InvalidAnswer, ValueError):
        return None


def _question(key, position, tally: _Tally) -> QuestionAnalysis:
    kind = tally.snapshot["type"]
    if kind in grading.CHOICE_TYPES:
        counts = _choice_counts(tally)
    elif kind == "true_false":
        counts = _true_false_counts(tally)
    else:
        counts = _text_counts(tally)
    shown = tally.shown
    return QuestionAnalysis(
        key=key,
        position=position,
        prompt=_plain(tally.snapshot["prompt"]),
        type=kind,
        shown=shown,
        answered=len(tally.answers),
        correct_share=(
            sum(correct for correct, _rest in tally.scores) / len(tally.scores)
            if tally.scores
            else None
        ),
        discrimination=discrimination_index(tally.scores),
        options=[
            OptionCount(
                label=label, count=count, share=count / shown if shown else 0.0, correct=correct
            )
            for label, count, correct in counts
        ],
    )


def _choice_counts(tally):
    """One row per choice text: a choice reworded since is a different choice."""
    labels = {}  # text -> correct, the newest snapshot's choices first, in its order
    snapshots = {id(tally.snapshot): tally.snapshot}
    snapshots.update((id(question), question) for question, *_ in tally.answers)
    for question in snapshots.values():
        for choice in question["choices"]:
            labels.setdefault(choice["text"], choice["correct"])
    picked = Counter()
    for question, normalised, _readable, _correct in tally.answers:
        ids = normalised if isinstance(normalised, list) else [normalised]
        texts = {choice["id"]: choice["text"] for choice in question["choices"]}
        picked.update(texts[choice_id] for choice_id in ids)
    return [(text, picked[text], correct) for text, correct in labels.items()]


def _true_false_counts(tally):
    right = tally.snapshot["correct_answer"]
    picked = Counter(normalised for _question, normalised, *_ in tally.answers)
    return [(_("True"), picked[True], right is True), (_("False"), picked[False], right is False)]


def _text_counts(tally):
    """The most common answers, grouped as grading compares them, then "Other".

    Numbers group by value (4 and 4.0 are one answer) and text by its
    normalised spelling, ignoring case unless the question does not; each
    group is labelled with its most common spelling. Ties go in order of
    value, so the list is the same every time.
    """
    case_sensitive = tally.snapshot.get("case_sensitive", True)
    groups = {}  # key -> [count, spellings, all earned full credit]
    for _question, normalised, readable, correct in tally.answers:
        group_key = normalised
        if isinstance(normalised, str) and not case_sensitive:
            group_key = normalised.casefold()
        group = groups.setdefault(group_key, [0, Counter(), True])
        group[0] += 1
        group[1][readable] += 1
        group[2] = group[2] and correct >= 1
    ranked = sorted(groups.items(), key=lambda item: (-item[1][0], item[0]))
    counts = [
        (spellings.most_common(1)[0][0], count, full)
        for _key, (count, spellings, full) in ranked[:TOP_TEXT_ANSWERS]
    ]
    rest = sum(count for _key, (count, *_) in ranked[TOP_TEXT_ANSWERS:])
    if rest:
        counts.append((_("Other"), rest, False))
    return counts


def _plain(prompt) -> str:
    """A snapshot's HTML prompt as one line of plain text."""
    return " ".join(html.unescape(strip_tags(prompt or "")).split())
