"""A student's account pages in a real Chromium, on a phone and a laptop, in
light and dark: they pass axe-core's WCAG 2.1 AA rules, errors are shown where
they can be found, and signing up and deleting work with JavaScript off."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from accounts.models import DeletedAccount
from tests.browser.axe import assert_no_axe_failures, axe_failures
from tests.factories import make_student, site_as_migrated

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_cache"),
]

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


def axe_checked(page, screenshots, name):
    """The page's axe report (None when it passes), after a picture of it."""
    page.screenshot(path=screenshots / f"account-{name}.png", full_page=True)
    return axe_failures(page, name)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_account_pages_pass_axe(
    browser, live_server, sam, mailoutbox, screenshots, viewport, scheme
):
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
    page = context.new_page()
    suffix = f"{viewport}-{scheme}"
    failures = []
    for name, url in [
        ("login", "/accounts/login/"),
        ("signup", "/accounts/signup/"),
        ("password-reset", "/accounts/password/reset/"),
    ]:
        page.goto(live_server.url + url)
        failures.append(axe_checked(page, screenshots, f"{name}-{suffix}"))

    # A forgotten password: the "check your email" page, then the emailed link's
    # form for a new one, what it says when done, and the link once it is used.
    page.fill("input[name=email]", "sam@example.com")
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/done/$"))
    failures.append(axe_checked(page, screenshots, f"password-reset-done-{suffix}"))
    reset_link = emailed_link(mailoutbox, r"/accounts/password/reset/key/\S+")
    page.goto(reset_link)
    expect(page.locator("input[name=password2]")).to_be_visible()
    failures.append(axe_checked(page, screenshots, f"password-reset-from-key-{suffix}"))
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/key/done/$"))
    failures.append(axe_checked(page, screenshots, f"password-reset-from-key-done-{suffix}"))
    page.goto(reset_link)
    expect(page.locator("input[name=password2]")).to_have_count(0)
    failures.append(axe_checked(page, screenshots, f"password-reset-link-used-{suffix}"))

    page.goto(live_server.url + "/accounts/signup/")
    page.fill("input[name=email]", "not an address")
    page.click("main button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    failures.append(axe_checked(page, screenshots, f"signup-errors-{suffix}"))

    sign_in(page, live_server)
    for name, url in [
        ("overview", "/accounts/"),
        ("password-change", "/accounts/password/change/"),
        ("email", "/accounts/email/"),
        ("data", "/accounts/data/"),
        ("delete", "/accounts/delete/"),
    ]:
        page.goto(live_server.url + url)
        failures.append(axe_checked(page, screenshots, f"{name}-{suffix}"))

    page.fill("input[name=password]", "not-my-password")
    page.click("main button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    failures.append(axe_checked(page, screenshots, f"delete-errors-{suffix}"))

    # A second address: listed as unverified, the page that says a link was
    # sent, then the emailed link's page that confirms it.
    page.goto(live_server.url + "/accounts/email/")
    page.fill("input[type=email][name=email]", "sam.rivera@example.edu")
    page.click("button[name=action_add]")
    expect(page.locator(".messages")).to_contain_text(
        "Confirmation email sent to sam.rivera@example.edu"
    )
    expect(page.get_by_label("sam.rivera@example.edu")).to_be_visible()
    failures.append(axe_checked(page, screenshots, f"email-unverified-{suffix}"))
    page.goto(live_server.url + "/accounts/confirm-email/")
    expect(page.get_by_role("heading", name="Verify your email address")).to_be_visible()
    failures.append(axe_checked(page, screenshots, f"email-verification-sent-{suffix}"))
    page.goto(emailed_link(mailoutbox, r"/accounts/confirm-email/\S+"))
    expect(page.get_by_role("button", name="Confirm")).to_be_visible()
    failures.append(axe_checked(page, screenshots, f"email-confirm-{suffix}"))

    page.goto(live_server.url + "/accounts/logout/")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    failures.append(axe_checked(page, screenshots, f"logout-{suffix}"))
    context.close()
    assert_no_axe_failures(failures)


def emailed_link(mailoutbox, path):
    """The link to `path` (a pattern) in the last email sent."""
    found = re.search(r"https?://[^/\s]+" + path, mailoutbox[-1].body)
    assert found, mailoutbox[-1].body
    return found.group(0)


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
