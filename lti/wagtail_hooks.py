"""Registers the admin screens of both halves of the integration."""

from lti.assignments import wagtail_hooks as assignments_hooks  # noqa: F401
from lti.launch import wagtail_hooks as launch_hooks  # noqa: F401
