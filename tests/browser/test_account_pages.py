"""A student's account pages in a real Chromium, on a phone and a laptop, in
light and dark: they pass axe-core's WCAG 2.1 AA rules, errors are shown where
they can be found, and signing up and deleting work with JavaScript off."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from accounts.models import DeletedAccount
from tests.factories import make_student, site_as_migrated

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_cache"),
]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
VIEWPORTS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}
PASSWORD = "not-if-when"


@pytest.fixture
def sam(live_server):
    site_as_migrated()
    return make_student("sam", first_name="Sam", last_name="Rivera")


def sign_in(page, live_server):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", "sam@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator(".user-menu__name")).to_have_text("Sam Rivera")


def assert_passes_axe(page, screenshots, name):
    page.screenshot(path=screenshots / f"account-{name}.png", full_page=True)
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_account_pages_pass_axe(browser, live_server, sam, screenshots, viewport, scheme):
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
    page = context.new_page()
    suffix = f"{viewport}-{scheme}"
    for name, url in [
        ("login", "/accounts/login/"),
        ("signup", "/accounts/signup/"),
        ("password-reset", "/accounts/password/reset/"),
    ]:
        page.goto(live_server.url + url)
        assert_passes_axe(page, screenshots, f"{name}-{suffix}")

    page.goto(live_server.url + "/accounts/signup/")
    page.fill("input[name=email]", "not an address")
    page.click("main button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_passes_axe(page, screenshots, f"signup-errors-{suffix}")

    sign_in(page, live_server)
    for name, url in [
        ("overview", "/accounts/"),
        ("password-change", "/accounts/password/change/"),
        ("email", "/accounts/email/"),
        ("data", "/accounts/data/"),
        ("delete", "/accounts/delete/"),
    ]:
        page.goto(live_server.url + url)
        assert_passes_axe(page, screenshots, f"{name}-{suffix}")

    page.fill("input[name=password]", "not-my-password")
    page.click("main button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_passes_axe(page, screenshots, f"delete-errors-{suffix}")
    context.close()


def test_a_student_signs_up_with_their_name_and_javascript_off(browser, live_server, sam):
    context = browser.new_context(viewport=VIEWPORTS["phone"], java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/signup/")

    page.click("main button[type=submit]")
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("First name")
    first_name = page.locator("#id_first_name")
    expect(first_name).to_have_attribute("aria-invalid", "true")
    expect(first_name).to_have_attribute("aria-describedby", "id_first_name-error")

    page.fill("input[name=first_name]", "Ines")
    page.fill("input[name=last_name]", "Okafor")
    page.fill("input[name=email]", "ines@example.edu")
    page.fill("input[name=password1]", "a-long-passphrase-1")
    page.fill("input[name=password2]", "a-long-passphrase-1")
    page.click("main button[type=submit]")

    expect(page.locator(".user-menu__name")).to_have_text("Ines Okafor")
    assert get_user_model().objects.get(email="ines@example.edu").last_name == "Okafor"
    context.close()


def test_a_student_deletes_their_account_with_javascript_off(
    browser, live_server, sam, screenshots
):
    context = browser.new_context(viewport=VIEWPORTS["phone"], java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server)

    page.get_by_role("link", name="Account").click()
    page.get_by_role("link", name="Delete your account").click()
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Delete my account").click()

    expect(page.locator(".messages")).to_contain_text("Your account has been deleted")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    page.screenshot(path=screenshots / "account-deleted-phone.png", full_page=True)
    assert DeletedAccount.objects.filter(user=sam).exists()
    context.close()
