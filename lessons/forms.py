"""Forms of the coach's admin pages: a course's built-in rules, its own
rules, and the "try it" box. They check what a professor typed; the writes
are `lessons.services`'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lessons.coach.engine import Verdict
from lessons.coach.patterns import Kind, PatternRefused, rule_compile
from lessons.models import CoachCustomRule
from lessons.services import MAX_MESSAGE_CHARACTERS

MAX_COACH_MESSAGE = 1000  # characters a teaching message may have


def lesson_choices(lessons, *, empty_label):
    """Choices for "the lesson that explains it", from the course's lessons."""
    return [("", empty_label), *((str(lesson.pk), lesson.title) for lesson in lessons)]


class CoachRuleForm(forms.Form):
    """One built-in rule as a course uses it (`lessons.selectors.CourseBuiltinRule`),
    filled in as the course has it; its prefix is the rule's id."""

    enabled = forms.BooleanField(label=_("On"), required=False)
    verdict = forms.ChoiceField(
        label=_("Verdict when it finds it"),
        choices=[
            (Verdict.PROBLEM, Verdict.PROBLEM.label),
            (Verdict.IMPROVE, Verdict.IMPROVE.label),
        ],
    )
    message = forms.CharField(
        label=_("What the student reads"),
        max_length=MAX_COACH_MESSAGE,
        required=False,  # empty: the built-in message
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    good_message = forms.CharField(
        label=_("What the student reads when it is done well"),
        max_length=MAX_COACH_MESSAGE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    lesson = forms.TypedChoiceField(
        label=_("Lesson that explains it"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, data=None, *, rule, lessons):
        initial = {
            "enabled": rule.enabled,
            "verdict": rule.verdict,
            "message": rule.message,
            "good_message": rule.good_message,
            "lesson": rule.lesson_id,
        }
        super().__init__(data, prefix=rule.definition.id, initial=initial)
        self.definition = rule.definition
        self.fields["lesson"].choices = lesson_choices(
            lessons, empty_label=_("The course's lesson that teaches it (as it comes)")
        )
        if not rule.definition.good_message:
            del self.fields["good_message"]


class CoachCustomRuleForm(forms.ModelForm):
    """A professor's own rule; phrases or a pattern that cannot be used
    safely are refused here, beside the field, with the reason."""

    message = forms.CharField(
        label=_("Message"),
        max_length=MAX_COACH_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the student reads: say why, and what to do instead."),
    )
    lesson = forms.TypedChoiceField(
        label=_("Lesson that explains it"), coerce=int, empty_value=None, required=False
    )

    class Meta:
        model = CoachCustomRule
        fields = ["name", "kind", "phrases", "pattern", "when", "verdict", "message", "enabled"]
        widgets = {
            "kind": forms.RadioSelect,
            "when": forms.RadioSelect,
            "phrases": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, lessons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lesson"].choices = lesson_choices(lessons, empty_label=_("None"))
        self.fields["lesson"].initial = self.instance.lesson_id

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        field = "pattern" if kind == Kind.PATTERN else "phrases"
        try:
            rule_compile(
                kind=kind, phrases=cleaned.get("phrases", ""), pattern=cleaned.get("pattern", "")
            )
        except PatternRefused as refused:
            self.add_error(field, str(refused))
        return cleaned


class CoachTryForm(forms.Form):
    text = forms.CharField(
        label=_("A sample message"),
        max_length=MAX_MESSAGE_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Checked with the rules as saved below; nothing is stored."),
    )
