"""The catalog and the course page.

A course is a `CoursePage`; its children, in page-tree order, are its items
(lessons now, quizzes later). Page order *is* course order, so professors
reorder a course by dragging pages in the admin and nothing else needs to
change.
"""

from collections import Counter

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from course.progress import course_progress
from course.selectors import course_items


class CourseIndexPage(Page):
    """The site's home: the catalog of courses a college can assign."""

    introduction = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["course.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("course catalog")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = CoursePage.objects.child_of(self).live().select_related("image")
        return context


class CoursePage(Page):
    """One course: what it teaches, to whom, and how long it takes.

    The syllabus is not stored here; it is read from the page's children so
    it can never disagree with the page tree.
    """

    subtitle = models.CharField(_("subtitle"), max_length=200, blank=True)
    summary = models.TextField(
        _("summary"), help_text=_("One to three sentences shown in the catalog.")
    )
    introduction = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    audience = models.TextField(_("who it is for"), blank=True)
    learning_outcomes = StreamField(
        [("outcome", blocks.CharBlock(label=_("Outcome"), max_length=300))],
        blank=True,
        verbose_name=_("learning outcomes"),
        help_text=_("What a student can do after the course, one per item."),
    )
    estimated_hours = models.DecimalField(
        _("estimated hours"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("subtitle"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("introduction"),
        FieldPanel("audience"),
        FieldPanel("learning_outcomes"),
        FieldPanel("estimated_hours"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("introduction"),
    ]
    parent_page_types = ["course.CourseIndexPage"]
    subpage_types = ["lessons.LessonPage", "quizzes.QuizPage"]

    class Meta:
        verbose_name = _("course")

    @property
    def duration_label(self):
        """The estimated time as students read it ("About 2 hours")."""
        if not self.estimated_hours:
            return ""
        hours = self.estimated_hours.normalize()
        return ngettext(
            "About %(hours)s hour", "About %(hours)s hours", 1 if hours == 1 else 2
        ) % {"hours": f"{hours:f}"}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = course_items(course=self)
        context["items"] = items
        context["item_counts"] = Counter(item._meta.model_name for item in items)
        context["progress"] = course_progress(student=request.user, course=self, items=items)
        context["certificates"] = {}
        if context["progress"].finished:
            # Imported here: `course` is the base app and never imports its dependants
            # at load time. One query, and only for a student who has finished.
            from certificates.selectors import certificates_for

            context["certificates"] = certificates_for(student=request.user, course_ids=[self.pk])
        return context


class BundledPage(models.Model):
    """What `load_course` last wrote to a page, so it can tell its own work
    from a professor's.

    If the page's latest revision is still the one recorded here, nobody has
    touched it since the load and a changed file may replace it; if not, a
    person has edited it and the loader leaves it alone unless forced.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="bundled_source"
    )
    source = models.CharField(
        _("source file"),
        max_length=255,
        unique=True,
        help_text=_("Relative to the content folder."),
    )
    fingerprint = models.CharField(_("content fingerprint"), max_length=64)
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("bundled page")

    def __str__(self):
        return self.source
