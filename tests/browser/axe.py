"""axe-core in the browser tests: WCAG 2.1 AA rules, run page by page, with
the failures of every page gathered before the test fails, so one page's
report does not hide the next's."""

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def axe_failures(page, name):
    """The page's WCAG 2.1 AA violations as a report, or None when there are none."""
    results = Axe().run(page, options=WCAG_21_AA)
    if results.violations_count:
        return f"{name} ({page.url})\n{results.generate_report()}"
    return None


def assert_no_axe_failures(failures):
    """Fail with every report among `failures` (what `axe_failures` returned)."""
    reports = [failure for failure in failures if failure]
    assert not reports, "\n\n".join(reports)
