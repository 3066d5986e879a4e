"""Grading quiz answers against a snapshot of the question, never the live block.

An attempt stores `question_snapshot()` of every question it shows, so a
professor fixing a typo or a wrong key later never changes a grade already
given. Everything below `question_snapshot()` works on those plain,
JSON-serialisable dicts and is deterministic: the same snapshot and answer
always give the same `Grade`. `public_question()` is the only form of a
question that may reach a student's browser before they submit.
"""

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from wagtail.rich_text import RichText, expand_db_html

CHOICE_TYPES = ("single_choice", "multiple_answer")
QUESTION_TYPES = (*CHOICE_TYPES, "true_false", "numeric", "short_text")
NUMBER_KEYS = ("answer", "minimum", "maximum")
WEIGHT_SLACK = 0.01  # percent: how far a weighted question's right credits may be from 100
MAX_TEXT_ANSWER = 1000  # characters; longer is not a short answer
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?", re.ASCII | re.IGNORECASE)


@dataclass(frozen=True)
class Grade:
    """The outcome of one answer: what a Response row will store."""

    correct: float  # share of the question's points earned, 0 to 1
    points: float
    feedback: list[str]  # plain text, for the student after grading
    readable_answer: str  # the answer as an instructor would read it


class InvalidAnswer(ValueError):
    """An answer that cannot be an answer to this question (not a wrong one)."""


def _html(rich_text):
    if isinstance(rich_text, RichText):
        return expand_db_html(rich_text.source)
    return str(rich_text or "")


def choice_credits(choices, *, scoring) -> list[float]:
    """What picking each choice of a multiple-answer question is worth, in percent.

    Weighted scoring reads each choice's credit; correct choices left without
    one share what the others leave of 100%. For "partial" and "all or
    nothing" these are the weights Moodle grades with: exactly ours for
    partial, and for all or nothing the closest Moodle has (a wrong pick
    costs everything, but some of the right ones still earn their share).
    `choices` are snapshot dicts or block values.
    """
    right = [choice for choice in choices if choice["correct"]]
    if scoring != "weighted":
        share = 100 / len(right) if right else 0
        wrong = -share if scoring == "partial" else -100
        return [share if choice["correct"] else wrong for choice in choices]
    given = [choice.get("credit") for choice in right]
    empty = given.count(None)
    share = (100 - sum(credit for credit in given if credit is not None)) / empty if empty else 0
    return [
        _credit(choice) if _credit(choice) is not None else (share if choice["correct"] else 0)
        for choice in choices
    ]


def weighted_whole(credits) -> float:
    """What the right picks of a weighted question add up to, as 100%.

    Thirds are typed (and written by Moodle) as 33.33333, so three make
    99.99999: within `WEIGHT_SLACK` of 100 the actual total counts as whole,
    and a complete answer earns full points. A total further off (an
    imported question not yet fit to publish) is graded against 100, as
    Moodle would.
    """
    total = sum(credit for credit in credits if credit > 0)
    return total if abs(total - 100) <= WEIGHT_SLACK else 100


def _credit(choice):
    credit = choice.get("credit")
    return None if credit is None else float(credit)


def question_snapshot(block_type: str, value) -> dict:
    """Copy a question block's value into the dict an attempt stores.

    Rich text is rendered to HTML now, as the student saw it. Choice ids are
    the choice's position ("c0", "c1", …), stable within the snapshot however
    the quiz shuffles them on screen.
    """
    if block_type not in QUESTION_TYPES:
        raise ValueError(f"Unknown question type: {block_type!r}")
    snapshot = {
        "type": block_type,
        "prompt": _html(value["prompt"]),
        "points": float(value["points"] or 0),
        "explanation": _html(value["explanation"]),
    }
    if block_type in CHOICE_TYPES:
        snapshot["choices"] = [
            {
                "id": f"c{index}",
                "text": choice["text"],
                "correct": bool(choice["correct"]),
                "credit": _credit(choice),
                "feedback": choice["feedback"] or "",
            }
            for index, choice in enumerate(value["choices"])
        ]
    if block_type == "multiple_answer":
        snapshot["scoring"] = value["scoring"]
    elif block_type == "true_false":
        snapshot["correct_answer"] = value["correct_answer"] == "true"
        snapshot["feedback_true"] = value["feedback_true"] or ""
        snapshot["feedback_false"] = value["feedback_false"] or ""
    elif block_type == "numeric":
        snapshot.update(_number(value))
        snapshot["unit"] = value["unit"] or ""
        snapshot["feedback"] = value["feedback"] or ""
        snapshot["partial_answers"] = [
            {
                **_number(number),
                "credit": float(number["credit"] or 0),
                "feedback": number["feedback"] or "",
            }
            for number in value["partial_answers"]
        ]
        snapshot["other_feedback"] = value["other_feedback"] or ""
    elif block_type == "short_text":
        snapshot["accepted_answers"] = [
            {
                "text": accepted["text"],
                "credit": float(accepted["credit"]),
                "feedback": accepted["feedback"] or "",
            }
            for accepted in value["accepted_answers"]
        ]
        snapshot["case_sensitive"] = bool(value["case_sensitive"])
        snapshot["other_feedback"] = value["other_feedback"] or ""
    return snapshot


