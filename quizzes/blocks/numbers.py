"""The numeric question: an exact answer or a range, and numbers worth part of the points."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from .base import PercentBlock, QuestionBlock, explanation_block, feedback_block, points_block


def exact_answer_block():
    return blocks.FloatBlock(
        label=_("Exact answer"),
        required=False,
        help_text=_("Leave empty if you give a range instead."),
    )


def tolerance_block():
    return blocks.FloatBlock(
        label=_("Tolerance"),
        default=0,
        min_value=0,
        help_text=_(
            "How far from the exact answer still counts: 0.5 around 10 "
            "accepts 9.5 to 10.5. Only used with an exact answer."
        ),
    )


def range_end_block(label, help_text):
    return blocks.FloatBlock(label=label, required=False, help_text=help_text)


RANGE_FROM = (
    _("Range from"),
    _("Instead of an exact answer: the lowest number that counts."),
)
RANGE_TO = (_("Range to"), _("The highest number that counts. Both ends count."))


def number_errors(value):
    """{field: message} unless `value` gives exactly one of an answer or a whole range."""
    answer, low, high = value["answer"], value["minimum"], value["maximum"]
    has_range = low is not None or high is not None
    if answer is None and not has_range:
        return {"answer": _("Give an exact answer, or a range from and to.")}
    if answer is not None and has_range:
        return {"answer": _("Give an exact answer or a range, not both.")}
    if answer is not None:
        return {}
    if low is None:
        return {"minimum": _("A range needs both ends.")}
    if high is None:
        return {"maximum": _("A range needs both ends.")}
    if low > high:
        return {"maximum": _("The end of the range must not be below its start.")}
    return {}


class PartialNumberBlock(blocks.StructBlock):
    """A number that earns part of the points, or only a word of feedback."""

    answer = exact_answer_block()
    tolerance = tolerance_block()
    minimum = range_end_block(*RANGE_FROM)
    maximum = range_end_block(*RANGE_TO)
    credit = PercentBlock(
        label=_("Credit (%)"),
        default=50,
        min_value=0,
        max_value=100,
        help_text=_("0 gives only the feedback below, e.g. for a common slip."),
    )
    feedback = feedback_block(_("Feedback"))

    def clean(self, value):
        value = super().clean(value)
        errors = {} if self.is_deferred_validation else number_errors(value)
        if errors:
            raise StructBlockValidationError(
                block_errors={name: ValidationError(message) for name, message in errors.items()}
            )
        return value

    class Meta:
        icon = "decimal"
        label = _("Partly right number")


class NumericBlock(QuestionBlock):
    """A number, right within a tolerance of an exact answer or inside a range.

    Other numbers may earn part of the points: they are checked in order,
    after the full answer, and the first that matches counts, as in Moodle.
    """

    answer = exact_answer_block()
    tolerance = tolerance_block()
    minimum = range_end_block(*RANGE_FROM)
    maximum = range_end_block(*RANGE_TO)
    unit = blocks.CharBlock(
        label=_("Unit"),
        required=False,
        max_length=30,
        help_text=_("Shown next to the answer box, e.g. “weeks”. Students type only the number."),
    )
    feedback = feedback_block(_("Feedback for a right answer"))
    partial_answers = blocks.ListBlock(
        PartialNumberBlock(),
        label=_("Partly right numbers"),
        default=[],
        help_text=_(
            "Optional. Checked in order when the answer is not right; "
            "the first that matches counts."
        ),
    )
    other_feedback = feedback_block(
        _("Feedback for any other number"),
        _("Shown to students whose number matches none of the above."),
    )
    explanation = explanation_block()
    points = points_block()

    def question_errors(self, value):
        return number_errors(value)

    class Meta:
        icon = "decimal"
        label = _("Numeric")
        help_text = _("A number, right within a tolerance or inside a range.")
        description = help_text
        preview_value = {
            "prompt": "<p>How many weeks of notice are usual?</p>",
            "answer": 2,
            "tolerance": 0,
            "unit": "weeks",
            "points": 1,
        }
