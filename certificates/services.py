"""Writes to certificates: issuing one to a student who finished a course."""

from django.utils.translation import gettext as _

from certificates.models import Certificate
from course.progress import course_progress


class CourseNotFinished(Exception):
    """The student has not finished the course; `str(error)` is the message for them."""

    def __init__(self, course):
        super().__init__(
            _("Finish every lesson and pass every quiz in %(course)s to get its certificate.")
            % {"course": course.title}
        )
        self.course = course


def _name_of(student) -> tuple[str, bool]:
    """The name to print and whether it only stands in for one.

    The username stands in for an account without a name, rather than the
    email address: the certificate page is public, and an address printed
    there would invite spam.
    """
    name = student.get_full_name().strip()
    if name:
        return name, False
    return student.get_username() or student.email, True


def certificate_issue(*, student, course) -> Certificate:
    """Issue `student` their certificate for `course`, or return the one they have.

    Refused with `CourseNotFinished` (and nothing written) unless the student
    has completed every live lesson and passed every live quiz. Idempotent: a
    certificate once issued is returned as it is, even if the course has
    grown since, because it certifies what the student finished then. The
    one exception is a placeholder name, which becomes the student's name
    once they have set one. Two requests at once leave one row: the unique
    constraint refuses the second insert and `get_or_create` reads the
    winner's row instead.
    """
    certificate = Certificate.objects.filter(student=student, course=course).first()
    if certificate is None:
        if not course_progress(student=student, course=course).finished:
            raise CourseNotFinished(course)
        name, placeholder = _name_of(student)
        certificate, _created = Certificate.objects.get_or_create(
            student=student,
            course=course,
            defaults={
                "student_name": name,
                "name_is_placeholder": placeholder,
                "course_title": course.title,
            },
        )
    elif certificate.name_is_placeholder:
        name, placeholder = _name_of(student)
        if not placeholder:
            certificate.student_name, certificate.name_is_placeholder = name, False
            certificate.save(update_fields=["student_name", "name_is_placeholder"])
    return certificate