def _number(value) -> dict:
    """An exact answer with its tolerance, or a range, as floats."""
    number = {key: None if value[key] is None else float(value[key]) for key in NUMBER_KEYS}
    number["tolerance"] = float(value["tolerance"] or 0)
    return number


def public_question(snapshot: dict) -> dict:
    """The question without anything that gives the answer away.

    Built from an allow-list rather than by deleting keys, so a key added to
    snapshots later stays private until someone decides otherwise.
    """
    kind = snapshot["type"]
    public = {"type": kind, "prompt": snapshot["prompt"], "points": snapshot["points"]}
    if kind in CHOICE_TYPES:
        public["choices"] = [{"id": c["id"], "text": c["text"]} for c in snapshot["choices"]]
    if kind == "multiple_answer":
        public["scoring"] = snapshot["scoring"]
    elif kind == "numeric":
        public["unit"] = snapshot["unit"]
    elif kind == "short_text":
        public["case_sensitive"] = snapshot["case_sensitive"]
    return public


def _is_empty(answer):
    if isinstance(answer, str):
        return not answer.strip()
    return answer is None or (isinstance(answer, list | tuple) and not answer)


def _choice_id(snapshot, answer):
    if not isinstance(answer, str):
        raise InvalidAnswer(_("A choice must be given by its id."))
    answer = answer.strip()
    if answer not in {choice["id"] for choice in snapshot["choices"]}:
        raise InvalidAnswer(_("“%(id)s” is not a choice of this question.") % {"id": answer})
    return answer


def _validate_multiple(snapshot, answer):
    if not isinstance(answer, list | tuple):
        raise InvalidAnswer(_("Several choices must be given as a list."))
    picked = {_choice_id(snapshot, item) for item in answer}
    return [choice["id"] for choice in snapshot["choices"] if choice["id"] in picked]


def _validate_true_false(snapshot, answer):
    if isinstance(answer, bool):
        return answer
    if isinstance(answer, str) and answer.strip().lower() in ("true", "false"):
        return answer.strip().lower() == "true"
    raise InvalidAnswer(_("The answer must be true or false."))


def _validate_numeric(snapshot, answer):
    if isinstance(answer, str):
        # NFKC turns full-width digits into ASCII; phones may type a real minus sign.
        text = unicodedata.normalize("NFKC", answer).strip().replace("\u2212", "-")
        if not NUMBER.fullmatch(text):
            raise InvalidAnswer(_("“%(answer)s” is not a number.") % {"answer": answer.strip()})
        answer = text
    elif not isinstance(answer, int | float | Decimal) or isinstance(answer, bool):
        raise InvalidAnswer(_("The answer must be a number."))
    try:
        number = float(answer)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise InvalidAnswer(_("The answer must be a finite number."))
    return number


def _validate_short_text(snapshot, answer):
    if not isinstance(answer, str):
        raise InvalidAnswer(_("The answer must be text."))
    text = " ".join(unicodedata.normalize("NFC", answer).split())
    if len(text) > MAX_TEXT_ANSWER:
        raise InvalidAnswer(
            _("The answer is longer than %(limit)d characters.") % {"limit": MAX_TEXT_ANSWER}
        )
    return text


def _grade_single(snapshot, choice_id):
    """The correct choice earns everything; another earns its credit, if any
    (a penalty below zero still leaves the question at zero)."""
    choice = next(c for c in snapshot["choices"] if c["id"] == choice_id)
    share = 1.0 if choice["correct"] else (_credit(choice) or 0.0) / 100
    return share, [choice["feedback"]], choice["text"]


