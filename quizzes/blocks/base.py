"""What every question block is made of: prompt, explanation, points, feedback, credit."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from ..grading import question_snapshot

PROMPT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


def prompt_block():
    return blocks.RichTextBlock(
        label=_("Question"),
        features=PROMPT_FEATURES,
        help_text=_("The question exactly as students see it."),
    )


def explanation_block():
    return blocks.RichTextBlock(
        label=_("Explanation"),
        features=PROMPT_FEATURES,
        required=False,
        help_text=_(
            "Why the right answer is right. Students see it only after their attempt "
            "is graded, and only if the quiz shows feedback."
        ),
    )


class PercentBlock(blocks.FloatBlock):
    """A share in percent, stored as a whole number when it is one.

    Moodle's weights include thirds and sevenths (33.33333%), so a whole
    number would not do; storing 50 rather than 50.0 keeps the form tidy.
    Anything else (say, the text of a form sent back with an error) is kept
    as it is.
    """

    def get_prep_value(self, value):
        if isinstance(value, int | float) and float(value).is_integer():
            return int(value)
        return value


def feedback_block(label, help_text=""):
    return blocks.TextBlock(label=label, required=False, rows=2, help_text=help_text)


def points_block():
    return blocks.DecimalBlock(
        label=_("Points"),
        default=1,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        help_text=_("What this question is worth. Partial credit is a share of it."),
    )


class QuestionBlock(blocks.StructBlock):
    """What every question has: a prompt, and rules checked on publish.

    Subclasses declare their own fields (ending with `explanation` and
    `points`, so the admin form reads top to bottom) and override
    `question_errors()` for rules that involve more than one field.
    """

    class Meta:
        preview_template = "blocks/question_preview.html"

    prompt = prompt_block()

    def get_preview_context(self, value, parent_context=None):
        """The block picker shows the question as the quiz's answer-key preview does."""
        from quizzes.presentation import (
            question_previewed,
        )  # it imports the models, they these blocks

        context = super().get_preview_context(value, parent_context)
        # A preview value names only some fields; the others take their defaults.
        snapshot = question_snapshot(self.name, self.to_python(self.get_prep_value(value)))
        context.update(question=question_previewed(snapshot=snapshot), answer_key=True)
        return context

    def question_errors(self, value):
        """Return {field name: message} for every rule `value` breaks; a message
        may be a ValidationError already placed inside the field (next to one
        choice of a list, say)."""
        return {}

    def clean(self, value):
        value = super().clean(value)
        if self.is_deferred_validation:
            return value
        errors = self.question_errors(value)
        if errors:
            raise StructBlockValidationError(
                block_errors={
                    name: error if isinstance(error, ValidationError) else ValidationError(error)
                    for name, error in errors.items()
                }
            )
        return value
