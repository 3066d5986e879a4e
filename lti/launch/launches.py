"""What a verified launch becomes here.

`lti.launch.tokens` has decided the launch is genuine; this module decides
what it is for and writes what it leaves behind, all or nothing:

- a resource-link launch signs the person in to their account, makes the
  LMS course a section of the launched page's course, seats them in it by
  their roles, and records the platform's side (django-lti's user, context,
  membership, resource link and line item) and which page the link opens
  (`LinkedItem`), which grade passback reads;
- a deep-linking launch signs the instructor in and hands what the platform
  asked for to the chooser of `lti.assignments`.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db import transaction
from lti_tool.lti_core.constants import AgsScope, ContextType
from lti_tool.models import LtiContext, LtiDeployment, LtiLineItem, LtiResourceLink

from lti.launch import claims as c
from lti.launch.accounts import SUB_LENGTH, AccountClosed, lti_account, profile_of
from lti.launch.errors import (
    ACCOUNT_CLOSED,
    DEPLOYMENT,
    NO_CONTEXT,
    NOT_INSTRUCTOR,
    OTHER_COURSE,
    UNVERIFIED,
    LaunchRefused,
)
from lti.launch.models import LinkedItem
from lti.launch.sections import (
    TaughtAsOtherCourse,
    member_place,
    membership_record,
    section_for_context,
)
from lti.launch.selectors import context_course, deployment_active, registration_course
from quizzes.models import QuizPage

URL_LENGTH = LtiLineItem._meta.get_field("url").max_length  # as django-lti stores addresses


def _short(value, model, field) -> str:
    return value[: model._meta.get_field(field).max_length] if isinstance(value, str) else ""


def _web_address(value) -> str:
    """A platform's service address, or "" if it is not one we can store whole."""
    if not isinstance(value, str) or len(value) > URL_LENGTH:
        return ""
    return value if value.startswith(("https://", "http://")) else ""


def return_url_of(claims: dict) -> str | None:
    """Where the platform wants the person back, errors included, if it said."""
    return c.text(c.mapping(claims, c.LAUNCH_PRESENTATION), "return_url")


@dataclass(frozen=True)
class Launch:
    """A launch whose id_token passed every check, from a known deployment."""

    registration: object
    deployment: LtiDeployment
    claims: dict

    @classmethod
    def of(cls, *, registration, claims) -> "Launch":
        deployment_id = c.text(claims, c.DEPLOYMENT_ID)
        deployment = deployment_active(registration=registration, deployment_id=deployment_id)
        if deployment is None:
            raise LaunchRefused("deployment", DEPLOYMENT, detail=f"{deployment_id[:80]!r}")
        return cls(registration=registration, deployment=deployment, claims=claims)

    @property
    def is_deep_linking(self) -> bool:
        return self.claims[c.MESSAGE_TYPE] == c.DEEP_LINKING_REQUEST

    @cached_property
    def roles(self) -> c.Roles:
        return c.Roles.of(c.strings(self.claims.get(c.ROLES)))

    def person(self):
        """The platform user of the launch, with their account."""
        sub = c.text(self.claims, "sub")
        if sub is None or len(sub) > SUB_LENGTH:
            raise LaunchRefused("no_sub", UNVERIFIED)
        try:
            return lti_account(
                registration=self.registration, sub=sub, profile=profile_of(self.claims)
            )
        except AccountClosed:
            raise LaunchRefused("account_closed", ACCOUNT_CLOSED) from None


def context_record(*, launch: Launch) -> LtiContext | None:
    """The LMS course the launch came from, brought up to date (None if it names none)."""
    context = c.mapping(launch.claims, c.CONTEXT)
    context_id = c.text(context, "id")
    if context_id is None:
        return None
    types = c.strings(context.get("type"))
    defaults = {
        "title": _short(context.get("title"), LtiContext, "title"),
        "label": _short(context.get("label"), LtiContext, "label"),
        "is_course_template": ContextType.COURSE_TEMPLATE in types,
        "is_course_offering": ContextType.COURSE_OFFERING in types,
        "is_course_section": ContextType.COURSE_SECTION in types,
        "is_group": ContextType.GROUP in types,
    }
    names_roles = c.mapping(launch.claims, c.NAMES_ROLES)
    if memberships_url := _web_address(names_roles.get("context_memberships_url")):
        defaults["memberships_url"] = memberships_url
    endpoint = c.mapping(launch.claims, c.ENDPOINT)
    if endpoint:
        scopes = c.strings(endpoint.get("scope"))
        defaults |= {
            "lineitems_url": _web_address(endpoint.get("lineitems")),
            "can_query_lineitems": AgsScope.QUERY_LINEITEMS in scopes,
            "can_manage_lineitems": AgsScope.MANAGE_LINEITEMS in scopes,
            "can_publish_scores": AgsScope.PUBLISH_SCORES in scopes,
            "can_access_results": AgsScope.ACCESS_RESULTS in scopes,
        }
    record, _created = LtiContext.objects.update_or_create(
        deployment=launch.deployment, id_on_platform=context_id[:255], defaults=defaults
    )
    return record


