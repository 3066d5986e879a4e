"""The message coach's admin pages: where a course's professors tune it.

Per course: switch built-in rules on or off, change their verdicts and
messages and the lesson each links to; add rules of their own; and try the
coach on a sample message. Only people who may edit the course's pages (its
professors and reviewers, and admins) reach a course's coach; anyone else
in the admin is turned away. The rules live in `lessons.services` and
`lessons.selectors`; these views check who may do it and show the result.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from course.models import CoursePage
from lessons.coach.presentation import feedback_view
from lessons.coach.text import text_clean
from lessons.forms import CoachCustomRuleForm, CoachRuleForm, CoachTryForm
from lessons.models import CoachCustomRule, LessonPage
from lessons.selectors import coach_courses, coach_try, course_builtin_rules, course_lesson_links
from lessons.services import coach_custom_rule_delete, coach_custom_rule_save, coach_rule_set


class CoachIndexView(WagtailAdminTemplateMixin, TemplateView):
    """The courses whose coach the signed-in person may tune."""

    template_name = "lessons/admin/coach_index.html"
    page_title = gettext_lazy("Message coach")
    header_icon = "edit"

    def dispatch(self, request, *args, **kwargs):
        self.courses = list(coach_courses(user=request.user))
        if not self.courses:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "courses": self.courses}


class CourseCoachMixin(WagtailAdminTemplateMixin):
    """Finds the course in the URL and lets in only those who may edit it."""

    header_icon = "edit"

    def dispatch(self, request, *args, course_id, **kwargs):
        self.course = get_object_or_404(CoursePage, pk=course_id)
        if not self.course.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def lessons(self):
        return list(LessonPage.objects.child_of(self.course).order_by("path"))

    def coach_url(self):
        return reverse("lessons_coach_course", args=[self.course.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("lessons_coach_index"), "label": _("Message coach")},
            {"url": self.coach_url(), "label": self.course.title},
            {"url": "", "label": self.get_page_title()},
        ]


class CourseCoachView(CourseCoachMixin, TemplateView):
    """A course's coach: the "try it" box, the built-in rules (saved by a
    POST here) and the course's own rules."""

    template_name = "lessons/admin/coach_course.html"

    def get_page_title(self):
        return _("Message coach: %(course)s") % {"course": self.course.title}

    def rule_forms(self, data=None):
        return [
            CoachRuleForm(data, rule=rule, lessons=self.lessons)
            for rule in course_builtin_rules(course=self.course)
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("rule_forms", self.rule_forms())
        context.setdefault("try_form", CoachTryForm())
        context["course"] = self.course
        context["custom_rules"] = CoachCustomRule.objects.filter(course=self.course)
        return context

    def post(self, request, *args, **kwargs):
        forms = self.rule_forms(request.POST)
        if not all(form.is_valid() for form in forms):
            messages.error(request, _("Some rules could not be saved; see below."))
            return self.render_to_response(self.get_context_data(rule_forms=forms), status=400)
        lessons = {lesson.pk: lesson for lesson in self.lessons}
        for form in forms:
            data = form.cleaned_data
            coach_rule_set(
                course=self.course,
                rule=form.definition.id,
                enabled=data["enabled"],
                verdict=data["verdict"],
                message=data["message"],
                good_message=data.get("good_message", ""),
                lesson=lessons.get(data["lesson"]),
            )
        messages.success(request, _("The coach's rules are saved."))
        return HttpResponseRedirect(self.coach_url())


class CoachTryView(CourseCoachView):
    """The coach run on a sample message, with the course's saved rules (POST only)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = CoachTryForm(request.POST)
        context = {"try_form": form}
        if form.is_valid():
            text = text_clean(form.cleaned_data["text"]).strip()
            context["try_feedback"] = feedback_view(
                text=text,
                data=coach_try(course=self.course, text=text).as_data(),
                prefix="try",
                lessons=course_lesson_links(course=self.course, request=request),
            )
        return self.render_to_response(self.get_context_data(**context))


class CustomRuleView(CourseCoachMixin, FormView):
    """Add one of the course's own rules, or (with `rule_id`) change it."""

    template_name = "lessons/admin/coach_rule_form.html"
    form_class = CoachCustomRuleForm

    def dispatch(self, request, *args, rule_id=None, **kwargs):
        self.rule_id = rule_id
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def rule(self):
        if self.rule_id is None:
            return None
        return get_object_or_404(CoachCustomRule, pk=self.rule_id, course=self.course)

    def get_page_title(self):
        return self.rule.name if self.rule else _("Add a rule")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.rule, "lessons": self.lessons}

    def form_valid(self, form):
        lessons = {lesson.pk: lesson for lesson in self.lessons}
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        coach_custom_rule_save(
            course=self.course,
            rule=self.rule,
            lesson=lessons.get(form.cleaned_data["lesson"]),
            **fields,
        )
        messages.success(request=self.request, message=_("Rule saved."))
        return HttpResponseRedirect(self.coach_url())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "course": self.course, "rule": self.rule}


class CustomRuleDeleteView(CourseCoachMixin, TemplateView):
    """Confirm (GET) and delete (POST) one of the course's own rules."""

    template_name = "lessons/admin/coach_rule_delete.html"

    def get_page_title(self):
        return _("Delete %(rule)s") % {"rule": self.rule.name}

    def dispatch(self, request, *args, rule_id, **kwargs):
        self.rule_id = rule_id
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def rule(self):
        return get_object_or_404(CoachCustomRule, pk=self.rule_id, course=self.course)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "course": self.course, "rule": self.rule}

    def post(self, request, *args, **kwargs):
        coach_custom_rule_delete(rule=self.rule)
        messages.success(request, _("Rule deleted."))
        return HttpResponseRedirect(self.coach_url())
