"""Exports of large sections, written in the background and downloaded when ready.

A gradebook with more cells (students x course items) than
`settings.EXPORT_IMMEDIATE_MAX_CELLS` is not streamed within the request:
5,000 students x 12 items already take 4.5 s as a workbook, and a class ten
times that would outlast a web worker's timeout. The instructor's click
records an `ExportJob` and queues `export_job_run` on the "background" task
backend, a queue in the database that `manage.py db_worker --backend
background` works through. The worker writes the very bytes the immediate
download would send (`export_chunks`, in the language of the request) into
the private "exports" storage, recording every `PROGRESS_EVERY` students,
and the instructor's page shows that progress until the file is there.

A finished job and its file are kept for `KEEP_FOR` and then deleted (a
gradebook moves on, so an old file is a stale one): the worker prunes them
whenever it finishes a job, and so does every new request. A job pending
but silent for `LOST_AFTER` was lost by a stopped worker: the next request
gives up on it and starts afresh.
"""

import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from classes.exports import export_chunks, export_filename, export_format
from classes.gradebook import Gradebook
from classes.models import ExportJob

# The alias in settings.TASKS and the worker's --backend, for every background
# task of the site (exports here, grade passback in lti.assignments).
TASK_BACKEND = "background"
STORAGE = "exports"  # the alias in settings.STORAGES: private, no public URL
PROGRESS_EVERY = 200  # students written between two progress records
KEEP_FOR = timedelta(hours=24)
LOST_AFTER = timedelta(minutes=30)
SLOW_START = timedelta(minutes=1)  # queued this long: say the worker may not be running

Status = ExportJob.Status


def export_runs_in_background(*, gradebook: Gradebook) -> bool:
    """Whether exporting this gradebook is too big a job for one request."""
    cells = gradebook.student_count * gradebook.item_count
    return cells > settings.EXPORT_IMMEDIATE_MAX_CELLS


def export_storage():
    """Where finished files lie: outside MEDIA_ROOT, read only by the download view."""
    return storages[STORAGE]


def export_job_request(*, section, format: str, user) -> ExportJob:
    """The pending job exporting `section` in `format`, queued now if there is none.

    Repeated clicks share one job. The job and its task are written in
    one transaction, so the worker never sees one without the other; the
    database's constraint settles two clicks that arrive together. Old jobs
    are pruned first, so files expire even when no worker finishes a job.
    """
    export_format(format)  # a ValueError for a format that does not exist
    export_jobs_prune()
    try:
        with transaction.atomic():
            return _pending_or_new(section=section, format=format, user=user)
    except IntegrityError:
        return ExportJob.objects.get(section=section, format=format, status__in=ExportJob.PENDING)


def _pending_or_new(*, section, format, user):
    now = timezone.now()
    pending = (
        ExportJob.objects.select_for_update()
        .filter(section=section, format=format, status__in=ExportJob.PENDING)
        .first()
    )
    if pending is not None and pending.updated_at >= now - LOST_AFTER:
        return pending
    if pending is not None:
        _finish(
            pending,
            status=Status.FAILED,
            error=_("The export stopped before it finished (was its worker stopped?)."),
        )
    job = ExportJob.objects.create(
        section=section,
        format=format,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        requested_by=user,
        created_at=now,
        updated_at=now,
    )
    export_job_run.enqueue(job.pk)
    return job


@task(backend=TASK_BACKEND)
def export_job_run(job_id: int) -> None:
    """Write the file of job `job_id`, as the worker does; a job not waiting is left alone.

    A failure is recorded on the job for the instructor to read, then raised
    again so the worker logs it with its traceback.
    """
    now = timezone.now()
    claimed = ExportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=now, updated_at=now
    )
    if not claimed:
        return  # already run, given up on as lost, or pruned
    job = ExportJob.objects.select_related("section__course").get(pk=job_id)
    try:
        with translation.override(job.language):
            name = _write(job)
            filename = export_filename(section=job.section, format=job.format)
    except Exception as error:
        _finish(job, status=Status.FAILED, error=str(error) or type(error).__name__)
        raise
    if not _finish(job, status=Status.DONE, file=name, filename=filename):
        export_storage().delete(name)  # given up on as lost meanwhile
    export_jobs_prune()