def _resource_link_record(*, launch, context, page) -> LtiResourceLink:
    claim = c.mapping(launch.claims, c.RESOURCE_LINK)
    link_id = c.text(claim, "id")
    if link_id is None:
        raise LaunchRefused("no_resource_link", UNVERIFIED)
    resource_link, _created = LtiResourceLink.objects.update_or_create(
        context=context,
        id_on_platform=link_id[:255],
        defaults={
            "title": _short(claim.get("title"), LtiResourceLink, "title"),
            "description": claim.get("description")
            if isinstance(claim.get("description"), str)
            else "",
        },
    )
    LinkedItem.objects.update_or_create(resource_link=resource_link, defaults={"page": page})
    return resource_link


def _line_item_record(*, launch, context, resource_link, page) -> LtiLineItem | None:
    """The gradebook column the platform made for this link, when it names one."""
    url = _web_address(c.mapping(launch.claims, c.ENDPOINT).get("lineitem"))
    if not url:
        return None
    line_item, _created = LtiLineItem.objects.update_or_create(
        url=url,
        defaults={
            "context": context,
            "resource_link": resource_link,
            "label": (resource_link.title or page.title)[:255],
            "maximum_score": page.points_possible if isinstance(page, QuizPage) else 0.0,
        },
    )
    return line_item


@dataclass(frozen=True)
class ResourceLaunch:
    user: object
    section: object
    resource_link: LtiResourceLink


@transaction.atomic
def resource_launch_record(*, launch: Launch, page, course) -> ResourceLaunch:
    """Everything a resource-link launch of `page` (in `course`) leaves behind."""
    lti_user = launch.person()
    context = context_record(launch=launch)
    if context is None:
        raise LaunchRefused("no_context", NO_CONTEXT)
    try:
        section = section_for_context(context=context, course=course)
    except TaughtAsOtherCourse as other:
        message = OTHER_COURSE % {"course": other.course.title}
        raise LaunchRefused("other_course", message, detail=f"course {other.course.pk}") from None
    membership_record(context=context, lti_user=lti_user, roles=launch.roles)
    member_place(section=section, user=lti_user.auth_user, roles=launch.roles)
    resource_link = _resource_link_record(launch=launch, context=context, page=page.specific)
    _line_item_record(
        launch=launch, context=context, resource_link=resource_link, page=page.specific
    )
    return ResourceLaunch(user=lti_user.auth_user, section=section, resource_link=resource_link)


@dataclass(frozen=True)
class DeepLinkingLaunch:
    user: object
    request: dict  # what the chooser reads from the session


@transaction.atomic
def deep_linking_record(*, launch: Launch) -> DeepLinkingLaunch:
    """Sign in the instructor who asked to pick items, and say what the platform
    accepts. The course offered is the one the LMS course is already taught
    as, else the registration's, else none in particular."""
    if not launch.roles.may_link:
        raise LaunchRefused("deep_linking_role", NOT_INSTRUCTOR)
    settings = c.mapping(launch.claims, c.DEEP_LINKING_SETTINGS)
    return_url = _web_address(settings.get("deep_link_return_url"))
    if not return_url:
        raise LaunchRefused("no_deep_link_return_url", UNVERIFIED)
    lti_user = launch.person()
    context = context_record(launch=launch)
    course = None
    if context is not None:
        membership_record(context=context, lti_user=lti_user, roles=launch.roles)
        course = context_course(context=context)
    course = course or registration_course(registration=launch.registration)
    data = settings.get("data")
    request = {
        "registration": launch.registration.pk,
        "deployment_id": launch.deployment.deployment_id,
        "return_url": return_url,
        "data": data if isinstance(data, str) else None,
        "accept_types": c.strings(settings.get("accept_types")),
        "accept_multiple": settings.get("accept_multiple") is True,
        "course": course.pk if course is not None else None,
    }
    return DeepLinkingLaunch(user=lti_user.auth_user, request=request)
