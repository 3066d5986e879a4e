"""The short-text question: a typed word or phrase checked against accepted answers."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .base import PercentBlock, QuestionBlock, explanation_block, feedback_block, points_block


class AcceptedAnswerBlock(blocks.StructBlock):
    """One answer a short-text question accepts, and how much it is worth."""

    text = blocks.CharBlock(label=_("Accepted answer"), max_length=300)
    credit = PercentBlock(
        label=_("Credit (%)"),
        default=100,
        min_value=0,
        max_value=100,
        help_text=_("100 for a full answer, less for a partly right one."),
    )
    feedback = feedback_block(
        _("Feedback"), _("Shown after grading to students whose answer matches this one.")
    )

    class Meta:
        icon = "tick-inverse"
        label = _("Accepted answer")


class ShortTextBlock(QuestionBlock):
    """A word or phrase typed by the student, checked against accepted answers."""

    accepted_answers = blocks.ListBlock(
        AcceptedAnswerBlock(),
        label=_("Accepted answers"),
        help_text=_(
            "Extra spaces never matter. Accents do: “cafe” is not “café”. "
            "If several match, the one with the most credit counts."
        ),
    )
    case_sensitive = blocks.BooleanBlock(
        label=_("Case sensitive"),
        required=False,
        default=False,
        help_text=_("Tick if “May” and “may” should be different answers."),
    )
    other_feedback = feedback_block(
        _("Feedback for any other answer"),
        _("Shown to students whose answer matches none of the accepted ones."),
    )
    explanation = explanation_block()
    points = points_block()

    def question_errors(self, value):
        if not value["accepted_answers"]:
            return {"accepted_answers": _("Give at least one accepted answer.")}
        return {}

    class Meta:
        icon = "edit"
        label = _("Short text")
        help_text = _("A word or phrase students type, checked against accepted answers.")
        description = help_text
        preview_value = {
            "prompt": "<p>What do you send the day after an interview?</p>",
            "accepted_answers": [{"text": "a thank-you note", "credit": 100}],
            "points": 1,
        }
