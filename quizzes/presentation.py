"""What a student is shown of an attempt: the questions while taking it, and
the review after it is graded.

Questions while taking come only from `grading.public_question`, so the
answer key cannot reach the page by accident; the review adds correctness,
feedback and explanations only when the quiz's feedback policy allows.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quizzes import grading
from quizzes.models import QuizPage
from quizzes.services import questions_presented


@dataclass(frozen=True)
class ShownQuestion:
    """One question as the attempt page renders it."""

    key: str
    number: int
    question: dict  # public_question(): prompt, type, choice texts; no key
    choices: list  # in this attempt's order
    answer: object  # what the student saved, or posted and is being shown back
    version: int
    error: str = ""

    @property
    def answered(self):
        return self.answer not in (None, "", [])

    @property
    def prompt(self):
        """The prompt for inside a <legend>, which may not hold paragraphs."""
        html = self.question["prompt"].replace("<p>", '<span class="question__para">')
        return mark_safe(html.replace("</p>", "</span>"))  # the editors' own rich text


def questions_shown(*, attempt, responses, posted=None, errors=None):
    """The attempt's questions in its own order, with each saved answer.

    `posted` (question key -> answer) shows back what the student sent when
    it could not be saved, so nothing typed is lost.
    """
    posted, errors = posted or {}, errors or {}
    by_key = {response.question_key: response for response in responses}
    shown = []
    for number, entry in enumerate(attempt.questions, start=1):
        public = grading.public_question(entry["question"])
        choices = {choice["id"]: choice for choice in public.get("choices", [])}
        response = by_key[entry["key"]]
        answer = posted.get(entry["key"], response.answer)
        if isinstance(answer, float):  # stored numbers show as typed: 1, not 1.0
            answer = format(answer, ".15g")
        shown.append(
            ShownQuestion(
                key=entry["key"],
                number=number,
                question=public,
                choices=[choices[cid] for cid in entry.get("choice_order", [])],
                answer=answer,
                version=response.version,
                error=errors.get(entry["key"], ""),
            )
        )
    return shown


def answer_errors(*, attempt, answers):
    """Why each of the posted `answers` (question key -> answer) does not fit
    its question, by key: every refusal at once, for the page's error summary."""
    snapshots = {entry["key"]: entry["question"] for entry in attempt.questions}
    errors = {}
    for key, answer in answers.items():
        try:
            grading.validate_answer(snapshots[key], answer)
        except grading.InvalidAnswer as error:
            errors[key] = str(error)
    return errors


# When the page's countdown speaks (seconds left): often enough to plan by,
# rarely enough not to interrupt someone reading a question.
ANNOUNCED_AT = (600, 300, 120, 60, 30, 0)


@dataclass(frozen=True)
class Countdown:
    """The time left on an attempt, as the server sees it when rendering."""

    deadline: datetime
    seconds_left: int  # whole seconds, never negative; the page's timer starts here

    @property
    def left_text(self):
        """The time left in words, to the nearest minute."""
        if self.seconds_left < 60:
            return _("less than a minute left")
        minutes = (self.seconds_left + 30) // 60
        return ngettext("%(count)d minute left", "%(count)d minutes left", minutes) % {
            "count": minutes
        }

    @property
    def announcements(self):
        """What the page's polite live region says as each threshold passes."""
        said = []
        for seconds in ANNOUNCED_AT:
            if seconds == 0:
                text = _("Time is up. Your answers are being submitted.")
            elif seconds >= 60:
                minutes = seconds // 60
                text = ngettext("%(count)d minute left.", "%(count)d minutes left.", minutes) % {
                    "count": minutes
                }
            else:
                text = ngettext("%(count)d second left.", "%(count)d seconds left.", seconds) % {
                    "count": seconds
                }
            said.append((seconds, text))
        return said


def countdown(*, attempt, now=None):
    """The attempt's countdown, or None when its quiz has no time limit.

    The seconds left are computed here, from the server's clock, so a
    student's page counts down from the right value even when their own
    clock is wrong.
    """
    if attempt.deadline is None:
        return None
    now = now or timezone.now()
    left = int((attempt.deadline - now).total_seconds())
    return Countdown(deadline=attempt.deadline, seconds_left=max(0, left))


def feedback_shown(*, attempt, attempts_used):
    """Whether this graded attempt's review may show answers and feedback."""
    policy = attempt.quiz.feedback_policy
    if policy == QuizPage.FeedbackPolicy.AFTER_EACH_ATTEMPT:
        return True
    if policy == QuizPage.FeedbackPolicy.AFTER_LAST_ATTEMPT:
        allowed = attempt.quiz.attempts_allowed
        return allowed is not None and attempts_used >= allowed
    return False