def _write(job) -> str:
    """Write the export to the private storage; its name there."""
    export = export_format(job.format)
    with tempfile.TemporaryFile() as file:
        chunks = export_chunks(section=job.section, format=job.format, progress=_Progress(job))
        for chunk in chunks:
            file.write(chunk)
        return export_storage().save(
            f"section-{job.section_id}/export-{job.pk}.{export.extension}", File(file)
        )


class _Progress:
    """Counts students as the export writes them, recording every `PROGRESS_EVERY`."""

    def __init__(self, job):
        self.job = job

    def __call__(self, rows, *, total):
        _record(self.job, rows_total=total)
        return self._counted(rows)

    def _counted(self, rows):
        done = 0
        for done, row in enumerate(rows, start=1):
            yield row
            if done % PROGRESS_EVERY == 0:
                _record(self.job, rows_done=done)
        _record(self.job, rows_done=done)


def _record(job, **fields):
    ExportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now(), **fields)


def _finish(job, *, status, **fields) -> bool:
    """Mark a pending job finished; False if it had finished already."""
    now = timezone.now()
    return bool(
        ExportJob.objects.filter(pk=job.pk, status__in=ExportJob.PENDING).update(
            status=status, finished_at=now, updated_at=now, **fields
        )
    )


def export_jobs_prune(*, now=None) -> int:
    """Delete jobs silent for longer than `KEEP_FOR`, with their files; how many.

    The queue's own records of finished tasks go at the same age, so
    nothing about exports piles up without a cron job.
    """
    now = now or timezone.now()
    old = ExportJob.objects.filter(updated_at__lt=now - KEEP_FOR)
    files = list(old.exclude(file="").values_list("file", flat=True))
    count, _by_model = old.delete()
    storage = export_storage()
    for name in files:
        storage.delete(name)
    finished_tasks_prune(now=now)
    return count


def finished_tasks_prune(*, now=None) -> int:
    """Delete the background queue's records of tasks finished more than
    `KEEP_FOR` ago, whatever the task; how many.

    Every task of the backend (exports, grade passback) calls this when it
    is done, so the records go even where one kind of task never runs.
    """
    cutoff = (now or timezone.now()) - KEEP_FOR
    count, _by_model = (
        DBTaskResult.objects.finished()
        .filter(backend_name=TASK_BACKEND, finished_at__lt=cutoff)
        .delete()
    )
    return count


@dataclass(frozen=True)
class JobProgress:
    """What the instructor's page says about a job, and what its poller reads."""

    status: str
    done: int
    total: int
    text: str
    expires_at: datetime | None  # when a finished job's file is deleted

    @property
    def finished(self) -> bool:
        return self.status in (Status.DONE, Status.FAILED)

    def as_json(self) -> dict:
        return {
            "status": self.status,
            "done": self.done,
            "total": self.total,
            "text": self.text,
            "finished": self.finished,
        }


def export_job_progress(*, job: ExportJob, now=None) -> JobProgress:
    """Where `job` stands, in words ("Writing 1,200 of 5,000 students")."""
    now = now or timezone.now()
    return JobProgress(
        status=job.status,
        done=job.rows_done,
        total=job.rows_total,
        text=_text(job, now),
        expires_at=job.updated_at + KEEP_FOR if job.status == Status.DONE else None,
    )


def _text(job, now) -> str:
    if job.status == Status.DONE:
        return _("Your file is ready.")
    if job.status == Status.FAILED:
        return _("The export failed.")
    if job.status == Status.QUEUED:
        if now - job.created_at > SLOW_START:
            return _(
                "Still waiting for the export worker. If nothing moves within a few minutes, "
                "ask your site's administrator whether it is running."
            )
        return _("Waiting to start…")
    if job.rows_total == 0:
        return _("Reading the gradebook…")
    if job.rows_done >= job.rows_total:
        return _("Finishing the file…")
    return ngettext(
        "Writing %(done)s of %(total)s student",
        "Writing %(done)s of %(total)s students",
        job.rows_total,
    ) % {
        "done": formats.number_format(job.rows_done, force_grouping=True),
        "total": formats.number_format(job.rows_total, force_grouping=True),
    }
