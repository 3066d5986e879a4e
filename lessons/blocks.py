"""The blocks a lesson is written in, one class per kind of content.

Each block renders through its own template in `templates/blocks/`, so the
look of a callout or a case study is changed in one place for every lesson.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
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


class DoDontBlock(blocks.StructBlock):
    """Two lists side by side: what to do, and what not to."""

    title = blocks.CharBlock(label=_("Title"), max_length=120, required=False)
    do = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Do"), min_num=1)
    dont = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Don't"), min_num=1)

    class Meta:
        icon = "tasks"
        label = _("Do and don't")
        template = "blocks/do_dont.html"


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


class ReflectionBlock(blocks.StructBlock):
    """A question the student answers for themselves."""

    prompt = blocks.TextBlock(label=_("Prompt"))
    guidance = blocks.RichTextBlock(label=_("Guidance"), features=PROSE_FEATURES, required=False)

    class Meta:
        icon = "help"
        label = _("Reflection prompt")
        template = "blocks/reflection.html"


class ChecklistBlock(blocks.StructBlock):
    """Steps to tick off, on screen or on paper."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    items = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Items"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Checklist")
        template = "blocks/checklist.html"


class TakeawaysBlock(blocks.StructBlock):
    """The few things to remember, usually at the end of a lesson."""

    items = blocks.ListBlock(
        blocks.CharBlock(max_length=300), label=_("Key takeaways"), min_num=1, max_num=7
    )

    class Meta:
        icon = "pick"
        label = _("Key takeaways")
        template = "blocks/takeaways.html"


class LessonBodyBlock(blocks.StreamBlock):
    """Everything a lesson body may hold, in the order the author chooses."""

    text = blocks.RichTextBlock(
        label=_("Text"), features=PROSE_FEATURES, icon="pilcrow", template="blocks/text.html"
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
