"""The blocks a lesson is written in, one class per kind of content.

Each block renders through its own template in `templates/blocks/`, so the
look of a callout or a case study is changed in one place for every lesson.
Each also shows the professor what it makes before they add it: a
description and a preview value for the admin's block picker, rendered
with the site's stylesheet (`templates/wagtailcore/shared/block_preview.html`).
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock
from wagtail.embeds.finders import get_finders
from wagtail.images.blocks import ImageChooserBlock

PROSE_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    """A section heading. Only h2 and h3: the page title is the one h1."""

    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section (h2)")), ("h3", _("Subsection (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading.html"
        description = _("A section title students can scan the lesson by.")
        preview_value = {"text": "What the handoff costs the person in the middle", "level": "h2"}


class FigureBlock(blocks.StructBlock):
    """An image with the words a screen reader says instead of it."""

    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=300,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), max_length=300, required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/figure.html"
        description = _(
            "A picture with the words a screen reader says instead of it, and an optional caption."
        )
        # No picture is uploaded for the block picker: a stand-in shows where it goes.
        preview_template = "blocks/figure_preview.html"
        preview_value = {
            "image": None,
            "alt": "A hand-drawn map: you in the middle, three former colleagues around you, "
            "and the people each of them could introduce you to",
            "caption": "Your network is the people who know your work, not everyone you know.",
        }


class VideoBlock(blocks.StructBlock):
    """An embedded video, never without a transcript (WCAG 1.2)."""

    video = EmbedBlock(label=_("Video URL"), help_text=_("A YouTube or Vimeo address."))
    transcript = blocks.RichTextBlock(
        label=_("Transcript"),
        features=PROSE_FEATURES,
        help_text=_("Everything said and shown, for students who cannot play the video."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video.html"
        description = _("An embedded video, always with its full transcript.")
        # A frame stands in for the player: a preview never asks a video site for anything.
        preview_template = "blocks/video_preview.html"
        preview_value = {
            "video": None,
            "transcript": "<p>Maya: The week I was laid off, I wrote to six hundred people "
            "at once. Nobody answered. The next week I wrote three notes, one person at a "
            "time, and two of them called me back.</p>",
        }

    def clean(self, value):
        """Refuse a video from outside the allowed providers, beside its field.

        The providers are those `WAGTAILEMBEDS_FINDERS` lists, whose players
        the site's Content Security Policy lets into a frame; a video from
        anywhere else would be a blank box for students. It is refused before
        any provider is asked.
        """
        video = value.get("video")
        if video is not None and not any(finder.accept(video.url) for finder in get_finders()):
            message = _(
                "Only YouTube and Vimeo videos can be embedded. Paste the address "
                "of the video's page on one of them."
            )
            raise StructBlockValidationError(block_errors={"video": ValidationError(message)})
        return super().clean(value)


class CalloutBlock(blocks.StructBlock):
    """A boxed aside. "Varies" marks facts that depend on country or state."""

    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[
            ("tip", _("Tip")),
            ("warning", _("Warning")),
            ("example", _("Example")),
            ("varies", _("Depends on where you live")),
        ],
        default="tip",
    )
    title = blocks.CharBlock(label=_("Title"), max_length=120, required=False)
    text = blocks.RichTextBlock(label=_("Text"), features=PROSE_FEATURES)

    class Meta:
        icon = "info-circle"
        label = _("Callout")
        template = "blocks/callout.html"
        description = _(
            'A boxed tip, warning or example; "Depends on where you live" marks facts '
            "that vary by country or state."
        )
        preview_value = {
            "kind": "varies",
            "title": "Unemployment benefits",
            "text": "<p>Who qualifies, and for how long, depends on the state you worked in. "
            "Check its labor department the week you leave.</p>",
        }


class DoDontBlock(blocks.StructBlock):
    """Two lists side by side: what to do, and what not to."""

    title = blocks.CharBlock(label=_("Title"), max_length=120, required=False)
    do = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Do"), min_num=1)
    dont = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Don't"), min_num=1)

    class Meta:
        icon = "tasks"
        label = _("Do and don't")
        template = "blocks/do_dont.html"
        description = _("Two lists side by side: what to do, and what not to.")
        preview_value = {
            "title": "Asking for an introduction",
            "do": ["Name the one person you hope to meet", "Say why them, in a sentence"],
            "dont": [
                "Ask to be forwarded to anyone they know",
                "Send a list of companies to work through",
            ],
        }


class CaseStudyBlock(blocks.StructBlock):
    """A story in three parts, so every case ends on what to do instead."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    situation = blocks.RichTextBlock(label=_("The situation"), features=PROSE_FEATURES)
    what_went_wrong = blocks.RichTextBlock(label=_("What went wrong"), features=PROSE_FEATURES)
    better_way = blocks.RichTextBlock(label=_("A better way"), features=PROSE_FEATURES)

    class Meta:
        icon = "doc-full"
        label = _("Case study")
        template = "blocks/case_study.html"
        description = _("A short story: the situation, what went wrong, and a better way.")
        preview_value = {
            "title": "Dear LinkedIn Friends",
            "situation": "<p>Jordan is laid off on a Tuesday and writes to all 600 "
            "connections at once.</p>",
            "what_went_wrong": "<p>Nobody feels asked, so nobody answers.</p>",
            "better_way": "<p>Three personal notes to people who know Jordan's work.</p>",
        }


