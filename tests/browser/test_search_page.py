"""A student searches the bundled course from the header, on a phone and a laptop:
the results page passes axe-core's WCAG 2.1 AA rules and fits the screen."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from tests.factories import site_as_migrated

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
VIEWPORTS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def bundled_course(live_server):
    site_as_migrated()
    call_command("load_course", stdout=io.StringIO())


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_searching_from_the_header_shows_results_that_pass_axe(
    browser, live_server, bundled_course, screenshots, viewport, scheme
):
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
    page = context.new_page()
    page.goto(live_server.url + "/")

    header_search = page.get_by_role("search", name="Site")
    header_search.get_by_label("Search lessons and courses").fill("LinkedIn")
    header_search.get_by_role("button", name="Search").click()

    page.wait_for_url("**/search/?q=LinkedIn")
    assert page.locator(".search-result").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    page.screenshot(path=screenshots / f"search-{viewport}-{scheme}.png", full_page=True)
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()

    for query in ("", "zeppelin"):
        page.goto(f"{live_server.url}/search/?q={query}")
        results = Axe().run(page, options=WCAG_21_AA)
        assert results.violations_count == 0, f"q={query!r}\n{results.generate_report()}"
    context.close()
