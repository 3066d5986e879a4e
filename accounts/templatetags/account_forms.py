"""Form fields drawn the site's way: label above, help and errors tied to the input."""

from django import template

register = template.Library()


@register.simple_tag
def described_widget(field):
    """The field's input, pointing at its help text and errors by `aria-describedby`.

    The ids match what `accounts/includes/field.html` gives the help
    (`<id>-help`) and the error list (`<id>-error`), so a screen reader
    reads both when the input takes focus. Django adds `aria-invalid` itself
    when the field has errors. Placeholders are dropped: the label is always
    shown, and a placeholder repeating it only adds noise.
    """
    ids = []
    if field.help_text:
        ids.append(f"{field.id_for_label}-help")
    if field.errors:
        ids.append(f"{field.id_for_label}-error")
    attrs = {"placeholder": False}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    return field.as_widget(attrs=attrs)


@register.simple_tag
def form_errors(form):
    """A form's errors for its summary: (anchor id or "", label, message) in field order.

    Errors that belong to no field (a wrong password on the sign-in form)
    come first and link nowhere; errors of hidden fields are listed too, as
    the student has no other way to see them.
    """
    if form is None or not hasattr(form, "non_field_errors") or not form.errors:
        return []
    listed = [("", "", message) for message in form.non_field_errors()]
    for field in form:
        for message in field.errors:
            if field.is_hidden:
                listed.append(("", "", message))
            else:
                listed.append((field.id_for_label or "", field.label, message))
    return listed
