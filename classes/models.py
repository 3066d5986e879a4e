"""A course taught to one class in one term, and the students in it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classes.join_codes import display_code


class Section(models.Model):
    """One class taking a course in one term ("CAREER 101 — Spring 2027 — 02").

    Instructors share its join code (or the link `/join/<code>/`) and students
    join with it while the section is open. The code is unique in the
    database, stored normalised, and can be regenerated when it leaks;
    `classes.services` creates and changes sections, never views.
    """

    course = models.ForeignKey(
        "course.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_('As the college lists it, e.g. "CAREER 101 — Spring 2027 — 02".'),
    )
    term = models.CharField(_("term"), max_length=100, help_text=_('e.g. "Spring 2027".'))
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("instructors"),
        related_name="sections_taught",
        blank=True,
    )
    join_code = models.CharField(_("join code"), max_length=16, unique=True)
    opens_at = models.DateTimeField(
        _("opens at"), null=True, blank=True, help_text=_("Empty: open to join now.")
    )
    closes_at = models.DateTimeField(
        _("closes at"), null=True, blank=True, help_text=_("Empty: never closes to joining.")
    )
    default_due_at = models.DateTimeField(
        _("default due date"),
        null=True,
        blank=True,
        help_text=_("For items without a due date of their own."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("section")
        ordering = ["-created_at", "name"]

    def __str__(self):
        # The term is part of how people name a class; add it when the name leaves it out.
        if self.term and self.term not in self.name:
            return f"{self.name} — {self.term}"
        return self.name

    @property
    def join_code_display(self) -> str:
        return display_code(self.join_code)

    def has_opened(self, now) -> bool:
        return self.opens_at is None or self.opens_at <= now

    def has_closed(self, now) -> bool:
        return self.closes_at is not None and self.closes_at <= now

    def is_open(self, now=None) -> bool:
        """Whether students may join at `now` (default: this moment)."""
        now = now or timezone.now()
        return self.has_opened(now) and not self.has_closed(now)


class SectionItem(models.Model):
    """A due date for one course item (lesson or quiz) in one section.

    Items without a row fall back to the section's `default_due_at`.
    """

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="items"
    )
    item = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("item"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)

    class Meta:
        verbose_name = _("section item")
        constraints = [
            models.UniqueConstraint(fields=["section", "item"], name="one_row_per_section_item"),
        ]

    def __str__(self):
        return f"{self.item_id} in {self.section_id}"


class Enrollment(models.Model):
    """A student in a section, with the college's identifiers grade exports need.

    One row per (student, section), ever: dropping a student sets `status`
    instead of deleting the row, so their attempts stay attached to the class
    and a dropped student cannot rejoin with the code on their own.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        DROPPED = "dropped", _("Dropped")

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="enrollments"
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    sis_user_id = models.CharField(_("SIS user ID"), max_length=100, blank=True)
    sis_login_id = models.CharField(_("SIS login ID"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )

    class Meta:
        verbose_name = _("enrollment")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "section"], name="one_enrollment_per_student_section"
            ),
        ]

    def __str__(self):
        return f"{self.student_id} in {self.section_id}"


class PendingEnrollment(models.Model):
    """A roster row whose email has no account yet.

    When someone signs up with this email (see `classes.signals`), the row
    becomes an `Enrollment` carrying the roster's SIS identifiers and is
    deleted. Emails are stored lower-cased so matching ignores case.
    """

    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.CASCADE,
        related_name="pending_enrollments",
    )
    email = models.EmailField(_("email"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    sis_user_id = models.CharField(_("SIS user ID"), max_length=100, blank=True)
    sis_login_id = models.CharField(_("SIS login ID"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("pending enrollment")
        constraints = [
            models.UniqueConstraint(
                fields=["section", "email"], name="one_pending_enrollment_per_email"
            ),
        ]

    def __str__(self):
        return f"{self.email} in {self.section_id}"


class ExportJob(models.Model):
    """A grade export of a large section, written in the background.

    A section too large to export within a request (see
    `classes.exports.jobs`) gets one of these instead: the worker fills in
    its progress while the instructor's page shows it, then where the file
    lies in the private "exports" storage. A job belongs to its section, so
    everyone who teaches the section sees it and nobody else does. The
    database lets only one job per section and format wait or run at a
    time, so repeated clicks share it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Writing")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    PENDING = (Status.QUEUED, Status.RUNNING)

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="export_jobs"
    )
    format = models.CharField(_("format"), max_length=20)  # a key of EXPORT_FORMATS
    # Column names are written in the language of the request that asked.
    language = models.CharField(_("language"), max_length=15)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows_done = models.PositiveIntegerField(_("students written"), default=0)
    rows_total = models.PositiveIntegerField(_("students to write"), default=0)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # The job's last sign of life (queued, progress, finish): a pending job
    # silent for long was lost by a stopped worker.
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    file = models.CharField(_("file"), max_length=255, blank=True)  # name in "exports" storage
    filename = models.CharField(_("download name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("export job")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "format"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_pending_export_per_section_format",
            ),
        ]

    def __str__(self):
        return f"{self.format} export of {self.section_id} ({self.status})"
