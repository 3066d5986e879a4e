"""Reads of certificates: by their code, and a student's for a set of courses."""

from certificates.models import Certificate


def certificate_by_code(*, code: str) -> Certificate | None:
    """The certificate with `code`, with its course, in one query; None if unknown."""
    return Certificate.objects.select_related("course").filter(code=code).first()


def certificates_for(*, student, course_ids) -> dict[int, Certificate]:
    """The student's certificates among `course_ids`, keyed by course id.

    One query however many courses, and none when there is nothing to ask
    (no courses, or a visitor who is not signed in), so pages call it only
    for the courses a student has finished and pay nothing otherwise.
    """
    course_ids = list(course_ids)
    if not course_ids or student is None or not student.is_authenticated:
        return {}
    certificates = Certificate.objects.filter(student=student, course_id__in=course_ids)
    return {certificate.course_id: certificate for certificate in certificates}
