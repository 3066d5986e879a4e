"""The app's models live beside the code that writes them; Django finds them here."""

from lti.assignments.models import *  # noqa: F403
from lti.launch.models import *  # noqa: F403
