"""Reading a course folder (see `course/content/README.md`) into page data.

Everything here is checked before the database is touched, and every problem
names the file it is in, so a professor editing YAML by hand gets told where
the mistake is rather than a traceback.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import yaml
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from course.models import CoursePage
from lessons.models import LessonPage
from quizzes.models import QuizPage

CONTENT_DIR = Path(__file__).resolve().parent / "content"
COURSE_FILE = "course.yaml"
IMAGES_DIR = "images"
OPTIONAL_INT = (int, type(None))  # a number, or left empty for "none"


@dataclass(frozen=True)
class Kind:
    """One kind of content file: the fields it may hold and the page it becomes."""

    model: type
    fields: dict  # field name -> the YAML type(s) its value may have
    required: frozenset
    stream_field: str | None = None  # the StreamField its list of blocks is read into
    markdown_fields: tuple = ()  # written in markdown, stored as rich text


COURSE = Kind(
    model=CoursePage,
    fields={
        "title": str,
        "subtitle": str,
        "slug": str,
        "summary": str,
        "audience": str,
        "estimated_hours": (int, float),
        "learning_outcomes": list,
        "introduction": str,
        "items": list,
    },
    required=frozenset({"title", "slug", "summary", "items"}),
    markdown_fields=("introduction",),
)
ITEM_KINDS = {
    "lesson": Kind(
        model=LessonPage,
        fields={
            "type": str,
            "title": str,
            "slug": str,
            "summary": str,
            "estimated_minutes": int,
            "body": list,
        },
        required=frozenset({"title", "slug", "summary"}),
        stream_field="body",
    ),
    "quiz": Kind(
        model=QuizPage,
        fields={
            "type": str,
            "title": str,
            "slug": str,
            "intro": str,
            "pass_mark": int,
            "attempts_allowed": OPTIONAL_INT,
            "time_limit_minutes": OPTIONAL_INT,
            "shuffle_questions": bool,
            "shuffle_choices": bool,
            "grading_method": str,
            "feedback_policy": str,
            "questions": list,
        },
        required=frozenset({"title", "slug"}),
        stream_field="questions",
        markdown_fields=("intro",),
    ),
}
DEFAULT_KIND = "lesson"


class ContentError(Exception):
    """A content file cannot be loaded; the message names the file and why."""


@dataclass
class PageSource:
    """One file's worth of page: its model, fields, stream blocks and images."""

    source: str  # path relative to the content folder, e.g. "not-if-when/course.yaml"
    model: type
    fields: dict
    stream_field: str | None = None  # "body" for a lesson, "questions" for a quiz
    body: list = field(default_factory=list)  # raw data for stream_field, image names unresolved
    images: dict = field(default_factory=dict)  # file name -> bytes
    fingerprint: str = ""


@dataclass
class CourseSource:
    """A whole course folder: the course page and its items in `items` order."""

    course: PageSource
    items: list

    @property
    def lessons(self):
        return [item for item in self.items if item.model is LessonPage]

    @property
    def quizzes(self):
        return [item for item in self.items if item.model is QuizPage]


def read_course(folder):
    """Read and check every file of a course folder, or raise ContentError."""
    folder = Path(folder)
    if not (folder / COURSE_FILE).is_file():
        raise ContentError(
            _("%(folder)s: no %(file)s in it.") % {"folder": folder, "file": COURSE_FILE}
        )
    course = _read_page(folder, folder / COURSE_FILE, COURSE)
    course.fields["learning_outcomes"] = [
        {"type": "outcome", "value": str(outcome)}
        for outcome in course.fields.get("learning_outcomes") or []
    ]
    names = course.fields.pop("items")
    files = {path.stem: path for path in folder.glob("*.yaml") if path.name != COURSE_FILE}
    _check_items(course.source, names, files)
    items = [_read_page(folder, files[name]) for name in names]
    _check_unique_slugs(items)
    return CourseSource(course=course, items=items)


