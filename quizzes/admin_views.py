"""The question bank's own admin pages: GIFT upload with a preview, and GIFT downloads.

Uploading shows what the file would give (questions, kinds skipped, errors,
each with its line) and writes nothing; confirming posts back the file's
text, signed, so what is imported is exactly what was previewed. The rules
live in `quizzes.gift.importing`; these views only check who may do it: a
professor imports into, and exports from, the banks of the courses they
edit (`quizzes.permissions`), and the course is checked again on every POST.
"""

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from course.models import CoursePage
from quizzes.gift.importing import (
    GiftImportRefused,
    category_export,
    gift_import,
    quiz_export,
)
from quizzes.models import QuestionCategory, QuizPage
from quizzes.permissions import bank_courses, category_permission_policy

PREVIEW_HOURS = 2  # how long a previewed file can still be confirmed
MAX_GIFT_BYTES = 2 * 1024 * 1024


class GiftUploadForm(forms.Form):
    course = forms.ModelChoiceField(
        label=gettext_lazy("Course"),
        queryset=CoursePage.objects.order_by("title"),
        help_text=gettext_lazy("The course whose question bank receives the questions."),
    )
    file = forms.FileField(
        label=gettext_lazy("GIFT file"),
        help_text=gettext_lazy("A Moodle GIFT text file (.gift or .txt), UTF-8."),
        widget=forms.ClearableFileInput(attrs={"accept": ".gift,.txt,text/plain"}),
    )
    category = forms.CharField(
        label=gettext_lazy("Category"),
        required=False,
        max_length=255,
        help_text=gettext_lazy(
            "Put every question in this category. Leave empty to follow the file's "
            "$CATEGORY lines."
        ),
    )
    quiz_title = forms.CharField(
        label=gettext_lazy("Also make a draft quiz titled"),
        required=False,
        max_length=255,
        help_text=gettext_lazy("Leave empty to import into the question bank only."),
    )
    skip_errors = forms.BooleanField(
        label=gettext_lazy("Skip questions with errors"),
        required=False,
        help_text=gettext_lazy(
            "Import the rest of the file even if some questions can't be read."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = bank_courses(user=user).order_by("title")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_GIFT_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from error


def _signer(user):
    return signing.TimestampSigner(salt=f"quizzes.gift_import:{user.pk}")


def _check_may_import(user, course, quiz_title):
    if not user.has_perm("quizzes.add_bankquestion"):
        raise PermissionDenied
    if not bank_courses(user=user).filter(pk=course.pk).exists():
        raise PermissionDenied
    if quiz_title and not course.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied


class GiftImportView(WagtailAdminTemplateMixin, FormView):
    """Upload (a POST with a file) previews; confirming (a POST with the signed
    preview) imports, everything or nothing."""

    template_name = "quizzes/admin/gift_import.html"
    page_title = gettext_lazy("Import GIFT questions")
    header_icon = "upload"
    form_class = GiftUploadForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("quizzes.add_bankquestion"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        options = {
            "course": data["course"].pk,
            "text": data["file"],
            "category": data["category"] or None,
            "into_quiz_title": data["quiz_title"] or None,
            "skip_errors": data["skip_errors"],
        }
        _check_may_import(self.request.user, data["course"], options["into_quiz_title"])
        try:
            report = self._import(options, dry_run=True)
        except GiftImportRefused as refused:
            report = refused.report
        payload = _signer(self.request.user).sign_object(options, compress=True)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                report=report,
                importable=not report.blocked and bool(report.questions),
                payload=payload,
                course=data["course"],
            )
        )

    def post(self, request, *args, **kwargs):
        if "payload" not in request.POST:
            return super().post(request, *args, **kwargs)
        try:
            options = _signer(request.user).unsign_object(
                request.POST["payload"], max_age=PREVIEW_HOURS * 3600
            )
        except signing.BadSignature:
            messages.error(request, _("That preview has expired. Upload the file again."))
            return HttpResponseRedirect(reverse("quizzes_gift_import"))
        try:
            report = self._import(options, dry_run=False)
        except GiftImportRefused:
            messages.error(request, _("The file has errors; nothing was imported."))
            return HttpResponseRedirect(reverse("quizzes_gift_import"))
        messages.success(
            request,
            _("Imported %(count)d questions; skipped %(skipped)d.")
            % {"count": len(report.questions), "skipped": len(report.skipped)},
        )
        if report.quiz is not None:
            return HttpResponseRedirect(reverse("wagtailadmin_pages:edit", args=[report.quiz.pk]))
        return HttpResponseRedirect(reverse("wagtailsnippets_quizzes_bankquestion:list"))

    def _import(self, options, *, dry_run):
        course = get_object_or_404(CoursePage, pk=options["course"])
        _check_may_import(self.request.user, course, options["into_quiz_title"])
        return gift_import(
            course=course,
            text=options["text"],
            category=options["category"],
            into_quiz_title=options["into_quiz_title"],
            skip_errors=options["skip_errors"],
            dry_run=dry_run,
            user=self.request.user,
        )


def _gift_response(text, name):
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(name) or "questions"}.gift"'
    return response


class CategoryExportView(View):
    """A category's questions as a GIFT download, for whoever may see that
    category: its course's professors (and everyone with the bank, for a
    shared one). Another course's category answers 404."""

    def get(self, request, pk):
        if not request.user.has_perm("quizzes.view_bankquestion") and not request.user.has_perm(
            "quizzes.change_bankquestion"
        ):
            raise PermissionDenied
        category = get_object_or_404(QuestionCategory, pk=pk)
        if not category_permission_policy.user_has_any_permission_for_instance(
            request.user, ["view", "change"], category
        ):
            raise Http404
        return _gift_response(category_export(category=category), category.name)


class QuizExportView(View):
    """A quiz's own questions as a GIFT download, for whoever may edit the quiz."""

    def get(self, request, pk):
        quiz = get_object_or_404(QuizPage, pk=pk)
        if not quiz.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return _gift_response(quiz_export(quiz=quiz.get_latest_revision_as_object()), quiz.slug)
