"""Editing a lesson in the Wagtail admin as a professor does, in a real browser."""

from playwright.sync_api import expect


def retype_paragraph(page, old, new):
    """Type `new` over the lesson body's one rich-text paragraph, which reads `old`,
    and wait until the form holds it, so publishing publishes `new`."""
    paragraph = page.locator("[contenteditable=true]")
    expect(paragraph).to_have_text(old)
    paragraph.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(new)
    expect(paragraph).to_have_text(new)
    wait_until_saved_in_form(page, new)


def wait_until_saved_in_form(page, text):
    """Draftail copies what was typed into the form's hidden field a moment
    later; publishing before that would publish the old text."""
    page.wait_for_function(
        "text => [...document.querySelectorAll('input[type=hidden]')]"
        ".some(field => field.value.includes(text))",
        arg=text,
    )
