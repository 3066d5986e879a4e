"""Questions answered by picking: single choice, multiple answer, true or false."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from ..grading import WEIGHT_SLACK, choice_credits
from .base import PercentBlock, QuestionBlock, explanation_block, feedback_block, points_block


class ChoiceOptionBlock(blocks.StructBlock):
    """One choice of a single-choice or multiple-answer question."""

    text = blocks.CharBlock(label=_("Choice"), max_length=500)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    credit = PercentBlock(
        label=_("Credit (%)"),
        required=False,
        min_value=-100,
        max_value=100,
        help_text=_(
            "Usually empty. Single choice: the part of the points a wrong choice still "
            "earns (50). Weighted scoring: what picking this choice adds, or costs (-50)."
        ),
    )
    feedback = feedback_block(
        _("Feedback"), _("Shown after grading to students who picked this choice.")
    )

    class Meta:
        icon = "list-ul"
        label = _("Choice")


def choice_errors(choices, *, exactly_one):
    """The rules both choice questions share, as one message for the list."""
    if len(choices) < 2:
        return _("Give at least two choices.")
    correct = sum(1 for choice in choices if choice["correct"])
    if correct == 0:
        return _("Tick the correct choice.") if exactly_one else _("Tick every correct choice.")
    if exactly_one and correct > 1:
        return _("Tick only one choice as correct (%(count)d are ticked).") % {"count": correct}
    return None


def credit_errors(choices, credits, check):
    """Each message `check(choice, credit)` gives, next to that choice's credit."""
    block_errors = {}
    for index, (choice, credit) in enumerate(zip(choices, credits, strict=True)):
        message = check(choice, credit)
        if message:
            block_errors[index] = StructBlockValidationError(
                block_errors={"credit": ValidationError(message)}
            )
    return ListBlockValidationError(block_errors=block_errors) if block_errors else None


def single_credit(choice, credit):
    """A single-choice question: only the correct choice earns 100%, and a
    wrong one can earn part of it but cannot cost: the question would score
    below zero, which it never does here."""
    if credit is None:
        return None
    if choice["correct"] and credit != 100:
        return _("The correct choice always earns 100%; leave this empty.")
    if not choice["correct"] and credit >= 100:
        return _("Only the correct choice earns 100%: give less, or tick this one.")
    if credit < 0:
        return _(
            "A question never scores below zero, so a choice cannot cost points here: "
            "leave this empty, or give the part it earns."
        )
    return None


def weighted_credit(choice, credit):
    """Weighted scoring: a correct pick earns, a wrong one earns nothing or costs."""
    if choice["correct"] and credit <= 0 and choice["credit"] is None:
        return _(
            "The other correct choices' credits already make 100%: give this one "
            "a credit, and lower theirs."
        )
    if choice["correct"] and credit <= 0:
        return _("A correct choice must earn something: give it a credit above 0.")
    if not choice["correct"] and credit > 0:
        return _("This choice earns credit: tick it correct, or give it 0 or less.")
    return None


def weighted_total_error(credits):
    total = sum(credit for credit in credits if credit > 0)
    if abs(total - 100) <= WEIGHT_SLACK:
        return None
    return _(
        "The correct choices' credits add up to %(total)s%%; they must add up to 100%% "
        "so that a full answer earns full points."
    ) % {"total": f"{total:g}"}


class SingleChoiceBlock(QuestionBlock):
    """Pick one: exactly one choice is right."""

    choices = blocks.ListBlock(
        ChoiceOptionBlock(),
        label=_("Choices"),
        help_text=_("At least two. Tick exactly one as correct."),
    )
    explanation = explanation_block()
    points = points_block()

    def question_errors(self, value):
        choices = value["choices"]
        credits = [choice["credit"] for choice in choices]
        error = choice_errors(choices, exactly_one=True) or credit_errors(
            choices, credits, single_credit
        )
        return {"choices": error} if error else {}

    class Meta:
        icon = "radio-full"
        label = _("Single choice")
        help_text = _("One right answer among several choices.")
        description = help_text
        preview_value = {
            "prompt": "<p>Who do you ask first for an introduction?</p>",
            "choices": [
                {"text": "A stranger with a big network", "correct": False, "feedback": ""},
                {
                    "text": "A former colleague who knows your work",
                    "correct": True,
                    "feedback": "",
                },
            ],
            "points": 1,
        }


class MultipleAnswerBlock(QuestionBlock):
    """Pick all that apply: one or more choices are right."""

    choices = blocks.ListBlock(
        ChoiceOptionBlock(),
        label=_("Choices"),
        help_text=_("At least two. Tick every correct one."),
    )
    scoring = blocks.ChoiceBlock(
        label=_("Scoring"),
        choices=[
            ("all_or_nothing", _("All or nothing: full points only for exactly the right set")),
            (
                "partial",
                _(
                    "Partial credit: each right pick earns a share, each wrong pick "
                    "takes the same share away, never below zero"
                ),
            ),
            (
                "weighted",
                _(
                    "Weighted: each pick adds its choice's credit, never below zero "
                    "(correct choices without a credit share 100% equally)"
                ),
            ),
        ],
        default="all_or_nothing",
    )
    explanation = explanation_block()
    points = points_block()

    def question_errors(self, value):
        choices = value["choices"]
        error = choice_errors(choices, exactly_one=False)
        if error is None and value["scoring"] == "weighted":
            credits = choice_credits(choices, scoring="weighted")
            error = credit_errors(choices, credits, weighted_credit) or weighted_total_error(
                credits
            )
        elif error is None and any(choice["credit"] is not None for choice in choices):
            error = _("Credits count only with weighted scoring: choose it, or clear them.")
        return {"choices": error} if error else {}

    class Meta:
        icon = "tasks"
        label = _("Multiple answer")
        help_text = _("Pick all that apply: one or more choices are right.")
        description = help_text
        preview_value = {
            "prompt": "<p>Which belong in a short ask?</p>",
            "choices": [
                {"text": "Who you are", "correct": True, "feedback": ""},
                {"text": "One clear request", "correct": True, "feedback": ""},
                {"text": "Your whole CV", "correct": False, "feedback": ""},
            ],
            "scoring": "all_or_nothing",
            "points": 1,
        }


class TrueFalseBlock(QuestionBlock):
    """A statement the student marks true or false."""

    correct_answer = blocks.ChoiceBlock(
        label=_("The statement is"),
        choices=[("true", _("True")), ("false", _("False"))],
    )
    feedback_true = blocks.TextBlock(
        label=_("Feedback for students who answer True"), required=False, rows=2
    )
    feedback_false = blocks.TextBlock(
        label=_("Feedback for students who answer False"), required=False, rows=2
    )
    explanation = explanation_block()
    points = points_block()

    class Meta:
        icon = "tick-inverse"
        label = _("True or false")
        help_text = _("A statement students mark true or false.")
        description = help_text
        preview_value = {
            "prompt": "<p>A connection is the same as a contact.</p>",
            "correct_answer": "false",
            "points": 1,
        }