class ReflectionBlock(blocks.StructBlock):
    """A question the student answers for themselves."""

    prompt = blocks.TextBlock(label=_("Prompt"))
    guidance = blocks.RichTextBlock(label=_("Guidance"), features=PROSE_FEATURES, required=False)

    class Meta:
        icon = "help"
        label = _("Reflection prompt")
        template = "blocks/reflection.html"
        description = _("A question students answer for themselves, with optional guidance.")
        preview_value = {
            "prompt": "Who are three people who have seen your work up close?",
            "guidance": "<p>Think of a manager, a teammate and a client.</p>",
        }


class ChecklistBlock(blocks.StructBlock):
    """Steps to tick off, on screen or on paper."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    items = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Items"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Checklist")
        template = "blocks/checklist.html"
        description = _("Steps to tick off, on screen or on paper.")
        preview_value = {
            "title": "Before you leave the building",
            "items": [
                "Ask when your benefits end",
                "Get a personal email for two colleagues",
                "Sign nothing on the spot",
            ],
        }


class TakeawaysBlock(blocks.StructBlock):
    """The few things to remember, usually at the end of a lesson."""

    items = blocks.ListBlock(
        blocks.CharBlock(max_length=300), label=_("Key takeaways"), min_num=1, max_num=7
    )

    class Meta:
        icon = "pick"
        label = _("Key takeaways")
        template = "blocks/takeaways.html"
        description = _("The few things to remember, usually at the end of a lesson.")
        preview_value = {
            "items": [
                "A connection is not a contact",
                "Ask for one thing, clearly",
                "Make it easy to say no",
            ]
        }


class PracticeBlock(blocks.StructBlock):
    """A message for the student to write and check with the coach.

    The student's drafts belong to the block's key: its exercise name when
    the professor gives one, otherwise the block's own id, which the admin
    keeps across edits and moves. Content loaded from files gets new block
    ids on each load, so bundled practice blocks always name themselves.
    """

    title = blocks.CharBlock(
        label=_("Title"), max_length=120, default=_("Practice: write the message")
    )
    scenario = blocks.RichTextBlock(
        label=_("Scenario"),
        features=PROSE_FEATURES,
        help_text=_("Who the student writes to, and why: the situation in two or three lines."),
    )
    incoming = blocks.TextBlock(
        label=_("The message they answer"),
        required=False,
        help_text=_("Optional: an email the student replies to, shown as it was written."),
    )
    key = blocks.CharBlock(
        label=_("Exercise name"),
        max_length=50,
        required=False,
        validators=[validate_slug],
        help_text=_(
            "Optional: letters, digits and hyphens, e.g. ask-for-an-introduction. Keeps "
            "students' drafts with this exercise if the block is ever recreated."
        ),
    )
    required = blocks.BooleanBlock(
        label=_("Needed to complete the lesson"),
        required=False,
        help_text=_(
            "Students must check a draft with no problems before they can mark the lesson "
            "complete."
        ),
    )

    class Meta:
        icon = "edit"
        label = _("Practice: write the message")
        template = "blocks/practice.html"
        description = _(
            "Students write a real message for a scenario and get rule-by-rule feedback "
            "from the message coach."
        )
        preview_value = {
            "title": "Practice: write the message",
            "scenario": "<p>You were laid off last week. Ask a former manager, whom you last "
            "spoke to two years ago, for an introduction to someone at a company on your "
            "list.</p>",
        }


def practice_key(raw: dict) -> str:
    """The key a practice block's drafts are kept under, from its raw stream data."""
    return raw["value"].get("key") or raw.get("id") or ""


class LessonBodyBlock(blocks.StreamBlock):
    """Everything a lesson body may hold, in the order the author chooses."""

    text = blocks.RichTextBlock(
        label=_("Text"),
        features=PROSE_FEATURES,
        icon="pilcrow",
        template="blocks/text.html",
        description=_("Paragraphs of prose, with bold, italic, links and lists."),
        preview_value=(
            "<p>A connection is someone who would recognise your name. A <b>contact</b> is "
            "someone who would take your call and do something about it.</p>"
        ),
    )
    heading = HeadingBlock()
    image = FigureBlock()
    video = VideoBlock()
    callout = CalloutBlock()
    do_dont = DoDontBlock()
    case_study = CaseStudyBlock()
    reflection = ReflectionBlock()
    checklist = ChecklistBlock()
    takeaways = TakeawaysBlock()
    practice = PracticeBlock()

    def clean(self, value):
        """Refuse two practice blocks with the same exercise name: their
        students' drafts would be mixed up."""
        cleaned = super().clean(value)
        seen = set()
        errors = {}
        for index, child in enumerate(cleaned):
            if child.block_type != "practice" or not child.value.get("key"):
                continue
            key = child.value["key"]
            if key in seen:
                message = _("Another practice block in this lesson already uses this name.")
                errors[index] = StructBlockValidationError(
                    block_errors={"key": ValidationError(message)}
                )
            seen.add(key)
        if errors:
            raise StreamBlockValidationError(block_errors=errors)
        return cleaned
