"""The deep-linking chooser's form: which lessons and quizzes go back to the LMS."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DeepLinkChoiceForm(forms.Form):
    """Checkboxes when the platform accepts several items at once, one radio
    choice when it accepts only one; only the items shown may be picked.
    The template renders the inputs itself, grouped by course."""

    def __init__(self, *args, courses, multiple: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.pages = {str(item.pk): item for group in courses for item in group.items}
        choices = [(pk, page.title) for pk, page in self.pages.items()]
        if multiple:
            self.fields["items"] = forms.MultipleChoiceField(
                choices=choices,
                error_messages={"required": _("Choose at least one lesson or quiz.")},
            )
        else:
            self.fields["items"] = forms.ChoiceField(
                choices=choices, error_messages={"required": _("Choose a lesson or quiz.")}
            )
        self.multiple = multiple

    def clean(self):
        cleaned = super().clean()
        if not self.multiple and len(self.data.getlist("items")) > 1:
            self.add_error("items", _("Your LMS takes one item at a time here: choose one."))
        return cleaned

    def chosen(self) -> list:
        """The pages picked, in course order."""
        picked = self.cleaned_data["items"]
        picked = set(picked) if self.multiple else {picked}
        return [page for pk, page in self.pages.items() if pk in picked]

    def selected(self) -> set[str]:
        """The ids ticked in the submitted data, to tick them again after an error."""
        if not self.is_bound:
            return set()
        return set(self.data.getlist("items"))
