"""Models of lti.assignments: the grades we owe the platforms' gradebooks."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["ScorePost"]


class ScorePost(models.Model):
    """The grade one platform user should have in one line item, and whether it got there.

    One row per (line item, platform user): the score we last decided to send
    and how sending it went, which is exactly what the instructor's status
    page shows. A submit that changes the grade overwrites the score, bumps
    `sequence` and queues a new send; a task carries the sequence it was
    queued for and claims its try with a conditional UPDATE, so a duplicate
    or stale task finds the row moved on and sends nothing. `scored_at` is
    the score's AGS timestamp: when the grade changed here, kept across
    retries and resends so a platform can tell an old score from a new one.
    `last_error` holds what the platform or the network said, never a token.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    line_item = models.ForeignKey(
        "lti_tool.LtiLineItem",
        verbose_name=_("line item"),
        on_delete=models.CASCADE,
        related_name="score_posts",
    )
    lti_user = models.ForeignKey(
        "lti_tool.LtiUser",
        verbose_name=_("platform user"),
        on_delete=models.CASCADE,
        related_name="score_posts",
    )
    # The submit after which the grade became this one, which the instructor's
    # page names; the grade itself follows the quiz's grading method over all
    # the student's attempts.
    attempt = models.ForeignKey(
        "quizzes.Attempt",
        verbose_name=_("attempt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    score_given = models.FloatField(_("score given"))  # points, 0 to score_maximum
    score_maximum = models.FloatField(_("score maximum"))  # the quiz's points
    scored_at = models.DateTimeField(_("scored at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    sequence = models.PositiveIntegerField(_("sequence"), default=1)
    tries = models.PositiveSmallIntegerField(_("tries"), default=0)  # in the current sequence
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("score sent to a platform")
        verbose_name_plural = _("scores sent to platforms")
        constraints = [
            models.UniqueConstraint(
                fields=["line_item", "lti_user"], name="one_score_post_per_line_item_user"
            ),
            models.CheckConstraint(
                condition=Q(score_maximum__gt=0)
                & Q(score_given__gte=0)
                & Q(score_given__lte=models.F("score_maximum")),
                name="score_post_given_within_maximum",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sent", "failed"]),
                name="score_post_status_known",
            ),
        ]

    def __str__(self):
        return f"{self.lti_user_id} in {self.line_item_id}: {self.score_given}"
