"""The lists of questions a quiz and a question bank hold."""

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail.snippets.widgets import AdminSnippetChooser

from .choices import MultipleAnswerBlock, SingleChoiceBlock, TrueFalseBlock
from .numbers import NumericBlock
from .short_text import ShortTextBlock


class QuestionTypesBlock(blocks.StreamBlock):
    """The five kinds of question, without draws: what a question bank holds."""

    single_choice = SingleChoiceBlock()
    multiple_answer = MultipleAnswerBlock()
    true_false = TrueFalseBlock()
    numeric = NumericBlock()
    short_text = ShortTextBlock()


class CategoryChooserBlock(SnippetChooserBlock):
    """A question-bank category, chosen without an edit link to a shared one.

    Only admins change shared categories (`quizzes.permissions`), so the link
    would answer a professor 404; the bank's menu is where categories are
    edited. The chooser's own answer already leaves the link out for them.
    """

    @cached_property
    def widget(self):
        standard = super().widget  # also takes the icon from the bank's viewset
        return SharedCategoryAwareChooser(self.target_model, icon=standard.icon)


class SharedCategoryAwareChooser(AdminSnippetChooser):
    def get_value_data_from_instance(self, instance):
        data = super().get_value_data_from_instance(instance)
        if instance.course_id is None:
            data["edit_url"] = ""
        return data


class RandomDrawBlock(blocks.StructBlock):
    """A placeholder for N questions drawn from a question-bank category per attempt.

    Nothing is drawn while editing: `quizzes.services.questions_presented`
    draws when an attempt starts, from the attempt's own seed, and the
    attempt stores what it drew. A category with fewer questions than asked
    gives all it has; `QuizPage.points_possible` counts what a draw is worth.
    """

    category = CategoryChooserBlock(
        "quizzes.QuestionCategory",
        label=_("Question-bank category"),
        help_text=_("The category the questions are drawn from (not its subcategories)."),
    )
    count = blocks.IntegerBlock(
        label=_("Number of questions"),
        default=3,
        min_value=1,
        max_value=100,
        help_text=_(
            "How many different questions each attempt draws. If the category has "
            "fewer, every attempt gets all of them."
        ),
    )

    def clean(self, value):
        """Refuse to publish a draw asking for more questions than its category holds.

        Drafts may: a professor often sets up the quiz before filling the bank.
        An attempt started anyway gets all the category has.
        """
        value = super().clean(value)
        category = value["category"]
        if self.is_deferred_validation or category is None:
            return value
        available = category.questions.count()
        if available < value["count"]:
            message = _(
                "“%(category)s” holds only %(available)d questions; ask for at most that many."
            ) % {"category": category, "available": available}
            raise StructBlockValidationError(block_errors={"count": ValidationError(message)})
        return value

    class Meta:
        icon = "snippet"
        label = _("Random questions from the bank")
        help_text = _(
            "Each attempt draws its own questions from a question-bank category, "
            "so two students rarely see the same set."
        )
        description = help_text
        preview_value = {"category": None, "count": 3}
        preview_template = "blocks/random_draw_preview.html"


class QuizQuestionsBlock(QuestionTypesBlock):
    """Every kind of question a quiz may hold, in the order the professor chooses."""

    random_draw = RandomDrawBlock()
