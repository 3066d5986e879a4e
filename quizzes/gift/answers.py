"""Reading the answers between `{` and `}` into our question blocks' fields.

Each reader gets the answer text with GIFT's escapes still hidden (see
`lexer`), its offset in the question block (so an error can name its line) and
the question's text format, and returns the fields of one of our blocks plus
warnings for everything Moodle keeps that our block cannot. Choice questions
live in `choices`; true/false, short text and numeric answers are here.

Weights follow Moodle's reading: `%50%` right after `=` or `~`, in percent.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..grading import NUMBER, match_key
from .lexer import reveal
from .text import split_format, to_plain

_WEIGHT = re.compile(r"%(-?\d+(?:\.\d*)?)%")
TRUE_FALSE = ("T", "TRUE", "F", "FALSE")


class GiftSyntaxError(Exception):
    """A question that cannot be read; `offset` is where, in its block."""

    def __init__(self, offset: int, message: str):
        super().__init__(message)
        self.offset = offset
        self.message = message


@dataclass
class Answers:
    """The fields an answer section gives one of our blocks."""

    block_type: str
    fields: dict
    warnings: list[str] = field(default_factory=list)


def split_marked(text: str, offset: int, marks: str) -> list[tuple[str, str, int]]:
    """Cut `text` before every unescaped mark: [(mark, piece, offset of piece)].

    Text before the first mark is kept (with mark "") only if it is not blank,
    as Moodle keeps it. Offsets point at the piece's first non-blank character.
    """
    pieces = []
    mark, start = "", 0
    for index, char in enumerate(text + marks[0]):
        if char in marks or index == len(text):
            piece = text[start:index]
            if mark or piece.strip():
                lead = len(piece) - len(piece.lstrip())
                pieces.append((mark, piece.strip(), offset + start + lead))
            mark, start = char, index + 1
    return pieces


def weight(piece: str, offset: int, default: float) -> tuple[float, str]:
    """Return (weight in percent, the piece without its `%n%`)."""
    match = _WEIGHT.match(piece)
    if match is None:
        return default, piece
    value = float(match.group(1))
    if not -100 <= value <= 100:
        raise GiftSyntaxError(
            offset,
            _("The weight %(weight)s%% is not between -100%% and 100%%.")
            % {"weight": match.group(1)},
        )
    return value, piece[match.end() :].strip()


def feedback_split(piece: str) -> tuple[str, str]:
    """Split an answer from its `#feedback` (still hidden)."""
    answer, _mark, feedback = piece.partition("#")
    return answer.strip(), feedback.strip()


def plain(hidden: str, text_format: str) -> str:
    """A piece of the answers as plain text, honouring a `[format]` prefix."""
    piece_format, text = split_format(reveal(hidden).strip(), text_format)
    return to_plain(text, piece_format)


def raw(hidden: str) -> str:
    """A piece kept exactly as typed, as Moodle keeps short and numeric answers."""
    return split_format(reveal(hidden).strip(), "plain")[1].strip()


def percent(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def true_false_answers(text: str, offset: int, text_format: str) -> Answers:
    """`{T#wrong#right}`: Moodle shows the first feedback for a wrong answer.

    That order is the same for `{T}` and `{F}`, so which of our two feedbacks
    gets which text depends on the right answer.
    """
    parts = [part.strip() for part in text.split("#", 2)] + ["", ""]
    statement_is_true = parts[0] in ("T", "TRUE")
    wrong, right = plain(parts[1], text_format), plain(parts[2], text_format)
    return Answers(
        "true_false",
        {
            "correct_answer": "true" if statement_is_true else "false",
            "feedback_true": right if statement_is_true else wrong,
            "feedback_false": wrong if statement_is_true else right,
        },
    )


def short_text_answers(text: str, offset: int, text_format: str) -> Answers:
    """`{=answer#feedback =%50%partly right =%0%*#anything else}`.

    Each `=` is an accepted answer with its credit and feedback; Moodle's
    `*` with no credit is the feedback for any other answer.
    """
    accepted, warnings, other_feedback = [], [], ""
    for _mark, piece, at in split_marked(text, offset, "="):
        credit, rest = weight(piece, at, default=100)
        hidden_answer, hidden_feedback = feedback_split(rest)
        answer, feedback = raw(hidden_answer), plain(hidden_feedback, text_format)
        if answer == "*" and credit <= 0:
            other_feedback = feedback
            continue
        if not answer:
            raise GiftSyntaxError(at, _("An accepted answer is empty."))
        if "*" in answer:
            warnings.append(
                _("Moodle reads * in “%(answer)s” as any text; here it must be typed as is.")
                % {"answer": answer}
            )
        if credit < 0:
            warnings.append(
                _("“%(answer)s” cost %(weight)s%% in Moodle; here it earns nothing.")
                % {"answer": answer, "weight": percent(-credit)}
            )
        accepted.append({"text": answer, "credit": max(0, credit), "feedback": feedback})
    if not accepted:
        raise GiftSyntaxError(offset, _("Give at least one accepted answer after “=”."))
    warnings += _first_match_warnings(accepted)
    fields = {
        "accepted_answers": accepted,
        "case_sensitive": False,
        "other_feedback": other_feedback,
    }
    return Answers("short_text", fields, warnings)


def _first_match_warnings(accepted):
    """Moodle gives the first accepted answer that matches, here the best: say
    where an earlier one would match the same text for less."""
    warnings, first = [], {}
    for answer in accepted:
        earlier = first.setdefault(match_key(answer["text"], False), answer)
        if earlier is not answer and earlier["credit"] < answer["credit"]:
            warnings.append(
                _(
                    "“%(earlier)s” and “%(later)s” match the same answers: Moodle gives the "
                    "first (%(low)s%%), here the best (%(high)s%%)."
                )
                % {
                    "earlier": earlier["text"],
                    "later": answer["text"],
                    "low": percent(earlier["credit"]),
                    "high": percent(answer["credit"]),
                }
            )
    return warnings


@dataclass
class _Number:
    text: str
    weight: float
    fields: dict
    feedback: str


def numeric_answers(text: str, offset: int, text_format: str) -> Answers:
    """`{#3.14:0.01}`, `{#1..5}` or several `=` answers with weights and feedback.

    The first answer worth 100% is the block's answer; every other becomes a
    partly right number, in the file's order. Moodle takes the first match
    in that order; here the full answer is checked first, so a warning says
    when a partly right number listed before it overlaps it.
    """
    body, warnings = text[1:], []
    body, _tilde, other = body.partition("~")
    other_number, other_feedback = feedback_split(other)
    other_feedback = plain(other_feedback, text_format)
    if other_number:
        warnings.append(
            _("Only feedback may follow “~” in a numeric question; the rest is not kept.")
        )
    numbers = []
    for _mark, piece, at in split_marked(body, offset + 1, "="):
        credit, rest = weight(piece, at, default=100)
        hidden_number, hidden_feedback = feedback_split(rest)
        feedback = plain(hidden_feedback, text_format)
        if raw(hidden_number) == "*":
            other_feedback = feedback  # Moodle's "any other number"
            continue
        fields = _number_fields(hidden_number, at)
        numbers.append(_Number(raw(hidden_number), credit, fields, feedback))
    if not numbers:
        raise GiftSyntaxError(offset, _("Give the right number after “#”."))
    full = next((number for number in numbers if number.weight == 100), None)
    if full is None:
        raise GiftSyntaxError(offset, _("No numeric answer is worth 100%."))
    partial = []
    for index, number in enumerate(numbers):
        if number is full:
            continue
        if number.weight < 0:
            warnings.append(
                _("The answer %(answer)s cost %(weight)s%% in Moodle; here it earns nothing.")
                % {"answer": number.text, "weight": percent(-number.weight)}
            )
        if index < numbers.index(full) and _overlap(number.fields, full.fields):
            warnings.append(
                _(
                    "%(answer)s comes before the full answer %(full)s and overlaps it; "
                    "here a number in both earns full credit, in Moodle %(weight)s%%."
                )
                % {"answer": number.text, "full": full.text, "weight": percent(number.weight)}
            )
        credit = max(0, number.weight)
        partial.append({**number.fields, "credit": credit, "feedback": number.feedback})
    fields = {
        **full.fields,
        "unit": "",
        "feedback": full.feedback,
        "partial_answers": partial,
        "other_feedback": other_feedback,
    }
    return Answers("numeric", fields, warnings)


def _bounds(fields: dict) -> tuple[float, float]:
    if fields["answer"] is None:
        return fields["minimum"], fields["maximum"]
    return fields["answer"] - fields["tolerance"], fields["answer"] + fields["tolerance"]


def _overlap(first: dict, second: dict) -> bool:
    (low, high), (other_low, other_high) = _bounds(first), _bounds(second)
    return low <= other_high and other_low <= high


def _number_fields(hidden: str, offset: int) -> dict:
    hidden = split_format(hidden, "plain")[1]
    low, dots, high = hidden.partition("..")
    if dots and low.strip():
        minimum, maximum = _float(low, offset), _float(high, offset)
        if minimum > maximum:
            raise GiftSyntaxError(
                offset, _("The range %(range)s ends below its start.") % {"range": raw(hidden)}
            )
        return {"answer": None, "tolerance": 0, "minimum": minimum, "maximum": maximum}
    answer, colon, tolerance = hidden.partition(":")
    if not (colon and answer.strip()):
        answer, tolerance = hidden, "0"
    tolerance = _float(tolerance, offset)
    if tolerance < 0:
        raise GiftSyntaxError(offset, _("A tolerance cannot be negative."))
    return {
        "answer": _float(answer, offset),
        "tolerance": tolerance,
        "minimum": None,
        "maximum": None,
    }


def _float(hidden: str, offset: int) -> float:
    text = reveal(hidden).strip()
    if not NUMBER.fullmatch(text):
        raise GiftSyntaxError(offset, _("“%(text)s” is not a number.") % {"text": text})
    return float(text)
