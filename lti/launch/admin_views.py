"""The instructor's button that reads a class's roster from its LMS."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.generic import View

from classes.instructor_views import SectionMixin
from lti.launch.models import SectionLink
from lti.launch.rosters import RosterUnavailable, section_roster_sync


class RosterSyncView(SectionMixin, View):
    """POST only: the section's own instructors (and admins) sync it; anyone
    else, and any section not taught inside an LMS course, gets a 404."""

    http_method_names = ["post"]
    section_action = "change"

    def post(self, request, *args, **kwargs):
        link = SectionLink.objects.filter(section=self.section).select_related("context").first()
        if link is None:
            raise Http404
        try:
            result = section_roster_sync(link=link)
        except RosterUnavailable as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "Roster read from the LMS: %(members)s person; %(enrolled)s enrolled, "
                    "%(back)s brought back, %(dropped)s dropped.",
                    "Roster read from the LMS: %(members)s people; %(enrolled)s enrolled, "
                    "%(back)s brought back, %(dropped)s dropped.",
                    result.members,
                )
                % {
                    "members": result.members,
                    "enrolled": result.enrolled,
                    "back": result.brought_back,
                    "dropped": result.dropped,
                },
            )
        return HttpResponseRedirect(reverse("classes_section:roster", args=[self.section.pk]))
