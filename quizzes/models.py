"""The quiz page a professor writes, and the attempts and responses students leave.

The page holds the questions and the rules as they are *now*. An `Attempt`
copies what its grade depends on when it starts (the published revision, the
questions as presented, the pass mark, the deadline), so a professor fixing a
question or lowering the pass mark later never changes a grade already given.
Writes go through `quizzes.services`, reads through `quizzes.selectors`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from course.progress import item_page_context
from quizzes.bank_history import BankLogEntry  # noqa: F401  (a model of this app)
from quizzes.banks import BankQuestion, QuestionCategory, bank_points
from quizzes.blocks import QuizQuestionsBlock
from quizzes.forms import QuizPageForm

__all__ = ["Attempt", "BankQuestion", "QuestionCategory", "QuizPage", "Response"]


class QuizPage(Page):
    """A quiz: questions, and the rules for taking and grading it.

    It lives under a course, like a lesson, and its place among its siblings
    is its place in the course. Questions are not search-indexed: matching a
    search on a choice's text would hint at the answer key.
    """

    class GradingMethod(models.TextChoices):
        HIGHEST = "highest", _("Highest attempt")
        LATEST = "latest", _("Latest attempt")
        FIRST = "first", _("First attempt")
        AVERAGE = "average", _("Average of all attempts")

    class FeedbackPolicy(models.TextChoices):
        AFTER_EACH_ATTEMPT = "after_each_attempt", _("After each attempt")
        AFTER_LAST_ATTEMPT = "after_last_attempt", _("After the last attempt")
        NEVER = "never", _("Never")

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("What the quiz covers, shown before a student starts."),
    )
    questions = StreamField(QuizQuestionsBlock(), verbose_name=_("questions"))
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The score, in percent, a student needs to pass."),
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for unlimited attempts."),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no time limit."),
    )
    shuffle_questions = models.BooleanField(
        _("shuffle questions"),
        default=False,
        help_text=_("Each attempt shows the questions in its own order."),
    )
    shuffle_choices = models.BooleanField(
        _("shuffle choices"),
        default=False,
        help_text=_("Each attempt shows the choices of a question in its own order."),
    )
    grading_method = models.CharField(
        _("grade from"),
        max_length=20,
        choices=GradingMethod.choices,
        default=GradingMethod.HIGHEST,
        help_text=_("Which attempts count when a student has made several."),
    )
    feedback_policy = models.CharField(
        _("show feedback"),
        max_length=20,
        choices=FeedbackPolicy.choices,
        default=FeedbackPolicy.AFTER_EACH_ATTEMPT,
        help_text=_("When students see which answers were right, and why."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("questions"),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("attempts_allowed"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("grading_method"),
                FieldPanel("feedback_policy"),
            ],
            heading=_("Attempts and grading"),
        ),
        MultiFieldPanel(
            [FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")],
            heading=_("Shuffling"),
        ),
    ]
    base_form_class = QuizPageForm
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["course.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("quiz")

    preview_modes = [("", _("As a student sees it")), ("answer_key", _("With answer key"))]

    def serve_preview(self, request, mode_name):
        """Every question as an attempt would show it; with the answer key too in
        the editors' second mode. Previews are only served inside the admin, to
        people who may edit the quiz, so the key never reaches a student."""
        from quizzes.presentation import quiz_preview  # presentation imports this module

        return TemplateResponse(
            request,
            "quizzes/preview.html",
            {
                "page": self,
                "questions": quiz_preview(quiz=self),
                "answer_key": mode_name == "answer_key",
            },
        )

    @property
    def question_count(self) -> int:
        """How many questions an attempt shows: a draw counts as the number it asks for."""
        return sum(
            int(raw["value"].get("count") or 0) if raw["type"] == "random_draw" else 1
            for raw in self.questions.raw_data
        )

    @property
    def points_possible(self) -> float:
        """What a perfect attempt scores now: the sum of the questions' points.

        Gradebook exports give it to the LMS as the assignment's maximum. A
        random draw of N counts as N (or all its category has, if fewer) times
        the average points of its category's questions: attempts draw
        different questions, so that is what one is worth on average, and
        exactly what it is worth when a category's questions weigh the same,
        as they should. Each attempt's own maximum is `Attempt.max_score`.
        One query when the quiz draws from the bank, none otherwise.
        """
        total, draws = 0.0, []
        for raw in self.questions.raw_data:
            if raw["type"] == "random_draw":
                draws.append(raw["value"])
            else:
                total += float(raw["value"].get("points") or 0)
        if draws:
            pools = bank_points(category_ids={draw.get("category") for draw in draws})
            for draw in draws:
                points = pools.get(draw.get("category"), [])
                count = min(int(draw.get("count") or 0), len(points))
                total += count * sum(points) / len(points) if points else 0.0
        return round(total, 4)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(item_page_context(page=self, request=request))
        if request.user.is_authenticated:
            from quizzes.selectors import student_standing  # selectors import this module

            context["standing"] = student_standing(student=request.user, quiz=self)
        return context


class Attempt(models.Model):
    """One student's try at one quiz, graded once when submitted.

    Everything the grade depends on is copied here when the attempt starts:
    `revision` pins the published quiz it came from, `questions` holds each
    question's snapshot in the order presented (with its shuffled choice
    order), and `pass_mark` and `deadline` hold the rules in force. Grading
    reads only these, so later edits to the quiz never change this attempt.
    The database allows one open attempt per student and quiz.
    """

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    quiz = models.ForeignKey(
        QuizPage, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveIntegerField(
        _("attempt number"), help_text=_("1 for a student's first attempt at this quiz.")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.IN_PROGRESS
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    # started_at + the quiz's time limit then; null when there was none.
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)  # points earned
    max_score = models.FloatField(_("maximum score"), null=True, blank=True)
    percent = models.FloatField(_("percent"), null=True, blank=True)  # 0 to 100
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("quiz revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    seed = models.PositiveIntegerField(_("shuffle seed"))
    # [{"key": stream block id, "question": question_snapshot(),
    #   "choice_order": [choice ids]}], in the order presented; choice_order
    # only on choice questions.
    questions = models.JSONField(_("questions as presented"), default=list)

    class Meta:
        verbose_name = _("quiz attempt")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "quiz"],
                condition=Q(state="in_progress"),
                name="one_open_attempt_per_student_quiz",
            ),
            models.UniqueConstraint(
                fields=["student", "quiz", "number"], name="unique_attempt_number"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="attempt_number_from_one"),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__gte=0, percent__lte=100),
                name="attempt_percent_0_to_100",
            ),
        ]

    def __str__(self):
        return f"{self.quiz_id} #{self.number} by {self.student_id}"

    @property
    def is_open(self):
        return self.state == self.State.IN_PROGRESS


class Response(models.Model):
    """One question of one attempt: the answer as saved, and once graded, how right.

    The row exists from the start of the attempt (answer null), so saving an
    answer is a single conditional UPDATE. `version` grows on every save; a
    tab that sends an older version is refused rather than overwrite a newer
    answer. `correct` and `points` stay null until the attempt is submitted.
    """

    attempt = models.ForeignKey(
        Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="responses"
    )
    question_key = models.CharField(_("question"), max_length=64)  # the stream block id
    position = models.PositiveSmallIntegerField(_("position"))  # 1 for the first one shown
    answer = models.JSONField(_("answer"), null=True, blank=True)  # as validate_answer() gives
    readable_answer = models.TextField(_("answer as read"), blank=True)
    correct = models.FloatField(_("correct"), null=True, blank=True)  # share earned, 0 to 1
    points = models.FloatField(_("points"), null=True, blank=True)
    saved_at = models.DateTimeField(_("saved at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("quiz response")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question_key"], name="one_response_per_question"
            ),
            models.UniqueConstraint(
                fields=["attempt", "position"], name="one_response_per_position"
            ),
            models.CheckConstraint(
                condition=Q(correct__isnull=True) | Q(correct__gte=0, correct__lte=1),
                name="response_correct_0_to_1",
            ),
        ]

    def __str__(self):
        return f"{self.attempt_id}/{self.question_key}"
