"""Reads of lti.launch: what a launch points at, and what a registration allows."""

from urllib.parse import urlsplit

from django.http import Http404
from lti_tool.models import LtiDeployment
from wagtail.models import Page, Site

from course.models import CoursePage
from lti.launch.models import RegistrationSettings, SectionLink


def registration_frame_origins(*, registration) -> list[str]:
    """The origins allowed to frame pages launched from `registration`."""
    origins = (
        RegistrationSettings.objects.filter(registration=registration)
        .values_list("frame_origins", flat=True)
        .first()
    )
    return list(origins or [])


def registration_course(*, registration) -> CoursePage | None:
    """The course a registration launches into when nothing else says which."""
    settings = (
        RegistrationSettings.objects.filter(registration=registration)
        .select_related("course")
        .first()
    )
    return settings.course if settings is not None else None


def deployment_active(*, registration, deployment_id: str) -> LtiDeployment | None:
    """The registration's deployment `deployment_id`, if it is known and switched on."""
    return (
        LtiDeployment.objects.active()
        .filter(registration=registration, deployment_id=deployment_id)
        .first()
    )


def page_for_url(*, request, url: str) -> Page | None:
    """The live page of ours that `url` opens, found the way Wagtail serves it
    (the request's site, then the page tree), or None. A path below a page
    (a quiz attempt's address, say) counts as that page."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [part for part in urlsplit(url).path.split("/") if part]
    try:
        route = site.root_page.localized.specific.route(request, components)
    except Http404:
        return None
    page = route.page
    return page if page.live else None


def course_of(*, page) -> CoursePage | None:
    """The live course `page` is part of (the course page itself counts), or None."""
    return CoursePage.objects.ancestor_of(page, inclusive=True).live().first()


def context_course(*, context) -> CoursePage | None:
    """The course an LMS course is taught as here, once one launch has linked them."""
    link = SectionLink.objects.filter(context=context).select_related("section__course").first()
    return link.section.course if link is not None else None
