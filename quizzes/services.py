"""Writes of quiz attempts: start, save an answer, submit.

Each function is atomic and does a fixed number of queries however many
questions a quiz has. The rules that must hold under concurrency (one open
attempt, no lost or doubled saves, grading exactly once) are enforced by the
database: a partial unique constraint and conditional UPDATEs, never by a
read followed by a write. Refusals raise a `QuizError` whose `message` can be
shown to the student as it is.
"""

import random
import secrets
from datetime import timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quizzes import grading
from quizzes.models import Attempt, BankQuestion, QuizPage, Response
from quizzes.signals import attempt_submitted

# A request that left the browser before the deadline may arrive a little after it.
DEADLINE_GRACE = timedelta(seconds=30)


class QuizError(Exception):
    """A request the quiz refuses; `message` is written for the student."""

    message = _("This quiz cannot do that right now.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class QuizNotOpen(QuizError):
    message = _("This quiz is not published, so it cannot be taken.")


class AttemptLimitReached(QuizError):
    message = _("You have used all your attempts at this quiz.")


class AttemptClosed(QuizError):
    message = _("This attempt has been submitted; its answers can no longer change.")


class AttemptExpired(QuizError):
    message = _("Time is up for this attempt; answers saved before the deadline still count.")


class UnknownQuestion(QuizError):
    message = _("That question is not part of this attempt.")


class BadAnswer(QuizError):
    message = _("That answer does not fit the question.")

    def __init__(self, message=None, *, question_key=None):
        super().__init__(message)
        self.question_key = question_key


class StaleAnswer(QuizError):
    message = _(
        "This answer was changed in another tab or window. Reload the page to see the "
        "latest answer before changing it again."
    )


def attempt_start(*, student, quiz, now=None) -> Attempt:
    """Resume the student's open attempt at `quiz`, or start the next one.

    A new attempt pins the quiz's published revision and copies its questions
    (from the published page row, not the in-memory `quiz`, which may be a
    draft or stale), in an order drawn from a seed stored on the attempt, so a
    resumed attempt shows exactly what it showed before. Raises QuizNotOpen
    for an unpublished quiz and AttemptLimitReached when every allowed attempt
    has been used. Two starts at once produce one attempt: the loser of the
    unique constraint returns the winner's.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            attempt = _open_attempt(student=student, quiz=quiz)
            return attempt or _attempt_create(student=student, quiz=quiz, now=now)
    except IntegrityError:
        attempt = _open_attempt(student=student, quiz=quiz)
        if attempt is None:
            raise
        return attempt


def _open_attempt(*, student, quiz):
    return Attempt.objects.filter(
        student=student, quiz_id=quiz.pk, state=Attempt.State.IN_PROGRESS
    ).first()


def _attempt_create(*, student, quiz, now):
    live = QuizPage.objects.live().filter(pk=quiz.pk, live_revision__isnull=False).first()
    if live is None:
        raise QuizNotOpen()
    used = Attempt.objects.filter(student=student, quiz_id=quiz.pk).aggregate(
        count=Count("pk"), last=Max("number")
    )
    if live.attempts_allowed is not None and used["count"] >= live.attempts_allowed:
        raise AttemptLimitReached(
            _("You have used all %(count)d attempts at this quiz.")
            % {"count": live.attempts_allowed}
        )
    seed = secrets.randbelow(2**31)
    attempt = Attempt.objects.create(
        student=student,
        quiz_id=quiz.pk,
        number=(used["last"] or 0) + 1,
        started_at=now,
        deadline=now + timedelta(minutes=live.time_limit_minutes)
        if live.time_limit_minutes
        else None,
        pass_mark=live.pass_mark,
        revision_id=live.live_revision_id,
        seed=seed,
        questions=questions_presented(live, seed=seed),
    )
    Response.objects.bulk_create(
        Response(attempt=attempt, question_key=question["key"], position=position)
        for position, question in enumerate(attempt.questions, start=1)
    )
    return attempt


def questions_presented(quiz, *, seed):
    """The quiz's questions as one attempt shows them, in JSON form.

    The same quiz content, bank and seed always give the same list. Blocks
    are shuffled first (a random draw moves as one unit), then each draw
    picks its questions and each choice question's choices are shuffled, all
    from one `random.Random(seed)`. Drawn questions are keyed
    `bank-<BankQuestion id>`, so the same bank question has the same key in
    every attempt and item analysis groups it; no question is drawn twice in
    one attempt, and a category with fewer questions than asked gives all it
    has. Every choice question gets a `choice_order`, even unshuffled, so
    whoever renders an attempt reads the order from one place. One query
    fetches the pools of every draw, however many there are.
    """
    rng = random.Random(seed)
    stream = quiz.questions
    # Draw blocks are read raw: their category is only an id here, never fetched.
    indexes = list(range(len(stream)))
    if quiz.shuffle_questions:
        rng.shuffle(indexes)
    pools = _bank_pools(stream)
    presented, drawn = [], set()
    for index in indexes:
        raw = stream.raw_data[index]
        if raw["type"] == "random_draw":
            pool = [q for q in pools.get(raw["value"].get("category"), []) if q.pk not in drawn]
            count = min(int(raw["value"].get("count") or 0), len(pool))
            for question in rng.sample(pool, count):
                drawn.add(question.pk)
                block = question.block
                presented.append(
                    _presented(quiz, rng, f"bank-{question.pk}", block.block_type, block.value)
                )
            continue
        block = stream[index]
        presented.append(_presented(quiz, rng, block.id, block.block_type, block.value))
    return presented


def _bank_pools(stream):
    """The questions of every category the quiz draws from, by category id, in id order."""
    category_ids = {
        raw["value"].get("category") for raw in stream.raw_data if raw["type"] == "random_draw"
    }
    pools = {}
    if category_ids:
        for question in BankQuestion.objects.filter(category_id__in=category_ids).order_by("pk"):
            if question.block is not None:
                pools.setdefault(question.category_id, []).append(question)
    return pools


def _presented(quiz, rng, key, block_type, value):
    snapshot = grading.question_snapshot(block_type, value)
    entry = {"key": key, "question": snapshot}
    if snapshot["type"] in grading.CHOICE_TYPES:
        order = [choice["id"] for choice in snapshot["choices"]]
        if quiz.shuffle_choices:
            rng.shuffle(order)
        entry["choice_order"] = order
    return entry


def answers_save(*, attempt, answers, now=None) -> list[str]:
    """Store several answers of an open attempt at once; return stale keys.

    `answers` maps a question key to `(answer, version)`, the version being
    the one the student's page last saw. Answers equal to what is stored are
    skipped; an answer whose version is out of date (another tab saved since)
    is not written and its key is returned, so the newer answer is kept.
    Everything is validated before anything is written: an unknown question
    or an answer that does not fit raises and changes nothing. The responses
    and their attempt are locked for the write (SQLite's IMMEDIATE
    transactions do the same), so a save and a submit never interleave, and
    the query count is the same for one answer or fifty.
    """
    now = now or timezone.now()
    if attempt.deadline is not None and now > attempt.deadline + DEADLINE_GRACE:
        raise AttemptExpired()
    snapshots = {question["key"]: question["question"] for question in attempt.questions}
    cleaned = {}
    for key, (answer, version) in answers.items():
        if key not in snapshots:
            raise UnknownQuestion()
        try:
            cleaned[key] = (grading.validate_answer(snapshots[key], answer), version)
        except grading.InvalidAnswer as error:
            raise BadAnswer(str(error), question_key=key) from error
    if not cleaned:
        return []
    with transaction.atomic():
        rows = {
            row.question_key: row
            for row in Response.objects.select_for_update().filter(
                attempt_id=attempt.pk, attempt__state=Attempt.State.IN_PROGRESS
            )
        }
        if not rows:
            raise AttemptClosed()
        changed, stale = [], []
        for key, (stored, version) in cleaned.items():
            row = rows[key]
            if stored == row.answer:
                continue
            if version != row.version:
                stale.append(key)
                continue
            row.answer = stored
            row.readable_answer = (
                "" if stored is None else grading.grade(snapshots[key], stored).readable_answer
            )
            row.version += 1
            row.saved_at = now
            changed.append(row)
        Response.objects.bulk_update(changed, ["answer", "readable_answer", "version", "saved_at"])
    return stale


def answer_save(*, attempt, question_key, answer, version, now=None) -> Response:
    """Store one answer, as the page's autosave sends it; return the row.

    The same rules as `answers_save`, with a stale version refused as
    StaleAnswer so the student's page can tell them to reload.
    """
    if answers_save(attempt=attempt, answers={question_key: (answer, version)}, now=now):
        raise StaleAnswer()
    return Response.objects.get(attempt_id=attempt.pk, question_key=question_key)


def attempt_submit(*, attempt, now=None) -> Attempt:
    """Close the attempt and grade it, exactly once; return it as graded.

    The state change is a conditional UPDATE, so of two submits (a double
    click, two tabs) only one grades; the other returns the stored result
    unchanged. Grading reads only the attempt's snapshots and the saved
    answers: an expired attempt is graded from what was saved in time, and a
    stored answer that no longer validates counts as skipped. The submit that
    grades sends `attempt_submitted` once the grade is committed.
    """
    now = now or timezone.now()
    with transaction.atomic():
        closed = Attempt.objects.filter(pk=attempt.pk, state=Attempt.State.IN_PROGRESS).update(
            state=Attempt.State.SUBMITTED, submitted_at=now
        )
        if closed:
            graded = Attempt.objects.get(pk=attempt.pk)
            _attempt_grade(graded)
            transaction.on_commit(
                partial(attempt_submitted.send_robust, sender=Attempt, attempt=graded)
            )
    return Attempt.objects.get(pk=attempt.pk)


def _attempt_grade(attempt):
    responses = attempt_scored(attempt=attempt, responses=list(attempt.responses.all()))
    Response.objects.bulk_update(responses, ["correct", "points", "readable_answer"])
    attempt.save(update_fields=["score", "max_score", "percent", "passed"])


def attempt_scored(*, attempt, responses):
    """Grade `responses` against the attempt's own snapshots, in memory.

    Sets each response's correct, points and readable answer and the
    attempt's score, percent and passed; saves nothing, so a regrade can
    show what would change before it changes it.
    """
    snapshots = {question["key"]: question["question"] for question in attempt.questions}
    for response in responses:
        snapshot = snapshots[response.question_key]
        try:
            result = grading.grade(snapshot, response.answer)
        except grading.InvalidAnswer:
            result = grading.grade(snapshot, None)
        response.correct = result.correct
        response.points = result.points
        response.readable_answer = result.readable_answer
    attempt.score = round(sum(response.points for response in responses), 4)
    attempt.max_score = round(sum(snapshot["points"] for snapshot in snapshots.values()), 4)
    # Not rounded: 69.996 % must not show as, or pass as, 70 %.
    attempt.percent = 100 * attempt.score / attempt.max_score if attempt.max_score else 0.0
    attempt.passed = attempt.percent >= attempt.pass_mark
    return responses
