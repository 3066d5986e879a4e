"""Connects grade passback to quiz submits; quizzes knows nothing of LMSs."""

from django.dispatch import receiver

from lti.assignments.passback import score_posts_queue
from quizzes.signals import attempt_submitted


@receiver(attempt_submitted, dispatch_uid="lti_grade_passback")
def grade_passback(sender, attempt, **kwargs):
    """Queue the new grade for the student's LMS gradebooks, if they have any."""
    score_posts_queue(attempt=attempt)