@dataclass(frozen=True)
class ReviewedQuestion:
    number: int
    prompt: str
    answer: str
    correct: float
    points: float
    max_points: float
    feedback: list
    explanation: str
    correct_answer: str

    @property
    def verdict(self):
        if self.correct >= 1:
            return _("Correct")
        return _("Partly correct") if self.correct > 0 else _("Incorrect")


def attempt_review(*, attempt, responses):
    """Each question of a graded attempt with the student's answer, its
    grade, the feedback for that answer, the explanation and the right answer."""
    by_key = {response.question_key: response for response in responses}
    review = []
    for number, entry in enumerate(attempt.questions, start=1):
        snapshot, response = entry["question"], by_key[entry["key"]]
        review.append(
            ReviewedQuestion(
                number=number,
                prompt=snapshot["prompt"],
                answer=response.readable_answer or _("(no answer)"),
                correct=response.correct or 0.0,
                points=response.points or 0.0,
                max_points=snapshot["points"],
                feedback=grading.grade(snapshot, response.answer).feedback,
                explanation=snapshot["explanation"],
                correct_answer=correct_answer(snapshot),
            )
        )
    return review


def correct_answer(snapshot):
    """The right answer in words, as a teacher would say it."""
    kind = snapshot["type"]
    if kind in grading.CHOICE_TYPES:
        return "; ".join(c["text"] for c in snapshot["choices"] if c["correct"])
    if kind == "true_false":
        return _("True") if snapshot["correct_answer"] else _("False")
    if kind == "numeric":
        return _number_text(snapshot, snapshot)
    full = [a["text"] for a in snapshot["accepted_answers"] if a["credit"] >= 100]
    return " / ".join(full or [a["text"] for a in snapshot["accepted_answers"]])


def _number_text(expected, snapshot):
    """“2 weeks”, “2 ± 0.5 weeks” or “From 5 to 10 days”; a draft may have neither yet."""
    unit = f" {snapshot['unit']}" if snapshot.get("unit") else ""
    if expected.get("answer") is None:
        if expected.get("minimum") is None or expected.get("maximum") is None:
            return _("(not set yet)")
        return _("From %(minimum)g to %(maximum)g") % expected + unit
    if expected.get("tolerance"):
        return f"{expected['answer']:g} ± {expected['tolerance']:g}{unit}"
    return f"{expected['answer']:g}{unit}"


def credit_per_answer(snapshot) -> list[str]:
    """For the answer key: every answer other than the plain right one that the
    grade counts, with what it earns: “2020 ± 10: 50%”, “1922: no credit”.
    A weighted question lists each choice's credit, the right ones included."""
    kind = snapshot["type"]
    if kind == "numeric":
        answers = [
            (_number_text(partial, snapshot), partial["credit"])
            for partial in snapshot.get("partial_answers", [])
        ]
    elif kind == "short_text":
        answers = [(a["text"], a["credit"]) for a in snapshot["accepted_answers"]]
        answers = [(text, credit) for text, credit in answers if credit < 100]
    elif kind == "single_choice":
        answers = [(c["text"], c.get("credit") or 0) for c in snapshot["choices"]]
        answers = [(text, credit) for text, credit in answers if credit > 0]
    elif snapshot.get("scoring") == "weighted":
        credits = grading.choice_credits(snapshot["choices"], scoring="weighted")
        answers = [
            (choice["text"], credit)
            for choice, credit in zip(snapshot["choices"], credits, strict=True)
            if credit
        ]
    else:
        answers = []
    return [
        f"{text}: {credit:g}%" if credit else _("%(answer)s: no credit") % {"answer": text}
        for text, credit in answers
    ]


@dataclass(frozen=True)
class PreviewedQuestion:
    """One question of a quiz preview: what students see, and the key for editors."""

    number: int
    snapshot: dict  # grading.question_snapshot(): the key included
    choices: list  # in the order a first attempt would show them
    correct_answer: str
    credits: list  # credit_per_answer(): what else the grade counts

    @property
    def prompt(self):
        return self.snapshot["prompt"]


def question_previewed(*, snapshot, number=1, choice_order=None) -> PreviewedQuestion:
    """One question for a preview; choices in `choice_order` (ids), or as written."""
    by_id = {choice["id"]: choice for choice in snapshot.get("choices", [])}
    return PreviewedQuestion(
        number=number,
        snapshot=snapshot,
        choices=[by_id[choice_id] for choice_id in (choice_order or by_id)],
        correct_answer=correct_answer(snapshot),
        credits=credit_per_answer(snapshot),
    )


def quiz_preview(*, quiz) -> list[PreviewedQuestion]:
    """The quiz's questions as an attempt would present them (a draw from the
    bank shows one possible draw), for the admin's preview modes."""
    return [
        question_previewed(
            snapshot=entry["question"],
            number=number,
            choice_order=entry.get("choice_order", []),
        )
        for number, entry in enumerate(questions_presented(quiz, seed=0), start=1)
    ]
