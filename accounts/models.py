"""The mark a deleted account leaves behind."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeletedAccount(models.Model):
    """A student deleted their account on this date; the user row stays, emptied.

    Instructors' gradebooks still need the attempts, answers and enrollments
    a student left in their classes, so `accounts.services.account_delete`
    anonymises the user instead of deleting it, and writes this row. Whoever
    shows a student's name reads `student__deleted_account` and says
    "Deleted student" when it exists; the row itself holds nothing personal.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="deleted_account",
    )
    deleted_at = models.DateTimeField(_("deleted at"), default=timezone.now)

    class Meta:
        verbose_name = _("deleted account")

    def __str__(self):
        return f"{self.user_id} deleted {self.deleted_at:%Y-%m-%d}"
