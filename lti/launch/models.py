"""Models of lti.launch: what a launch ties together on our side.

django-lti's models (`lti_tool`) describe the platform's side: the
registration, its deployments, users, contexts, resource links and line
items. These rows say what each of those became here: which page a resource
link opens, which section an LMS course is taught as, and what a
registration needs beyond django-lti's fields (who may frame us).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["LinkedItem", "RegistrationSettings", "SectionLink"]


class LinkedItem(models.Model):
    """The lesson or quiz page that a platform's resource link opens.

    Written on every resource-link launch (the platform may move a link to
    another page of ours), and read by grade passback to find the line
    items of a quiz.
    """

    resource_link = models.OneToOneField(
        "lti_tool.LtiResourceLink",
        verbose_name=_("resource link"),
        on_delete=models.CASCADE,
        related_name="course_item",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="lti_linked_items",
    )

    class Meta:
        verbose_name = _("linked item")

    def __str__(self):
        return f"{self.resource_link_id} → {self.page_id}"


class SectionLink(models.Model):
    """The section of ours that an LMS course (an LTI context) is taught as.

    One each way: an LMS course is one class here, and a class here mirrors
    at most one LMS course, whose roster (`lti.launch.rosters`) is the one
    that counts. `synced_at` is when that roster was last read in full.
    """

    context = models.OneToOneField(
        "lti_tool.LtiContext",
        verbose_name=_("LTI context"),
        on_delete=models.CASCADE,
        related_name="section_link",
    )
    section = models.OneToOneField(
        "classes.Section",
        verbose_name=_("section"),
        on_delete=models.CASCADE,
        related_name="lti_link",
    )
    synced_at = models.DateTimeField(_("roster synced at"), null=True, blank=True)

    class Meta:
        verbose_name = _("section link")

    def __str__(self):
        return f"{self.context_id} → {self.section_id}"


class RegistrationSettings(models.Model):
    """What we need to know about a registered platform beyond django-lti's fields.

    `frame_origins` are the only origins (scheme, host and port, e.g.
    "https://college.instructure.com") allowed to show our pages in a frame
    after a launch from this platform; with none, a launch works only in a
    window of its own. `course` is the course deep linking offers while the
    LMS course has not launched one yet (empty: every course).
    """

    registration = models.OneToOneField(
        "lti_tool.LtiRegistration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="settings",
    )
    frame_origins = models.JSONField(_("allowed framing origins"), default=list, blank=True)
    course = models.ForeignKey(
        "course.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("registration settings")
        verbose_name_plural = _("registration settings")

    def __str__(self):
        return str(self.registration_id)
