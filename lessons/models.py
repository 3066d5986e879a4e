"""The lesson page: what a student reads, one step of a course; the record
that a student has finished it; the drafts students write in its practice
blocks; and how a course's professors tune the message coach."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from course.page_shells import shell_response
from course.progress import item_page_context
from lessons.blocks import LessonBodyBlock
from lessons.coach.engine import Verdict
from lessons.coach.patterns import Kind, When


class LessonPage(Page):
    """A lesson: a story or case, a rule to remember, something to do.

    It lives under a course; its place among its siblings is its place in the
    course, and the outline, previous and next links are read from there.
    """

    summary = models.TextField(
        _("summary"), help_text=_("One or two sentences, shown in the course syllabus.")
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("How long a student takes to read it and do its exercises."),
    )
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"))
    # Advice dates: the "Lessons to review" report lists lessons nobody has
    # checked for a year, so a professor can catch rules that have changed.
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("When a professor last checked this lesson is still right"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("last_reviewed")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["course.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")

    def serve(self, request, *args, **kwargs):
        """As Wagtail serves a page, from the page's shared shell (`course.page_shells`)."""
        request.is_preview = False
        return shell_response(self, request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        # Imported here: the selectors read the models this module defines.
        from lessons.selectors import lesson_practice_context

        context = super().get_context(request, *args, **kwargs)
        context.update(item_page_context(page=self, request=request))
        context.update(
            lesson_practice_context(lesson=self, request=request, outline=context["outline"])
        )
        return context


class LessonCompletion(models.Model):
    """A student has finished a lesson: one row per (student, lesson), ever.

    Written by `lessons.services.lesson_complete` when the student presses
    "Mark complete"; the database refuses a second row, so a double click or
    two tabs leave one. Course progress counts these rows (and passed quiz
    attempts) in `course.progress`; `completed_at` is the first time only.
    """

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="lesson_completions",
    )
    lesson = models.ForeignKey(
        LessonPage,
        verbose_name=_("lesson"),
        on_delete=models.CASCADE,
        related_name="completions",
    )
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson completion")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "lesson"], name="one_completion_per_student_lesson"
            ),
        ]

    def __str__(self):
        return f"{self.lesson_id} by {self.student_id}"


class PracticeDraft(models.Model):
    """One version of a student's message in one practice block, as checked.

    A block is known by its key within the lesson (see
    `lessons.blocks.PracticeBlock`). Every check keeps a new version,
    numbered from 1, so the student can come back and improve, and an
    instructor can compare the first draft with the latest. What the coach
    said is stored with it (`feedback`, `Feedback.as_data`) together with
    its counts, so later changes to the course's rules never rewrite what a
    student was told, and instructors' pages read the counts without
    running the coach again.
    """

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="practice_drafts",
    )
    lesson = models.ForeignKey(
        LessonPage,
        verbose_name=_("lesson"),
        on_delete=models.CASCADE,
        related_name="practice_drafts",
    )
    key = models.CharField(_("practice block"), max_length=64)
    number = models.PositiveIntegerField(_("draft number"))
    text = models.TextField(_("message"))
    feedback = models.JSONField(_("feedback"), default=dict)
    problems = models.PositiveSmallIntegerField(_("problems"), default=0)
    improvements = models.PositiveSmallIntegerField(_("to improve"), default=0)
    created_at = models.DateTimeField(_("checked at"), default=timezone.now)

    class Meta:
        verbose_name = _("practice draft")
        ordering = ["lesson", "key", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "lesson", "key", "number"], name="one_draft_per_number"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="draft_number_from_one"),
            models.CheckConstraint(condition=~Q(text=""), name="draft_not_empty"),
        ]

    def __str__(self):
        return f"{self.lesson_id}/{self.key} #{self.number} by {self.student_id}"


class CoachRuleSetting(models.Model):
    """How one course's professors changed one of the coach's built-in rules.

    No row means the rule as it comes (`lessons.coach.rules`); an empty
    message means the built-in one, so a professor changes only what they
    mean to. `rule` is a built-in rule's id; the form offers only those.
    """

    course = models.ForeignKey(
        "course.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="coach_rule_settings",
    )
    rule = models.CharField(_("rule"), max_length=40)
    enabled = models.BooleanField(_("on"), default=True)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices[1:])
    message = models.TextField(_("message"), blank=True)
    good_message = models.TextField(_("message when it is done well"), blank=True)
    lesson = models.ForeignKey(
        LessonPage,
        verbose_name=_("lesson that explains it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("coach rule setting")
        constraints = [
            models.UniqueConstraint(fields=["course", "rule"], name="one_setting_per_course_rule"),
            models.CheckConstraint(
                condition=Q(verdict__in=[Verdict.IMPROVE.value, Verdict.PROBLEM.value]),
                name="setting_verdict_known",
            ),
        ]

    def __str__(self):
        return f"{self.rule} in {self.course_id}"


class CoachCustomRule(models.Model):
    """A rule a course's professors wrote: phrases or a pattern to look for,
    whether the coach speaks when it is there or when it is missing, and
    what it says. Patterns are checked for safety before they are saved
    (`lessons.coach.patterns`)."""

    course = models.ForeignKey(
        "course.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="coach_custom_rules",
    )
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(
        _("looks for"), max_length=10, choices=Kind.choices, default=Kind.PHRASES
    )
    phrases = models.TextField(
        _("phrases"),
        blank=True,
        help_text=_("One per line. Case, accents and curly quotes are ignored."),
    )
    pattern = models.CharField(
        _("pattern"),
        max_length=200,
        blank=True,
        help_text=_("A Python regular expression, matched one sentence at a time, ignoring case."),
    )
    when = models.CharField(_("speaks"), max_length=10, choices=When.choices, default=When.FOUND)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    message = models.TextField(
        _("message"), help_text=_("What the student reads: say why, and what to do instead.")
    )
    lesson = models.ForeignKey(
        LessonPage,
        verbose_name=_("lesson that explains it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enabled = models.BooleanField(_("on"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("custom coach rule")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=Kind.PHRASES) & ~Q(phrases=""))
                | (Q(kind=Kind.PATTERN) & ~Q(pattern="")),
                name="custom_rule_has_what_it_looks_for",
            ),
            models.CheckConstraint(
                condition=Q(verdict__in=Verdict.values), name="custom_rule_verdict_known"
            ),
            models.CheckConstraint(
                condition=Q(when__in=When.values), name="custom_rule_when_known"
            ),
            models.CheckConstraint(
                condition=~Q(name="") & ~Q(message=""), name="custom_rule_named_and_explained"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def rule_id(self) -> str:
        """The id its findings carry; never the same as a built-in rule's."""
        return f"custom-{self.pk}"
