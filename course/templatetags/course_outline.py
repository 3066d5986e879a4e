"""`{% outline_items outline progress %}`: an outline's items, ticked for one student.

Every course item's page lists the whole course with the student's ticks,
and a template loop over the items was the largest part of the page that
cannot be shared. Each item is rendered here twice, ticked and not, once
per content version and page; a request only picks one of the two per item.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from course.content_cache import versioned

register = template.Library()
ITEM_TEMPLATE = "course/outline_item.html"


def _rendered(outline) -> tuple:
    """(item id, ticked <li>, plain <li>) for every item of `outline`."""
    rows = []
    for position, item in enumerate(outline.items, start=1):
        context = {"item": item, "current": position == outline.position}
        ticked = render_to_string(ITEM_TEMPLATE, {**context, "done": True}).strip()
        plain = render_to_string(ITEM_TEMPLATE, {**context, "done": False}).strip()
        rows.append((item.pk, ticked, plain))
    return tuple(rows)


@register.simple_tag(takes_context=True)
def outline_items(context, outline, progress):
    """The <li> of each item of `outline`, ticked where `progress` has it done."""
    name = f"outline-items:{outline.course.pk}:{outline.current.pk}"
    rows = versioned(context.get("request"), name, lambda: _rendered(outline))
    done = progress.done if progress else frozenset()
    return mark_safe("\n".join(ticked if pk in done else plain for pk, ticked, plain in rows))
