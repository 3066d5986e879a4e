"""The editors' accessibility checker runs the WCAG 2.1 AA rules the site is tested against."""

from wagtail import hooks
from wagtail.admin.userbar import ContentCheckerItem


class WCAGContentCheckerItem(ContentCheckerItem):
    """Wagtail's checker in the userbar, with axe-core's WCAG 2.1 A and AA
    rules added to Wagtail's own content rules (alt text quality, empty
    headings, meta description), so a professor sees on the page they edit
    what the test suite would report before it reaches students."""

    axe_run_only = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice", "seo"]


@hooks.register("construct_wagtail_userbar")
def check_wcag_21_aa(request, items, page):
    for index, item in enumerate(items):
        if isinstance(item, ContentCheckerItem):
            items[index] = WCAGContentCheckerItem(in_editor=item.in_editor)
