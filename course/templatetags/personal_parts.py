"""`{% personal %}…{% endpersonal %}`: a part of a page that is each visitor's own.

Rendered in place like the rest of the template; `course.page_shells`
explains how it lets a page share everything else.
"""

from django import template
from django.template.base import token_kwargs

from course.page_shells import PersonalNode

register = template.Library()


@register.tag
def personal(parser, token):
    """`{% personal %}`, or `{% personal name=value ... %}` inside a loop."""
    bits = token.split_contents()[1:]
    names = token_kwargs(bits, parser, support_legacy=False)
    if bits:
        raise template.TemplateSyntaxError("{% personal %} takes only name=value pairs")
    nodelist = parser.parse(("endpersonal",))
    parser.delete_first_token()
    return PersonalNode(nodelist, names)
