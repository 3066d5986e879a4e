"""Reading `{=right ~wrong ~%50%half}` into a single-choice or multiple-answer block.

Moodle decides the kind the way we do here: any `=` makes a pick-one
question, and a list of only `~` answers with weights makes a pick-several
one, where a choice with a positive weight is right.

Moodle weighs every choice; our blocks only know right and wrong. A pick-one
question keeps the `=` choice as right, and a partly right choice becomes
wrong, with a warning. A pick-several question gets whichever of our two
scoring modes grades the most like Moodle's weights over every possible set
of picks, and a warning saying how many sets would be graded differently:

* "partial" (each right pick earns a share, each wrong pick takes one away)
  is exact when the right choices weigh 100/n% each and the wrong ones -100/n%;
* "all or nothing" is exact when there is one right choice and the wrong
  ones weigh -100%.
"""

from itertools import product

from django.utils.translation import gettext as _

from .answers import Answers, GiftSyntaxError, feedback_split, percent, plain, split_marked, weight

SCORING_MODES = ("all_or_nothing", "partial")
# Beyond this many choices, comparing every set of picks (2^n) is too slow.
_MAX_COMPARED = 12


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
        if 0 < value < 100:
            warnings.append(
                _("“%(choice)s” earned %(weight)s%% in Moodle; here it is a wrong choice.")
                % {"choice": choice["text"], "weight": percent(value)}
            )
        elif value < 0:
            warnings.append(
                _("Choosing “%(choice)s” cost %(weight)s%% in Moodle; here it costs nothing.")
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
    warnings = []
    if scoring not in SCORING_MODES:
        scoring, differing, total = _closest_scoring(weights)
        if differing:
            warnings.append(
                _(
                    "Moodle weighs these choices %(weights)s, and each right choice counts "
                    "the same here (%(scoring)s), so %(count)s of the %(total)d possible "
                    "answers would be graded differently."
                )
                % {
                    "weights": ", ".join(f"{percent(value)}%" for value in weights),
                    "scoring": _("all or nothing")
                    if scoring == "all_or_nothing"
                    else _("partial"),
                    "count": differing,
                    "total": total,
                }
            )
    return Answers("multiple_answer", {"choices": choices, "scoring": scoring}, warnings)


def _closest_scoring(weights):
    """Return (scoring, how many sets of picks it grades unlike Moodle, how many sets)."""
    right = [value > 0 for value in weights]
    if len(weights) > _MAX_COMPARED:
        share = 100 / sum(right)
        exact = all(abs(abs(value) - share) < 1e-3 for value in weights)
        return "partial", 0 if exact else _("some"), 2 ** len(weights) - 1
    distance = dict.fromkeys(SCORING_MODES, 0.0)
    differing = dict.fromkeys(SCORING_MODES, 0)
    total = 0
    for picks in product((False, True), repeat=len(weights)):
        if not any(picks):
            continue
        total += 1
        grades = _grades(weights, right, picks)
        for mode in SCORING_MODES:
            gap = abs(grades[mode] - grades["moodle"])
            distance[mode] += gap
            differing[mode] += gap > 1e-6
    # On a tie, all or nothing: the block's default, and it never over-credits.
    best = min(SCORING_MODES, key=lambda mode: distance[mode])
    return best, differing[best], total


def _grades(weights, right, picks):
    hits = sum(1 for is_right, picked in zip(right, picks, strict=True) if picked and is_right)
    misses = sum(picks) - hits
    moodle = sum(value for value, picked in zip(weights, picks, strict=True) if picked) / 100
    return {
        "moodle": min(1.0, max(0.0, moodle)),
        "partial": min(1.0, max(0.0, (hits - misses) / sum(right))),
        "all_or_nothing": float(hits == sum(right) and misses == 0),
    }
