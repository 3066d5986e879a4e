"""A certificate: what a student earned by finishing a course, kept as it was."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CODE_BYTES = 16  # 128 random bits: nobody finds a certificate by guessing
CODE_LENGTH = 22  # what `token_urlsafe(CODE_BYTES)` makes of them


def new_code() -> str:
    """A fresh, unguessable certificate code, safe in a URL as it is."""
    return secrets.token_urlsafe(CODE_BYTES)


class Certificate(models.Model):
    """Proof that a student finished a course: one row per (student, course), ever.

    Written by `certificates.services.certificate_issue` once the student has
    completed every lesson and passed every quiz. Its `code` is the only way
    to its public page, so the page can be shared without listing anyone's
    certificates. The student's name and the course title are copied in at
    issue time: a certificate states what was true when it was earned, and a
    later rename of the course or the account must not rewrite it.

    The course is protected from deletion: a deleted course would take with
    it every certificate students have linked from their CVs. The snapshot
    keeps the certificate meaningful on its own, and a course that is taken
    down is unpublished instead, which leaves its certificates verifiable.
    Deleting a student's account deletes their certificates with it: they are
    that person's data.
    """

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    course = models.ForeignKey(
        "course.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    code = models.CharField(
        _("code"), max_length=32, unique=True, default=new_code, editable=False
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    # As they were at issue time; see the class docstring.
    student_name = models.CharField(_("student's name"), max_length=320)
    name_is_placeholder = models.BooleanField(
        _("name is a placeholder"),
        default=False,
        help_text=_(
            "The account had no name, so its username stands in; the student's name "
            "replaces it once they set one and claim the certificate again."
        ),
    )
    course_title = models.CharField(_("course title"), max_length=255)

    class Meta:
        verbose_name = _("certificate")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "course"], name="one_certificate_per_student_course"
            ),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("code"), CODE_LENGTH),
                name="certificate_code_is_long",
            ),
            models.CheckConstraint(
                condition=~models.Q(student_name="") & ~models.Q(course_title=""),
                name="certificate_names_what_it_certifies",
            ),
        ]

    def __str__(self):
        return f"{self.course_title} — {self.student_name}"

    def get_absolute_url(self):
        return reverse("certificates:detail", kwargs={"code": self.code})
