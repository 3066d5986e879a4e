"""`manage.py check --deploy` warns when students' mail would go nowhere.

Without `EMAIL_HOST` the settings fall back to printing mail on the
console, which is right on a laptop and silent failure on a server:
password resets and address confirmations would never arrive.
"""

from django.conf import settings
from django.core import checks

CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"


@checks.register(checks.Tags.security, deploy=True)
def mail_goes_somewhere(app_configs, **kwargs):
    if settings.DEBUG or settings.EMAIL_BACKEND != CONSOLE_BACKEND:
        return []
    return [
        checks.Warning(
            "Mail is printed to the console: students never get password resets "
            "or address confirmations.",
            hint="Set EMAIL_HOST (and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD) to your SMTP server.",
            id="accounts.W001",
        )
    ]
