"""Writes a student makes to lessons: marking one complete."""

from lessons.models import LessonCompletion


def lesson_complete(*, student, lesson) -> LessonCompletion:
    """Record that `student` finished `lesson`; return the one row that says so.

    Idempotent: completing a lesson again returns the first record, keeping
    its `completed_at`. Two requests at once (a double click, two tabs) leave
    one row: the database's unique constraint refuses the second insert, and
    `get_or_create` then reads the winner's row instead of raising.
    """
    completion, _created = LessonCompletion.objects.get_or_create(
        student=student, lesson_id=lesson.pk
    )
    return completion
