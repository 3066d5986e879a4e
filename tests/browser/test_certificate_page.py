"""A student claims their certificate in a real Chromium, prints it, and shares a
link anyone can open: the page passes axe on a phone and a laptop, in light and
dark, fits a 320 px screen, and prints as one landscape page."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from certificates.models import Certificate
from certificates.services import certificate_issue
from lessons.services import lesson_complete
from tests.browser.test_reading import VIEWPORTS, WCAG_21_AA
from tests.factories import make_course, make_lesson, make_quiz, make_student, site_as_migrated
from tests.factories import take_quiz as pass_quiz

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def finished(live_server):
    """Sam Rivers, who has read the lesson and passed the quiz of a course."""
    site_as_migrated()
    course = make_course(title="Not If. When.", slug="not-if-when")
    student = make_student("sam", first_name="Sam", last_name="Rivers")
    lesson_complete(student=student, lesson=make_lesson(course, title="The handoff"))
    pass_quiz(student, make_quiz(course, title="Check"), ["c1"])
    return student, course


def signed_in_context(browser, live_server, student, **options):
    """A browser context carrying `student`'s session, as if they had signed in."""
    client = Client()
    client.force_login(student)
    context = browser.new_context(**options)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return context


def assert_axe_passes(page):
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def test_a_student_claims_the_certificate_from_the_course_page(browser, live_server, finished):
    student, course = finished
    context = signed_in_context(browser, live_server, student, viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(live_server.url + course.url)

    page.get_by_role("button", name="Get your certificate").click()

    certificate = Certificate.objects.get(student=student)
    assert page.url == live_server.url + certificate.get_absolute_url()
    expect(page.locator("h1")).to_have_text("Certificate of completion")
    expect(page.locator(".certificate__name")).to_have_text("Sam Rivers")
    expect(page.locator("#certificate-link")).to_have_value(page.url)
    page.goto(live_server.url + course.url)
    expect(page.get_by_role("link", name="Your certificate")).to_have_attribute(
        "href", certificate.get_absolute_url()
    )
    context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_certificate_page_passes_axe_for_its_owner_and_for_anyone(
    browser, live_server, finished, screenshots, viewport, scheme
):
    student, course = finished
    url = live_server.url + certificate_issue(student=student, course=course).get_absolute_url()
    options = {"viewport": VIEWPORTS[viewport], "color_scheme": scheme}
    for viewer, context in [
        ("owner", signed_in_context(browser, live_server, student, **options)),
        ("anyone", browser.new_context(**options)),
    ]:
        page = context.new_page()
        page.goto(url)
        expect(page.locator(".certificate-check")).to_contain_text("This certificate is genuine")
        page.screenshot(
            path=screenshots / f"certificate-{viewer}-{viewport}-{scheme}.png", full_page=True
        )

        assert_axe_passes(page)
        context.close()


def test_the_certificate_fits_a_320_px_screen(browser, live_server, finished, screenshots):
    student, course = finished
    certificate = certificate_issue(student=student, course=course)
    context = signed_in_context(
        browser, live_server, student, viewport={"width": 320, "height": 640}
    )
    page = context.new_page()
    page.goto(live_server.url + certificate.get_absolute_url())

    page.screenshot(path=screenshots / "certificate-owner-320.png", full_page=True)

    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_the_print_button_prints_and_without_javascript_the_page_says_how(
    browser, live_server, finished
):
    student, course = finished
    url = live_server.url + certificate_issue(student=student, course=course).get_absolute_url()
    context = signed_in_context(browser, live_server, student, viewport=VIEWPORTS["desktop"])
    context.add_init_script("window.print = () => { window.printed = true; };")
    page = context.new_page()
    page.goto(url)

    page.get_by_role("button", name="Print or save as PDF").click()

    assert page.evaluate("window.printed") is True
    context.close()

    context = signed_in_context(
        browser, live_server, student, viewport=VIEWPORTS["desktop"], java_script_enabled=False
    )
    page = context.new_page()
    page.goto(url)
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_hidden()
    expect(page.locator(".certificate-tools")).to_contain_text("use your browser's Print command")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_certificate_prints_alone_on_one_landscape_page(
    browser, live_server, finished, screenshots, scheme
):
    student, course = finished
    certificate = certificate_issue(student=student, course=course)
    context = signed_in_context(
        browser,
        live_server,
        student,
        viewport={"width": 1123, "height": 794},  # A4 landscape at 96 dpi
        color_scheme=scheme,
    )
    page = context.new_page()
    page.goto(live_server.url + certificate.get_absolute_url())
    page.emulate_media(media="print")

    page.screenshot(path=screenshots / f"certificate-print-{scheme}.png", full_page=True)

    for hidden in (".site-header", ".site-footer", ".certificate-check", ".certificate-tools"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator(".certificate__name")).to_have_text("Sam Rivers")
    assert page.locator("body").evaluate("el => getComputedStyle(el).backgroundColor") == (
        "rgb(255, 255, 255)"
    )
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    pages = re.findall(rb"/Type\s*/Page\b", pdf)
    assert len(pages) == 1
    width, height = (
        float(n) for n in re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf).groups()
    )
    assert width > height  # landscape
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_student_without_a_name_is_told_how_to_set_one_and_the_pages_pass_axe(
    browser, live_server, finished, screenshots, scheme
):
    student, course = finished
    student.first_name = student.last_name = ""
    student.save()
    context = signed_in_context(
        browser, live_server, student, viewport=VIEWPORTS["phone"], color_scheme=scheme
    )
    page = context.new_page()
    page.goto(live_server.url + course.url)
    claim = page.locator(".certificate-action")
    expect(claim).to_contain_text("the certificate will show your username, sam")
    claim.screenshot(path=screenshots / f"certificate-claim-{scheme}.png")
    assert_axe_passes(page)

    page.get_by_role("button", name="Get your certificate").click()

    expect(page.locator(".certificate__name")).to_have_text("sam")
    expect(page.get_by_role("link", name="Set your name on your account page")).to_be_visible()
    page.screenshot(path=screenshots / f"certificate-no-name-{scheme}.png", full_page=True)
    assert_axe_passes(page)
    page.goto(live_server.url + "/dashboard/")
    expect(page.get_by_role("link", name="Your certificate")).to_be_visible()
    assert_axe_passes(page)
    context.close()
