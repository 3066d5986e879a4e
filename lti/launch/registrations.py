"""Registering a platform: what an admin types in, and the rows it becomes.

django-lti keeps the registration (issuer, client id, the platform's
endpoints) and one row per deployment; we keep the rest in
`RegistrationSettings`. The admin lists deployment ids one per line: the
ones listed are active, and one taken off the list is switched off rather
than deleted, since LMS courses and their grades hang from it.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from lti_tool.models import LtiDeployment, LtiRegistration

from lti.launch.keys import key_ensure
from lti.launch.models import RegistrationSettings


class OriginError(ValueError):
    """A framing origin that is not one: the message says what is wrong."""


def origin_clean(value: str) -> str:
    """A framing origin as a browser writes it: https, host, and port if any."""
    parts = urlsplit(value.strip())
    if parts.scheme != "https" or not parts.hostname:
        raise OriginError(_("%(origin)s: an origin starts with https://.") % {"origin": value})
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise OriginError(
            _("%(origin)s: only the scheme and host name, with no path.") % {"origin": value}
        )
    return f"https://{parts.netloc.lower()}"


@transaction.atomic
def registration_save(
    *, registration: LtiRegistration, deployment_ids, frame_origins, course=None
) -> LtiRegistration:
    """Save `registration` with exactly `deployment_ids` active, and its settings.

    Also makes our first signing key if the site has none, so the key set
    the platform is given to fetch is never empty.
    """
    registration.save()
    wanted = list(dict.fromkeys(str(value).strip() for value in deployment_ids if value))
    deployments = registration.deployments.all()
    deployments.exclude(deployment_id__in=wanted).update(is_active=False)
    deployments.filter(deployment_id__in=wanted).update(is_active=True)
    known = set(deployments.values_list("deployment_id", flat=True))
    LtiDeployment.objects.bulk_create(
        LtiDeployment(registration=registration, deployment_id=value, is_active=True)
        for value in wanted
        if value not in known
    )
    RegistrationSettings.objects.update_or_create(
        registration=registration,
        defaults={
            "frame_origins": [origin_clean(origin) for origin in frame_origins],
            "course": course,
        },
    )
    key_ensure()
    return registration


@dataclass(frozen=True)
class ToolAddress:
    """One address a platform's administrator pastes into the LMS."""

    label: str
    url: str
    help: str


def tool_addresses(*, registration, base_url: str) -> list[ToolAddress]:
    """The addresses to give the platform, absolute on `base_url` (the LTI host)."""
    settings = RegistrationSettings.objects.filter(registration=registration).first()
    course = settings.course if settings is not None else None
    base = base_url.rstrip("/")
    addresses = [
        ToolAddress(
            _("Login initiation URL"),
            base + reverse("lti:login", args=[registration.uuid]),
            _("Also called OpenID Connect initiation URL, or Initiate login URL."),
        ),
        ToolAddress(
            _("Redirect URL (launch URL)"),
            base + reverse("lti:launch"),
            _("Also called Redirect URI(s); the LMS posts every launch here."),
        ),
        ToolAddress(
            _("Key set URL"),
            base + reverse("lti:jwks"),
            _("Also called Public keyset URL, Public JWK URL, or Tool JWKS URL."),
        ),
        ToolAddress(
            _("Deep linking URL"),
            base + reverse("lti:deep_link_choose"),
            _("Also called Content selection URL: where instructors pick lessons and quizzes."),
        ),
    ]
    parts = course.get_url_parts() if course is not None and course.live else None
    if parts:
        course_path = parts[2]
        addresses.append(
            ToolAddress(
                _("Target link URI (tool URL)"),
                base + course_path,
                _("The course page; a link to one lesson or quiz works as well."),
            )
        )
    return addresses
