"""Forms of the classes app: the student's join code, and the instructor's
section settings, roster upload and due dates."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateTimeInput

from classes.models import Section


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Join code"),
        max_length=32,
        help_text=_("Your instructor gives you this code, e.g. ABCD-EFGH."),
    )


class SectionForm(WagtailAdminModelForm):
    """A section's settings as instructors edit them; the join code is not a
    field (it is drawn by `section_create` and changed only by regenerating).

    Instructors are chosen among people who can reach the Classes area, so the
    list is short and never shows students.
    """

    class Meta:
        model = Section
        fields = [
            "course",
            "name",
            "term",
            "instructors",
            "opens_at",
            "closes_at",
            "default_due_at",
        ]
        widgets = {"instructors": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        User = get_user_model()
        self.fields["instructors"].queryset = (
            User.objects.filter(
                Q(is_superuser=True)
                | Q(groups__permissions__codename="add_section")
                | Q(user_permissions__codename="add_section")
                | Q(pk__in=self.instance.instructors.values("pk") if self.instance.pk else [])
            )
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        self.fields["instructors"].label_from_instance = _instructor_label

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Closing must come after opening."))
        return cleaned


def _instructor_label(user):
    name = user.get_full_name() or user.username
    return f"{name} <{user.email}>" if user.email else name


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file (CSV)"),
        help_text=_(
            "One row per student: email, first name, last name, SIS user ID, SIS login ID. "
            "Column names are matched loosely; only email is required."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class DueDatesForm(forms.Form):
    """A due date per course item; empty means the section's default applies."""

    def __init__(self, *args, items, due_dates, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.DateTimeField(
                label=item.title,
                required=False,
                initial=due_dates.get(item.pk),
                widget=AdminDateTimeInput,
            )

    def due_dates(self) -> dict:
        """{item id: datetime or None} from the cleaned form."""
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}
