"""Regrading: the one way a past grade changes, after a professor fixes a key.

Editing a quiz never touches an attempt; `quiz_regrade` is run on purpose
(`manage.py regrade_quiz`). It copies only the answer key of each question
from the published quiz into the attempt's snapshot (which choices are
right and their credit, the numeric answers, the accepted texts, points, feedback), keeping
the prompt and choices the student saw, then grades the saved answers
again. A question whose choices were added, removed or reworded since the
attempt is left as it was: its old key cannot be mapped onto new choices.
Grades that changed are announced (`attempt_regraded`), so an LMS
gradebook that holds them gets the new ones.
"""

from dataclasses import dataclass
from functools import partial

from django.db import transaction

from quizzes import grading
from quizzes.models import Attempt, QuizPage, Response
from quizzes.services import attempt_scored
from quizzes.signals import attempt_regraded

KEY_FIELDS = (
    "points",
    "explanation",
    "scoring",
    "correct_answer",
    "feedback_true",
    "feedback_false",
    "answer",
    "tolerance",
    "minimum",
    "maximum",
    "feedback",
    "partial_answers",
    "other_feedback",
    "accepted_answers",
    "case_sensitive",
)


@dataclass(frozen=True)
class Regraded:
    attempt: Attempt
    old_percent: float
    new_percent: float
    skipped_questions: int  # questions whose choices changed, left as graded


def quiz_regrade(*, quiz, dry_run=False) -> list[Regraded]:
    """Regrade every submitted attempt at `quiz` against its published key."""
    live = QuizPage.objects.live().get(pk=quiz.pk)
    current = {
        block.id: grading.question_snapshot(block.block_type, block.value)
        for block in live.questions
        if block.block_type in grading.QUESTION_TYPES  # drawn bank questions keep their grade
    }
    attempts = list(
        Attempt.objects.filter(quiz_id=quiz.pk, state=Attempt.State.SUBMITTED)
        .select_related("student")
        .prefetch_related("responses")
        .order_by("pk")
    )
    results, changed_responses = [], []
    for attempt in attempts:
        old_percent, skipped = attempt.percent, 0
        for entry in attempt.questions:
            fixed = current.get(entry["key"])
            if fixed is None or not _same_question(entry["question"], fixed):
                skipped += fixed is not None
                continue
            entry["question"] = {
                **entry["question"],
                **{key: fixed[key] for key in KEY_FIELDS if key in fixed},
                **({"choices": _rekeyed(entry["question"], fixed)} if "choices" in fixed else {}),
            }
        changed_responses += attempt_scored(
            attempt=attempt, responses=list(attempt.responses.all())
        )
        results.append(Regraded(attempt, old_percent, attempt.percent, skipped))
    if not dry_run:
        changed = [
            result.attempt for result in results if result.new_percent != result.old_percent
        ]
        with transaction.atomic():
            Attempt.objects.bulk_update(
                attempts, ["questions", "score", "max_score", "percent", "passed"]
            )
            Response.objects.bulk_update(
                changed_responses, ["correct", "points", "readable_answer"]
            )
            for attempt in changed:
                transaction.on_commit(
                    partial(attempt_regraded.send_robust, sender=Attempt, attempt=attempt)
                )
    return results


def _same_question(shown, fixed):
    """The same kind of question, with the same choices in the same order."""
    if shown["type"] != fixed["type"]:
        return False
    texts = [[choice["text"] for choice in q.get("choices", [])] for q in (shown, fixed)]
    return texts[0] == texts[1]


def _rekeyed(shown, fixed):
    """The choices as shown, with the fixed key's right answers and feedback."""
    return [
        {**choice, "correct": new["correct"], "credit": new["credit"], "feedback": new["feedback"]}
        for choice, new in zip(shown["choices"], fixed["choices"], strict=True)
    ]