def _grade_multiple(snapshot, choice_ids):
    picked = [c for c in snapshot["choices"] if c["id"] in choice_ids]
    right = {c["id"] for c in snapshot["choices"] if c["correct"]}
    if snapshot["scoring"] == "partial":
        hits = sum(1 for c in picked if c["correct"])
        share = (hits - (len(picked) - hits)) / len(right) if right else 0.0
    elif snapshot["scoring"] == "weighted":
        credits = choice_credits(snapshot["choices"], scoring="weighted")
        earned = sum(
            credit
            for choice, credit in zip(snapshot["choices"], credits, strict=True)
            if choice["id"] in choice_ids
        )
        share = earned / weighted_whole(credits)
    else:
        share = float(set(choice_ids) == right)
    feedback = [c["feedback"] for c in picked]
    return share, feedback, "; ".join(c["text"] for c in picked)


def _grade_true_false(snapshot, answer):
    feedback = snapshot["feedback_true"] if answer else snapshot["feedback_false"]
    readable = _("True") if answer else _("False")
    return float(answer == snapshot["correct_answer"]), [feedback], readable


def _close_enough(number, target, slack):
    # Decimal fractions are inexact in binary (3.14 - 3.13 > 0.01), so a
    # relative epsilon keeps a bound that was typed exactly inclusive.
    return abs(number - target) <= slack + 1e-9 * max(abs(target), abs(number))


def _matches(expected, number):
    if expected["answer"] is not None:
        return _close_enough(number, expected["answer"], expected["tolerance"])
    low, high = expected["minimum"], expected["maximum"]
    return low <= number <= high or any(_close_enough(number, end, 0) for end in (low, high))


def _grade_numeric(snapshot, number):
    """The full answer first, then each partly right number in order: the
    first that matches counts, as in Moodle."""
    readable = " ".join(part for part in (f"{number:.15g}", snapshot["unit"]) if part)
    if _matches(snapshot, number):
        return 1.0, [snapshot.get("feedback", "")], readable
    for partial in snapshot.get("partial_answers", []):
        if _matches(partial, number):
            return partial["credit"] / 100, [partial["feedback"]], readable
    return 0.0, [snapshot.get("other_feedback", "")], readable


# Phones and word processors type curly quotes: "don\u2019t" must match "don't".
_STRAIGHT_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'}
)


def match_key(text, case_sensitive):
    """What a typed answer is compared by: spacing, quotes and (unless
    case-sensitive) capitals do not count."""
    text = " ".join(unicodedata.normalize("NFKC", text).translate(_STRAIGHT_QUOTES).split())
    return text if case_sensitive else unicodedata.normalize("NFKC", text.casefold())


def _grade_short_text(snapshot, text):
    """The matching accepted answer with the most credit counts, with its feedback."""
    key = match_key(text, snapshot["case_sensitive"])
    matches = [
        accepted
        for accepted in snapshot["accepted_answers"]
        if match_key(accepted["text"], snapshot["case_sensitive"]) == key
    ]
    if not matches:
        return 0.0, [snapshot.get("other_feedback", "")], text
    best = max(matches, key=lambda accepted: accepted["credit"])
    return best["credit"] / 100, [best.get("feedback", "")], text


# For each kind of question: (validate, grade).
_KINDS = {
    "single_choice": (_choice_id, _grade_single),
    "multiple_answer": (_validate_multiple, _grade_multiple),
    "true_false": (_validate_true_false, _grade_true_false),
    "numeric": (_validate_numeric, _grade_numeric),
    "short_text": (_validate_short_text, _grade_short_text),
}


def validate_answer(snapshot: dict, answer):
    """Return the answer in the form an attempt stores, or raise InvalidAnswer.

    An empty answer (None, blank text, no choices) is valid and returns None:
    a student may skip a question. Choice ids come back in question order.
    """
    kind = snapshot["type"]
    if kind not in _KINDS:
        raise ValueError(f"Unknown question type: {kind!r}")
    if _is_empty(answer):
        return None
    return _KINDS[kind][0](snapshot, answer)


def grade(snapshot: dict, answer) -> Grade:
    """Grade one answer to one question snapshot.

    Validates first (raising InvalidAnswer), so nothing malformed is ever
    scored. A skipped question earns nothing and no feedback. Points are
    rounded to 4 decimals so sums in a gradebook stay readable.
    """
    normalised = validate_answer(snapshot, answer)
    if normalised is None:
        return Grade(correct=0.0, points=0.0, feedback=[], readable_answer="")
    share, feedback, readable = _KINDS[snapshot["type"]][1](snapshot, normalised)
    share = min(1.0, max(0.0, share))
    return Grade(
        correct=share,
        points=round(share * snapshot["points"], 4),
        feedback=[text for text in feedback if text],
        readable_answer=readable,
    )
