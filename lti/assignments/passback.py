"""Grade passback: a quiz grade, sent to every LMS gradebook column it belongs in.

When a submit grades an attempt, `quizzes.signals.attempt_submitted` is sent
after the grading commits and `score_posts_queue` runs: it finds the line
items of resource links that open the quiz in LMS courses where the student
is a learner, works out the student's grade under the quiz's grading method
(as the gradebook shows it), and records for each line item what the
platform should hold (`ScorePost`). A grade that is already there, or on its
way, is not sent again; a changed one replaces it. Sending happens in
`score_post_send`, on the "background" task backend worked by `manage.py
db_worker --backend background`, never in the student's request: a slow
LMS must not slow a submit. The request writes one task for all of a
submit's posts (`score_posts_send`), which queues a send per post, so what
a submit costs does not grow with the number of gradebooks it reaches.

A send that fails (the platform says no, or does not answer in time) is
tried again after `BACKOFF`, up to `MAX_TRIES` tries; after the last the
post is marked failed, with the reason, on the instructor's page, where
`score_post_resend` queues it again. Each row's `sequence` and `tries`
make a task's claim a conditional UPDATE, so a duplicate or stale task
sends nothing.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from classes.exports.jobs import TASK_BACKEND, finished_tasks_prune
from lti.assignments import ags
from lti.assignments.models import ScorePost
from lti.assignments.selectors import score_targets
from quizzes.selectors import quiz_grade

MAX_TRIES = 3
BACKOFF = (timedelta(seconds=30), timedelta(minutes=5))  # before the 2nd and the 3rd try
ERROR_CHARS = 1000
# What a post sent again may have changed (`_score_post_renew`).
RENEWED_FIELDS = [
    "attempt",
    "score_given",
    "score_maximum",
    "scored_at",
    "status",
    "tries",
    "last_error",
    "sequence",
    "updated_at",
]

Status = ScorePost.Status


def score_posts_queue(*, attempt, now=None) -> list[ScorePost]:
    """Record and queue the student's grade at the attempt's quiz for every LMS
    line item it belongs in; the posts queued (none when nothing changed).

    The score is the grade's share of the quiz's points now, the maximum our
    gradebook shows; a platform scales it to its column's own maximum (AGS),
    so a quiz whose points changed after it was linked still fills its
    column right. A student with no LMS learner membership costs one query;
    a learner, the same few however many line items the grade goes to.

    Two submits close together run this twice, perhaps at once: the
    student's posts are locked before the grade is read, so the later run
    waits and reads the newer grade. Two runs that both find no post make it
    once; the other starts over and finds it.
    """
    targets = score_targets(student_id=attempt.student_id, quiz_id=attempt.quiz_id)
    if not targets:
        return []
    now = now or timezone.now()
    try:
        return _score_posts_set(targets, attempt=attempt, now=now)
    except IntegrityError:
        return _score_posts_set(targets, attempt=attempt, now=now)


def _score_posts_set(targets, *, attempt, now):
    with transaction.atomic():
        wanted = Q()
        for target in targets:
            wanted |= Q(line_item_id=target.pk, lti_user_id=target.lti_user_id)
        posts = {
            (post.line_item_id, post.lti_user_id): post
            for post in ScorePost.objects.select_for_update().filter(wanted)
        }
        quiz = attempt.quiz
        grade = quiz_grade(student=attempt.student_id, quiz=quiz)
        maximum = quiz.points_possible
        if grade is None or maximum <= 0:
            return []
        given = round(grade * maximum / 100, 4)
        new, renewed = [], []
        for target in targets:
            post = posts.get((target.pk, target.lti_user_id))
            if post is None:
                new.append(
                    ScorePost(
                        line_item_id=target.pk,
                        lti_user_id=target.lti_user_id,
                        attempt=attempt,
                        score_given=given,
                        score_maximum=maximum,
                        scored_at=now,
                        created_at=now,
                        updated_at=now,
                    )
                )
            elif _score_post_renew(post, attempt=attempt, given=given, maximum=maximum, now=now):
                renewed.append(post)
        ScorePost.objects.bulk_create(new)
        ScorePost.objects.bulk_update(renewed, RENEWED_FIELDS)
        queued = new + renewed
        if queued:
            score_posts_send.enqueue([[post.pk, post.sequence] for post in queued])
    return queued


def _score_post_renew(post, *, attempt, given, maximum, now) -> bool:
    """Make the locked `post` due to be sent again when its score changed or its
    last send failed; whether it did. A score already there, or on its way,
    is left as it is."""
    unchanged = (post.score_given, post.score_maximum) == (given, maximum)
    if unchanged and post.status != Status.FAILED:
        return False
    if not unchanged:
        post.attempt = attempt
        post.score_given, post.score_maximum, post.scored_at = given, maximum, now
    post.status, post.tries, post.last_error = Status.PENDING, 0, ""
    post.sequence += 1
    post.updated_at = now
    return True


def score_post_resend(*, post, now=None) -> bool:
    """Queue a failed post again, for the instructor's resend button; False
    when it is not failed (sent meanwhile, or already queued by another click)."""
    now = now or timezone.now()
    with transaction.atomic():
        requeued = ScorePost.objects.filter(pk=post.pk, status=Status.FAILED).update(
            status=Status.PENDING, sequence=F("sequence") + 1, tries=0, updated_at=now
        )
        if requeued:
            post.refresh_from_db()
            _enqueue(post, try_number=1)
    return bool(requeued)


def _enqueue(post, *, try_number, run_after=None):
    send = score_post_send.using(run_after=run_after) if run_after else score_post_send
    send.enqueue(post.pk, post.sequence, try_number)


def score_body(post) -> dict:
    """The AGS score of `post`, as the platform's scores endpoint takes it."""
    return {
        "userId": post.lti_user.sub,
        "scoreGiven": post.score_given,
        "scoreMaximum": post.score_maximum,
        "activityProgress": "Completed",
        "gradingProgress": "FullyGraded",
        "timestamp": post.scored_at.isoformat(),
    }


