"""The blocks a professor writes quiz questions in, one class per kind of question.

The blocks only describe and validate a question. Grading never reads them:
`quizzes.grading.question_snapshot` copies a question into a plain dict when an
attempt starts, so a later edit cannot change a grade already given.

Rules that span several fields (exactly one correct choice, an answer or a
range) live in each block's `question_errors()`, so the message appears next
to the field it is about. They are skipped while a draft is saved: a professor
may stop half-way through a question, but cannot publish it.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

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

    prompt = prompt_block()

    def question_errors(self, value):
        """Return {field name: message} for every rule `value` breaks."""
        return {}

    def clean(self, value):
        value = super().clean(value)
        if self.is_deferred_validation:
            return value
        errors = self.question_errors(value)
        if errors:
            raise StructBlockValidationError(
                block_errors={name: ValidationError(message) for name, message in errors.items()}
            )
        return value


class ChoiceOptionBlock(blocks.StructBlock):
    """One choice of a single-choice or multiple-answer question."""

    text = blocks.CharBlock(label=_("Choice"), max_length=500)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.TextBlock(
        label=_("Feedback"),
        required=False,
        rows=2,
        help_text=_("Shown after grading to students who picked this choice."),
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
        message = choice_errors(value["choices"], exactly_one=True)
        return {"choices": message} if message else {}

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
        ],
        default="all_or_nothing",
    )
    explanation = explanation_block()
    points = points_block()

    def question_errors(self, value):
        message = choice_errors(value["choices"], exactly_one=False)
        return {"choices": message} if message else {}

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


class NumericBlock(QuestionBlock):
    """A number, right within a tolerance of an exact answer or inside a range."""

    answer = blocks.FloatBlock(
        label=_("Exact answer"),
        required=False,
        help_text=_("Leave empty if you give a range instead."),
    )
    tolerance = blocks.FloatBlock(
        label=_("Tolerance"),
        default=0,
        min_value=0,
        help_text=_(
            "How far from the exact answer still counts as right: 0.5 around 10 "
            "accepts 9.5 to 10.5. Only used with an exact answer."
        ),
    )
    minimum = blocks.FloatBlock(
        label=_("Range from"),
        required=False,
        help_text=_("Instead of an exact answer: the lowest number that counts as right."),
    )
    maximum = blocks.FloatBlock(
        label=_("Range to"),
        required=False,
        help_text=_("The highest number that counts as right. Both ends count."),
    )
    unit = blocks.CharBlock(
        label=_("Unit"),
        required=False,
        max_length=30,
        help_text=_("Shown next to the answer box, e.g. “weeks”. Students type only the number."),
    )
    explanation = explanation_block()
    points = points_block()

    def question_errors(self, value):
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


class AcceptedAnswerBlock(blocks.StructBlock):
    """One answer a short-text question accepts, and how much it is worth."""

    text = blocks.CharBlock(label=_("Accepted answer"), max_length=300)
    credit = blocks.IntegerBlock(
        label=_("Credit (%)"),
        default=100,
        min_value=0,
        max_value=100,
        help_text=_("100 for a full answer, less for a partly right one."),
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


class QuestionTypesBlock(blocks.StreamBlock):
    """The five kinds of question, without draws: what a question bank holds."""

    single_choice = SingleChoiceBlock()
    multiple_answer = MultipleAnswerBlock()
    true_false = TrueFalseBlock()
    numeric = NumericBlock()
    short_text = ShortTextBlock()


class RandomDrawBlock(blocks.StructBlock):
    """A placeholder for N questions drawn from a question-bank category per attempt.

    Nothing is drawn while editing: `quizzes.services.questions_presented`
    draws when an attempt starts, from the attempt's own seed, and the
    attempt stores what it drew. A category with fewer questions than asked
    gives all it has; `QuizPage.points_possible` counts what a draw is worth.
    """

    category = SnippetChooserBlock(
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


class QuizQuestionsBlock(QuestionTypesBlock):
    """Every kind of question a quiz may hold, in the order the professor chooses."""

    random_draw = RandomDrawBlock()
