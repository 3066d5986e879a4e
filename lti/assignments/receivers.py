"""Connects grade passback to quiz submits and regrades; quizzes knows nothing of LMSs."""

from django.dispatch import receiver

from lti.assignments.passback import score_posts_queue
from quizzes.signals import attempt_regraded, attempt_submitted


@receiver(attempt_submitted, dispatch_uid="lti_grade_passback")
@receiver(attempt_regraded, dispatch_uid="lti_regrade_passback")
def grade_passback(sender, attempt, **kwargs):
    """Queue the new grade for the student's LMS gradebooks, if they have any.

    After a submit, and for each attempt a regrade changed: a student whose
    grade under the quiz's grading method did not move sends nothing."""
    score_posts_queue(attempt=attempt)