@task(backend=TASK_BACKEND)
def score_posts_send(posts: list[list[int]]) -> None:
    """Queue the first try of each of a submit's posts, given as [post id,
    sequence] pairs, as the worker does: the student's request writes this
    one task however many gradebooks the grade goes to, and each post is then
    tried, retried and claimed on its own, so one platform's failure holds
    up no other."""
    for post_id, sequence in posts:
        score_post_send.enqueue(post_id, sequence, 1)


@task(backend=TASK_BACKEND)
def score_post_send(post_id: int, sequence: int, try_number: int) -> None:
    """Send try `try_number` of the post's score as of `sequence`, as the worker does.

    The claim moves `tries` up to this try only if the post is still pending
    at that sequence and this try has not run, so a duplicate, a stale task
    after a newer grade, or a post resent meanwhile sends nothing. A failure
    is recorded, and tried again or marked failed; one that is not the
    platform's or the network's is raised again for the worker's log. The
    queue's old records go as exports' do (`finished_tasks_prune`), so a
    site that never exports does not keep them all.
    """
    claimed = ScorePost.objects.filter(
        pk=post_id, sequence=sequence, status=Status.PENDING, tries=try_number - 1
    ).update(tries=try_number, updated_at=timezone.now())
    if not claimed:
        return
    post = ScorePost.objects.select_related(
        "line_item__context__deployment__registration", "lti_user"
    ).get(pk=post_id)
    try:
        ags.score_publish(
            registration=post.line_item.context.deployment.registration,
            line_item_url=post.line_item.url,
            score=score_body(post),
        )
    except ags.AgsError as error:
        _try_failed(post, sequence=sequence, try_number=try_number, error=str(error))
    except Exception as error:
        problem = _("Unexpected error: %(kind)s") % {"kind": type(error).__name__}
        _try_failed(post, sequence=sequence, try_number=try_number, error=problem)
        raise
    else:
        now = timezone.now()
        ScorePost.objects.filter(pk=post_id, sequence=sequence, status=Status.PENDING).update(
            status=Status.SENT, sent_at=now, updated_at=now, last_error=""
        )
    finished_tasks_prune()


def _try_failed(post, *, sequence, try_number, error):
    """Record the failure; queue the next try after its wait, or give up after the last."""
    now = timezone.now()
    last = try_number >= MAX_TRIES
    with transaction.atomic():
        recorded = ScorePost.objects.filter(
            pk=post.pk, sequence=sequence, status=Status.PENDING
        ).update(
            status=Status.FAILED if last else Status.PENDING,
            last_error=error[:ERROR_CHARS],
            updated_at=now,
        )
        if recorded and not last:
            post.sequence = sequence
            _enqueue(post, try_number=try_number + 1, run_after=now + BACKOFF[try_number - 1])
