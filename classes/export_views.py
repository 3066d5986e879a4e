"""Grade downloads of one section: streamed at once, or written in the background.

Most sections export within the request, streamed as the file is written.
A section over the size limit (`classes.exports.jobs`) gets a button
instead; its click (a POST) queues a job, or joins the one already waiting,
and lands on the job's page, which shows the progress, then the download
or what went wrong. Every view finds its section among those the user
teaches (`SectionMixin`) and the job within that section, so another
section's jobs answer 404; files are only ever sent as private attachments.
"""

from django.http import (
    FileResponse,
    Http404,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from classes.exports import EXPORT_FORMATS, export_chunks, export_filename
from classes.exports.jobs import (
    export_job_progress,
    export_job_request,
    export_runs_in_background,
    export_storage,
)
from classes.gradebook import section_gradebook
from classes.instructor_views import SectionMixin
from classes.models import ExportJob

POLL_SECONDS = 2  # how often the job's page asks for news
REFRESH_SECONDS = 5  # how often it reloads itself where scripts do not run


class ExportMixin(SectionMixin):
    """Finds the export format in the URL; an unknown one is a 404."""

    tab = "gradebook"

    def dispatch(self, request, *args, format, **kwargs):
        if format not in EXPORT_FORMATS:
            raise Http404
        self.export = EXPORT_FORMATS[format]
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.export.label

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export"] = self.export
        context["export_url"] = self.section_url("export", self.export.name)
        return context


class ExportView(ExportMixin, TemplateView):
    """The gradebook as a file: streamed now, or, for a large section, a button
    (GET) that queues it in the background (POST)."""

    template_name = "classes/admin/export_confirm.html"

    def get(self, request, *args, **kwargs):
        gradebook = section_gradebook(section=self.section)
        if export_runs_in_background(gradebook=gradebook):
            return self.render_to_response(self.get_context_data(gradebook=gradebook))
        response = StreamingHttpResponse(
            export_chunks(section=self.section, format=self.export.name),
            content_type=self.export.content_type,
        )
        filename = export_filename(section=self.section, format=self.export.name)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response

    def post(self, request, *args, **kwargs):
        if not export_runs_in_background(gradebook=section_gradebook(section=self.section)):
            return self.get(request, *args, **kwargs)
        job = export_job_request(section=self.section, format=self.export.name, user=request.user)
        return HttpResponseRedirect(self.section_url("export_job", job.pk))


class ExportJobMixin(SectionMixin):
    """Finds the job in the URL among the section's jobs; any other is a 404."""

    tab = "gradebook"

    def dispatch(self, request, *args, job_id, **kwargs):
        self.job_id = job_id
        return super().dispatch(request, *args, **kwargs)

    def get_job(self):
        job = get_object_or_404(ExportJob, section=self.section, pk=self.job_id)
        if job.format not in EXPORT_FORMATS:
            raise Http404
        return job


class ExportJobView(ExportJobMixin, TemplateView):
    """A background export's page: progress while it runs, then the download or the error."""

    template_name = "classes/admin/export_job.html"

    def get(self, request, *args, **kwargs):
        self.job = self.get_job()
        self.export = EXPORT_FORMATS[self.job.format]
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return self.export.label

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job
        context.update(
            job=job,
            export=self.export,
            progress=export_job_progress(job=job),
            status_url=self.section_url("export_job_status", job.pk),
            download_url=self.section_url("export_job_download", job.pk),
            export_url=self.section_url("export", job.format),
            gradebook_url=self.section_url("gradebook"),
            poll_seconds=POLL_SECONDS,
            refresh_seconds=REFRESH_SECONDS,
        )
        return context


class ExportJobStatusView(ExportJobMixin, View):
    """A background export's progress as JSON, for the page's poller."""

    def get(self, request, *args, **kwargs):
        response = JsonResponse(export_job_progress(job=self.get_job()).as_json())
        add_never_cache_headers(response)
        return response


class ExportJobDownloadView(ExportJobMixin, View):
    """A finished background export's file, as a private attachment."""

    def get(self, request, *args, **kwargs):
        job = self.get_job()
        if job.status != ExportJob.Status.DONE:
            raise Http404
        try:
            file = export_storage().open(job.file)
        except FileNotFoundError:
            raise Http404(_("This file has been deleted; export again.")) from None
        response = FileResponse(
            file,
            as_attachment=True,
            filename=job.filename,
            content_type=EXPORT_FORMATS[job.format].content_type,
        )
        response["Cache-Control"] = "private, no-store"
        return response
