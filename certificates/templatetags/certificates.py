"""`{% certificate_action course=... certificates=... %}`: a finished course's certificate.

Load with `{% load certificates %}`. It renders "Your certificate" when the
student has one, else the "Get your certificate" form. The page's own
context code looks the certificates up (with
`certificates.selectors.certificates_for`, one query for all its courses)
and passes them in, so this tag never queries and the course templates
need no certificate markup of their own.
"""

from django import template

register = template.Library()


@register.inclusion_tag("certificates/action.html", takes_context=True)
def certificate_action(context, *, course, certificates):
    """Show the way to `course`'s certificate; `certificates` maps course ids to them."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "course": course,
        "certificate": (certificates or {}).get(course.pk),
        "csrf_token": context.get("csrf_token"),
        "needs_name": user is not None and not user.get_full_name().strip(),
        "username": user.get_username() if user is not None else "",
    }
