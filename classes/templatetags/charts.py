"""`{% bar_chart chart %}`: draw a `classes.charts.BarChart` where it stands.

Load with `{% load charts %}`. The chart brings its own description and
table, so a page needs nothing else to make it readable without the picture.
"""

from django import template

register = template.Library()


@register.inclusion_tag("classes/charts/bars.html")
def bar_chart(chart):
    """Render `chart` (from `classes.charts.histogram` or `option_bars`)."""
    return {"chart": chart}