def to_html(text):
    """Markdown as Wagtail stores rich text."""
    return markdown.markdown(text.strip()) if text else ""


def _read_page(folder, path, kind=None):
    """One file as a PageSource; `kind` None means an item, whose `type` says."""
    name = f"{folder.name}/{path.name}"
    raw_bytes = path.read_bytes()
    data = _parse(name, raw_bytes)
    if kind is None:
        kind_name = data.get("type", DEFAULT_KIND)
        kind = ITEM_KINDS.get(kind_name) if isinstance(kind_name, str) else None
        if kind is None:
            raise ContentError(
                _("%(file)s: unknown type %(type)r (expected one of: %(types)s).")
                % {"file": name, "type": kind_name, "types": ", ".join(ITEM_KINDS)}
            )
    _check_fields(name, data, kind)
    page = PageSource(
        source=name,
        model=kind.model,
        fields=_page_fields(data, kind),
        stream_field=kind.stream_field,
    )
    if kind.stream_field:
        stream_block = kind.model._meta.get_field(kind.stream_field).stream_block
        reader = _BlockReader(name, folder, stream_block, page.images)
        page.body = [
            reader.block(index, block)
            for index, block in enumerate(data.get(kind.stream_field) or [], start=1)
        ]
        if not page.body:
            raise ContentError(
                _("%(file)s: %(field)s has no blocks.")
                % {"file": name, "field": kind.stream_field}
            )
    digest = hashlib.sha256(raw_bytes)
    for image_name in sorted(page.images):
        digest.update(page.images[image_name])
    page.fingerprint = digest.hexdigest()
    return page


