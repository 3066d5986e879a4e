"""Question banks: reusable questions, grouped in categories, drawn into quizzes.

A professor keeps questions here once and uses them in many quizzes: a
quiz's "random questions from the bank" block draws from one category each
time an attempt starts (see `quizzes.services.questions_presented`). A
bank question holds exactly one question block of the same kinds a quiz
has, so the same grading and GIFT code reads both. Edits are kept as
revisions; attempts never read a bank question again once they drew it,
because the attempt stores the question as it was shown.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField
from wagtail.models import RevisionMixin
from wagtail.search import index

from quizzes.blocks import QuestionTypesBlock


class QuestionCategory(models.Model):
    """A named group of bank questions, e.g. "Networking/Handoffs".

    The name is a path: slashes separate levels, as Moodle's categories do,
    so a GIFT `$CATEGORY:` line maps to one row. A category belongs to one
    course, or to none (shared by every course). Names are unique within a
    course, and among the shared ones, which the database enforces.
    """

    name = models.CharField(
        _("name"),
        max_length=255,
        help_text=_('Use slashes for levels, e.g. "Networking/Handoffs".'),
    )
    course = models.ForeignKey(
        "course.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="question_categories",
        help_text=_("Leave empty to share the category with every course."),
    )

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["course", "name"], name="unique_category_per_course"),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(course__isnull=True),
                name="unique_shared_category_name",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="category_name_not_empty"),
        ]

    def __str__(self):
        return self.name


class BankQuestion(RevisionMixin, index.Indexed, models.Model):
    """One reusable question, in exactly one question block.

    It is searchable by its title and its prompt, for the professor in the
    admin; students never search it. Deleting a category that still holds
    questions is refused, so a quiz's draw cannot lose its pool unnoticed.
    """

    category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    title = models.CharField(
        _("title"),
        max_length=255,
        help_text=_("A short name to find the question by; students do not see it."),
    )
    question = StreamField(
        QuestionTypesBlock(min_num=1, max_num=1),
        verbose_name=_("question"),
        help_text=_("Exactly one question."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Revisions are deleted with the question (RevisionMixin does not cascade by itself).
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="bank_question")

    search_fields = [
        index.SearchField("title"),
        index.SearchField("question_text"),
        index.AutocompleteField("title"),
        index.AutocompleteField("question_text"),
        index.FilterField("category"),
    ]

    class Meta:
        verbose_name = _("bank question")
        verbose_name_plural = _("bank questions")
        ordering = ["category__name", "title"]

    def __str__(self):
        return self.title

    def question_text(self) -> str:
        """The prompt and choices as plain text, for the admin's search."""
        parts = []
        for block in self.question:
            value = block.value
            parts.append(strip_tags(str(getattr(value["prompt"], "source", value["prompt"]))))
            parts += [choice["text"] for choice in value.get("choices") or []]
        return " ".join(parts)

    @property
    def revisions(self):
        return self._revisions

    @property
    def block(self):
        """The one question block, or None for a question saved empty."""
        return self.question[0] if len(self.question) else None


def bank_points(*, category_ids) -> dict[int, list[float]]:
    """The points of every question in each category, in one query."""
    points: dict[int, list[float]] = {}
    rows = BankQuestion.objects.filter(category_id__in=category_ids).values_list(
        "category_id", "question"
    )
    for category_id, stream in rows:
        for raw in stream.raw_data:
            points.setdefault(category_id, []).append(float(raw["value"].get("points") or 0))
    return points
