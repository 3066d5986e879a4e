"""The claims of an LTI 1.3 launch we read, and how to read them safely.

A launch's claims come from JSON a platform signed, but a signature says who
wrote them, not that they are shaped as the specification says. Every read
here checks the type it expects and answers None (or an empty value) for
anything else, so a malformed claim refuses the launch instead of raising
deep inside the code that uses it.
"""

from dataclasses import dataclass

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
LTI_DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"  # deep linking's own claims
MESSAGE_TYPE = LTI + "message_type"
VERSION = LTI + "version"
DEPLOYMENT_ID = LTI + "deployment_id"
TARGET_LINK_URI = LTI + "target_link_uri"
RESOURCE_LINK = LTI + "resource_link"
CONTEXT = LTI + "context"
ROLES = LTI + "roles"
LAUNCH_PRESENTATION = LTI + "launch_presentation"
DEEP_LINKING_SETTINGS = LTI_DL + "deep_linking_settings"
NAMES_ROLES = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"

RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest"
DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"
MESSAGE_TYPES = (RESOURCE_LINK_REQUEST, DEEP_LINKING_REQUEST)
LTI_VERSION = "1.3.0"

# Context roles: "…/membership#Instructor", its sub-roles
# "…/membership/Instructor#TeachingAssistant", and the deprecated bare "Instructor".
MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership"
TEACHING_ROLES = frozenset({"Instructor", "Administrator"})
# Who may pick items for an LMS course (deep linking): its teachers and content developers.
LINKING_ROLES = TEACHING_ROLES | {"ContentDeveloper"}


def text(claims: dict, name: str) -> str | None:
    """A claim that must be a non-empty string."""
    value = claims.get(name)
    return value if isinstance(value, str) and value else None


def mapping(claims: dict, name: str) -> dict:
    """A claim that must be a JSON object; {} when absent or anything else."""
    value = claims.get(name)
    return value if isinstance(value, dict) else {}


def strings(value) -> list[str]:
    """A JSON array of strings, or [] for anything else."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, str)]


def number(claims: dict, name: str) -> float | None:
    """A claim that must be a JSON number (a NumericDate, for `exp` and `iat`)."""
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def context_roles(roles: list[str]) -> set[str]:
    """The context roles in a roles claim, by short name ("Instructor", "Learner").

    A sub-role counts as its principal role (a teaching assistant is an
    instructor); institution and system roles say nothing about this course
    and are left out.
    """
    found = set()
    for role in roles:
        if "/" not in role and "#" not in role:
            found.add(role)
        elif role.startswith(MEMBERSHIP + "#"):
            found.add(role.removeprefix(MEMBERSHIP + "#"))
        elif role.startswith(MEMBERSHIP + "/"):
            found.add(role.removeprefix(MEMBERSHIP + "/").partition("#")[0])
    return found


@dataclass(frozen=True)
class Roles:
    """What a person's roles in an LMS course make them in our section."""

    names: frozenset

    @classmethod
    def of(cls, roles: list[str]) -> "Roles":
        return cls(frozenset(context_roles(roles)))

    @property
    def teaches(self) -> bool:
        return bool(self.names & TEACHING_ROLES)

    @property
    def may_link(self) -> bool:
        return bool(self.names & LINKING_ROLES)

    @property
    def learns(self) -> bool:
        return "Learner" in self.names