def _parse(name, raw_bytes):
    try:
        data = yaml.safe_load(raw_bytes.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ContentError(
            _("%(file)s: not UTF-8 text (%(error)s).") % {"file": name, "error": error}
        ) from error
    except yaml.YAMLError as error:
        raise ContentError(f"{name}: {_('not valid YAML')}: {error}") from error
    if not isinstance(data, dict):
        raise ContentError(
            _("%(file)s: expected a mapping of fields at the top.") % {"file": name}
        )
    return data


def _page_fields(data, kind):
    """The values to set on the page. A model field left out of the file gets
    its default, so deleting a line (say `attempts_allowed`) takes effect on
    the next load instead of leaving the old value behind."""
    fields = {}
    for key in kind.fields:
        if key in ("type", kind.stream_field):
            continue
        if key in data:
            fields[key] = data[key]
            continue
        try:
            fields[key] = kind.model._meta.get_field(key).get_default()
        except FieldDoesNotExist:
            continue
    for key in kind.markdown_fields:
        fields[key] = to_html(fields.get(key) or "")
    return fields


def _check_fields(name, data, kind):
    unknown = sorted(set(data) - set(kind.fields))
    if unknown:
        raise ContentError(
            _("%(file)s: unknown field %(field)s (expected: %(expected)s).")
            % {"file": name, "field": ", ".join(unknown), "expected": ", ".join(kind.fields)}
        )
    present = {key for key, value in data.items() if value not in (None, "")}
    missing = sorted(kind.required - present)
    if missing:
        raise ContentError(
            _("%(file)s: missing %(field)s.") % {"file": name, "field": ", ".join(missing)}
        )
    for key, types in kind.fields.items():
        types = types if isinstance(types, tuple) else (types,)
        value = data.get(key)
        # YAML's true/false are ints to Python; a number field must not take them.
        wrong = not isinstance(value, types) or (isinstance(value, bool) and bool not in types)
        if key in data and wrong:
            raise ContentError(
                _("%(file)s: %(field)s has the wrong type.") % {"file": name, "field": key}
            )


def _check_items(source, names, files):
    """`items` lists every item file of the folder exactly once, and nothing else."""
    listed = set()
    for name in names:
        if not isinstance(name, str):
            raise ContentError(
                _("%(file)s: items: %(name)r is not a file name.") % {"file": source, "name": name}
            )
        if name in listed:
            raise ContentError(
                _("%(file)s: items lists %(name)s twice.") % {"file": source, "name": name}
            )
        if name not in files:
            raise ContentError(
                _("%(file)s: items lists %(name)s, but there is no %(name)s.yaml.")
                % {"file": source, "name": name}
            )
        listed.add(name)
    unlisted = sorted(set(files) - listed)
    if unlisted:
        raise ContentError(
            _("%(file)s: items does not list %(names)s.")
            % {"file": source, "names": ", ".join(f"{name}.yaml" for name in unlisted)}
        )


class _BlockReader:
    """Turns a file's YAML blocks into raw data for one StreamBlock (a lesson
    body, a quiz's questions), converting by each block's own definition:
    markdown where it holds rich text, an image's file name kept for the
    loader to resolve. Checking values is left to the blocks' `clean()`."""

    def __init__(self, name, folder, stream_block, images):
        self.name = name
        self.folder = folder
        self.stream_block = stream_block
        self.images = images  # filled in: file name -> bytes

    def block(self, index, raw):
        where = f"{self.name}: block {index}"
        if not isinstance(raw, dict) or "type" not in raw:
            raise ContentError(_("%(where)s: a block needs a type.") % {"where": where})
        kind = raw["type"]
        definition = self.stream_block.child_blocks.get(kind)
        if definition is None:
            raise ContentError(
                _("%(where)s: unknown block type %(kind)r (expected one of: %(types)s).")
                % {
                    "where": where,
                    "kind": kind,
                    "types": ", ".join(self.stream_block.child_blocks),
                }
            )
        where = f"{where} ({kind})"
        fields = {key: value for key, value in raw.items() if key != "type"}
        if not isinstance(definition, blocks.StructBlock):
            if set(fields) != {"value"}:
                raise ContentError(_("%(where)s: expected only a value.") % {"where": where})
            return {"type": kind, "value": self.convert(where, definition, fields["value"])}
        return {"type": kind, "value": self.struct(where, definition, fields)}

    def struct(self, where, definition, fields):
        if not isinstance(fields, dict):
            raise ContentError(_("%(where)s: expected a mapping of fields.") % {"where": where})
        unknown = sorted(set(fields) - set(definition.child_blocks))
        if unknown:
            raise ContentError(
                _("%(where)s: unknown field %(field)s (expected: %(expected)s).")
                % {
                    "where": where,
                    "field": ", ".join(unknown),
                    "expected": ", ".join(definition.child_blocks),
                }
            )
        return {
            key: self.convert(f"{where}: {key}", child, fields[key])
            for key, child in definition.child_blocks.items()
            if key in fields
        }

    def convert(self, where, definition, value):
        if isinstance(definition, blocks.RichTextBlock):
            return to_html("" if value is None else str(value))
        if isinstance(definition, ImageChooserBlock):
            return self.image(where, value)
        if isinstance(definition, blocks.ChoiceBlock) and isinstance(value, bool):
            return "true" if value else "false"  # YAML reads a bare true/false as a bool
        if isinstance(definition, blocks.ListBlock) and isinstance(value, list):
            child = definition.child_block
            if isinstance(child, blocks.StructBlock):
                return [
                    self.struct(f"{where} item {number}", child, item)
                    for number, item in enumerate(value, start=1)
                ]
            return [str(item) for item in value]
        return value

    def image(self, where, value):
        path = self.folder / IMAGES_DIR / str(value)
        if not path.is_file():
            raise ContentError(
                _("%(where)s: no image %(image)s in images/.") % {"where": where, "image": value}
            )
        self.images[path.name] = path.read_bytes()
        return path.name


def _check_unique_slugs(items):
    seen = {}
    for item in items:
        slug = item.fields["slug"]
        if slug in seen:
            raise ContentError(
                _("%(file)s: slug %(slug)r is already used by %(other)s.")
                % {"file": item.source, "slug": slug, "other": seen[slug]}
            )
        seen[slug] = item.source
