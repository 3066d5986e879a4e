"""The question bank's history, seen only by those who edit its course.

Wagtail logs every change to a snippet in its `ModelLogEntry`, and its site
history report shows a log entry to anyone holding any permission on the
entry's model: every professor would read every course's question titles
there. Bank categories and questions log here instead, with the course they
belonged to when it happened, so the report (and each object's history)
shows a professor only their own courses' bank, and shared categories.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager


def bank_course_id(instance):
    """The course a category or question belongs to; None for a shared one."""
    category = getattr(instance, "category", instance)
    return category.course_id


class BankLogEntryManager(ModelLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        kwargs.setdefault("course_id", bank_course_id(instance))
        return super().log_action(instance, action, **kwargs)

    def viewable_by_user(self, user):
        """Entries of the user's courses' bank and of shared categories."""
        from quizzes.permissions import bank_courses  # it imports the bank's models

        if user.is_superuser:
            return self.all()
        if not user.has_perm("quizzes.change_bankquestion"):
            return self.none()
        return self.filter(Q(course__isnull=True) | Q(course__in=bank_courses(user=user)))


class BankLogEntry(BaseLogEntry):
    """One change to a question-bank category or question."""

    object_id = models.CharField(max_length=255, blank=False, db_index=True)
    course = models.ForeignKey(
        "course.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The course whose bank it was; empty for a shared category."),
    )

    objects = BankLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("question bank log entry")
        verbose_name_plural = _("question bank log entries")
