"""Connects grade passback to quiz submits and regrades; quizzes knows nothing of LMSs."""

import logging

from django.dispatch import receiver

from lti.assignments.passback import score_posts_queue
from quizzes.signals import attempt_submitted, attempts_regraded

logger = logging.getLogger(__name__)


@receiver(attempt_submitted, dispatch_uid="lti_grade_passback")
def grade_passback(sender, attempt, **kwargs):
    """Queue the new grade for the student's LMS gradebooks, if they have any."""
    score_posts_queue(attempt=attempt)


@receiver(attempts_regraded, dispatch_uid="lti_regrade_passback")
def regrade_passback(sender, attempts, **kwargs):
    """Queue the regraded grades for the students' LMS gradebooks.

    A regrade is run by hand (`manage.py regrade_quiz`), so a few queries per
    attempt are fine; a student whose grade under the quiz's grading method
    did not move sends nothing. One student's failure is logged and the
    others still go: `send_robust` would stop at the first for all of them.
    """
    for attempt in attempts:
        try:
            score_posts_queue(attempt=attempt)
        except Exception:
            logger.exception("Grade passback after a regrade failed for attempt %s", attempt.pk)
