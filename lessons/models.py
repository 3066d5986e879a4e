"""The lesson page: what a student reads, one step of a course; and the record
that a student has finished it."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from course.progress import item_page_context
from lessons.blocks import LessonBodyBlock


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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(item_page_context(page=self, request=request))
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
