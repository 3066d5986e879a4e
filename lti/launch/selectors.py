"""Reads of lti.launch: what a launch points at, and what a registration allows."""

from lti_tool.models import LtiDeployment

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


def course_of(*, page) -> CoursePage | None:
    """The live course `page` is part of (the course page itself counts), or None."""
    return CoursePage.objects.ancestor_of(page, inclusive=True).live().first()


def context_course(*, context) -> CoursePage | None:
    """The course an LMS course is taught as here, once one launch has linked them."""
    link = SectionLink.objects.filter(context=context).select_related("section__course").first()
    return link.section.course if link is not None else None
