"""Reading `{=right ~wrong ~%50%half}` into a single-choice or multiple-answer block.

Moodle decides the kind the way we do here: any `=` makes a pick-one
question, and a list of only `~` answers with weights makes a pick-several
one, where a choice with a positive weight is right.

Every weight is kept as the choice's credit. A pick-one question's `=`
choice is the correct one; a partly right choice earns its credit. A
pick-several question gets "partial" or "all or nothing" scoring when its
weights are exactly what that mode grades with, and weighted scoring with
Moodle's weights otherwise, so it grades as Moodle does. The one thing lost
is a pick-one penalty: a question here never scores below zero.
"""

from django.utils.translation import gettext as _

from ..grading import WEIGHT_SLACK, choice_credits
from .answers import Answers, GiftSyntaxError, feedback_split, percent, plain, split_marked, weight

SCORING_MODES = ("all_or_nothing", "partial", "weighted")


def choice_answers(text: str, offset: int, text_format: str, scoring=None) -> Answers:
    """Read a choice question; `scoring` (from our own export) skips the guess."""
    choices, weights = [], []
    for mark, piece, at in split_marked(text, offset, "~="):
        if mark == "=":
            value, rest = 100.0, piece
        else:
            value, rest = weight(piece, at, default=0)
        hidden_choice, hidden_feedback = feedback_split(rest)
        choice = plain(hidden_choice, text_format)
        if not choice:
            raise GiftSyntaxError(at, _("A choice is empty."))
        choices.append(
            {"text": choice, "correct": value > 0, "feedback": plain(hidden_feedback, text_format)}
        )
        weights.append(value)
    if len(choices) < 2:
        raise GiftSyntaxError(offset, _("A choice question needs at least two choices."))
    if "=" in text:
        return _single_choice(choices, weights)
    if not any(value > 0 for value in weights):
        raise GiftSyntaxError(
            offset, _("No choice is right: mark it with “=”, or give it a weight like ~%50%.")
        )
    return _multiple_answer(choices, weights, scoring)


def _single_choice(choices, weights):
    warnings = []
    for choice, value in zip(choices, weights, strict=True):
        choice["correct"] = value == 100
        choice["credit"] = value if 0 < value < 100 else None
        if value < 0:
            warnings.append(
                _(
                    "Choosing “%(choice)s” cost %(weight)s%% in Moodle; a question never "
                    "scores below zero here, so it costs nothing."
                )
                % {"choice": choice["text"], "weight": percent(-value)}
            )
    if sum(choice["correct"] for choice in choices) > 1:
        warnings.append(
            _(
                "Several choices are right; a single-choice question must have one "
                "before it can be published."
            )
        )
    return Answers("single_choice", {"choices": choices}, warnings)


def _multiple_answer(choices, weights, scoring):
    for choice in choices:
        choice["credit"] = None
    if scoring not in SCORING_MODES:
        scoring = next(
            (
                mode
                for mode in ("all_or_nothing", "partial")
                if _same(choice_credits(choices, scoring=mode), weights)
                # Moodle's weights grade exactly as all or nothing only with one right choice.
                and (mode == "partial" or sum(choice["correct"] for choice in choices) == 1)
            ),
            "weighted",
        )
    warnings = []
    if scoring == "weighted":
        _keep_weights(choices, weights)
        total = sum(value for value in weights if value > 0)
        if abs(total - 100) > WEIGHT_SLACK:
            warnings.append(
                _(
                    "The right choices' weights add up to %(total)s%%; a full answer earns "
                    "that much until they add up to 100%%, which publishing asks for."
                )
                % {"total": percent(total)}
            )
    return Answers("multiple_answer", {"choices": choices, "scoring": scoring}, warnings)


def _keep_weights(choices, weights):
    """Moodle's weights as credits, left empty where an empty credit means the
    same: right choices that share 100% equally, and wrong ones worth 0."""
    right = [value for value in weights if value > 0]
    equal_shares = _same(right, [100 / len(right)] * len(right))
    for choice, value in zip(choices, weights, strict=True):
        empty = (equal_shares and value > 0) or value == 0
        choice["credit"] = None if empty else value


def _same(credits, weights):
    # Moodle writes thirds as 33.33333.
    return all(abs(credit - value) < 1e-3 for credit, value in zip(credits, weights, strict=True))
