"""Connects grade passback to quiz submits and regrades; quizzes knows nothing of LMSs."""

from django.dispatch import receiver

from lti.assignments.passback import score_posts_queue
from quizzes.signals import attempt_submitted, attempts_regraded


@receiver(attempt_submitted, dispatch_uid="lti_grade_passback")
def grade_passback(sender, attempt, **kwargs):
    """Queue the new grade for the student's LMS gradebooks, if they have any."""
    score_posts_queue(attempt=attempt)


@receiver(attempts_regraded, dispatch_uid="lti_regrade_passback")
def regrade_passback(sender, attempts, **kwargs):
    """Queue the regraded grades for the LMS gradebooks that hold the old ones.

    A regrade is run by hand (`manage.py regrade_quiz`), so a few queries per
    attempt are fine; a student whose grade under the quiz's grading method
    did not move sends nothing."""
    for attempt in attempts:
        score_posts_queue(attempt=attempt)
