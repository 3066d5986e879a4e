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
from django.utils.translation import gettext as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from lessons.blocks import LessonBodyBlock

CONTENT_DIR = Path(__file__).resolve().parent / "content"
COURSE_FILE = "course.yaml"
IMAGES_DIR = "images"

COURSE_FIELDS = {
    "title": str,
    "subtitle": str,
    "slug": str,
    "summary": str,
    "audience": str,
    "estimated_hours": (int, float),
    "learning_outcomes": list,
    "introduction": str,
}
LESSON_FIELDS = {
    "title": str,
    "slug": str,
    "summary": str,
    "estimated_minutes": int,
    "body": list,
}
REQUIRED = {"title", "slug", "summary"}


class ContentError(Exception):
    """A content file cannot be loaded; the message names the file and why."""


@dataclass
class PageSource:
    """One file's worth of page: its fields, its body blocks, its images."""

    source: str  # path relative to the content folder, e.g. "not-if-when/course.yaml"
    fields: dict
    body: list = field(default_factory=list)  # raw StreamField data, image names unresolved
    images: dict = field(default_factory=dict)  # file name -> bytes
    fingerprint: str = ""


@dataclass
class CourseSource:
    """A whole course folder: the course page and its lessons in file order."""

    course: PageSource
    lessons: list


def read_course(folder):
    """Read and check every file of a course folder, or raise ContentError."""
    folder = Path(folder)
    if not (folder / COURSE_FILE).is_file():
        raise ContentError(
            _("%(folder)s: no %(file)s in it.") % {"folder": folder, "file": COURSE_FILE}
        )
    course = _read_page(folder, folder / COURSE_FILE, COURSE_FIELDS, body_field=None)
    course.fields["learning_outcomes"] = [
        {"type": "outcome", "value": str(outcome)}
        for outcome in course.fields.get("learning_outcomes", [])
    ]
    course.fields["introduction"] = to_html(course.fields.get("introduction", ""))
    lesson_files = sorted(p for p in folder.glob("*.yaml") if p.name != COURSE_FILE)
    lessons = [_read_page(folder, path, LESSON_FIELDS, body_field="body") for path in lesson_files]
    _check_unique_slugs(lessons)
    return CourseSource(course=course, lessons=lessons)


def to_html(text):
    """Markdown as Wagtail stores rich text."""
    return markdown.markdown(text.strip()) if text else ""


def _read_page(folder, path, allowed, body_field):
    name = f"{folder.name}/{path.name}"
    raw_bytes = path.read_bytes()
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
    _check_fields(name, data, allowed)
    page = PageSource(source=name, fields={k: v for k, v in data.items() if k != body_field})
    if body_field:
        page.body = [
            _read_block(name, index, block, folder, page.images)
            for index, block in enumerate(data.get(body_field) or [], start=1)
        ]
        if not page.body:
            raise ContentError(_("%(file)s: the body has no blocks.") % {"file": name})
    digest = hashlib.sha256(raw_bytes)
    for image_name in sorted(page.images):
        digest.update(page.images[image_name])
    page.fingerprint = digest.hexdigest()
    return page


def _check_fields(name, data, allowed):
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ContentError(
            _("%(file)s: unknown field %(field)s (expected: %(expected)s).")
            % {"file": name, "field": ", ".join(unknown), "expected": ", ".join(allowed)}
        )
    missing = sorted(REQUIRED - {key for key, value in data.items() if value not in (None, "")})
    if missing:
        raise ContentError(
            _("%(file)s: missing %(field)s.") % {"file": name, "field": ", ".join(missing)}
        )
    for key, kind in allowed.items():
        if key in data and not isinstance(data[key], kind):
            raise ContentError(
                _("%(file)s: %(field)s has the wrong type.") % {"file": name, "field": key}
            )


def _read_block(name, index, raw, folder, images):
    """Turn one YAML block into StreamField data, converting by the block's
    own definition: markdown where it holds rich text, an image's file name
    kept for the loader to resolve."""
    where = f"{name}: block {index}"
    if not isinstance(raw, dict) or "type" not in raw:
        raise ContentError(_("%(where)s: a block needs a type.") % {"where": where})
    kind = raw["type"]
    definition = LessonBodyBlock.base_blocks.get(kind)
    if definition is None:
        raise ContentError(
            _("%(where)s: unknown block type %(kind)r (expected one of: %(types)s).")
            % {"where": where, "kind": kind, "types": ", ".join(LessonBodyBlock.base_blocks)}
        )
    where = f"{where} ({kind})"
    fields = {key: value for key, value in raw.items() if key != "type"}
    if not isinstance(definition, blocks.StructBlock):
        if set(fields) != {"value"}:
            raise ContentError(_("%(where)s: expected only a value.") % {"where": where})
        return {"type": kind, "value": _convert(definition, fields["value"])}
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
    value = {}
    for key, child in definition.child_blocks.items():
        if key not in fields:
            continue
        if isinstance(child, ImageChooserBlock):
            path = folder / IMAGES_DIR / str(fields[key])
            if not path.is_file():
                raise ContentError(
                    _("%(where)s: no image %(image)s in images/.")
                    % {"where": where, "image": fields[key]}
                )
            images[path.name] = path.read_bytes()
        value[key] = _convert(child, fields[key])
    return {"type": kind, "value": value}


def _convert(definition, value):
    if isinstance(definition, blocks.RichTextBlock):
        return to_html(str(value))
    if isinstance(definition, blocks.ListBlock):
        return [str(item) for item in value] if isinstance(value, list) else value
    return value


def _check_unique_slugs(lessons):
    seen = {}
    for lesson in lessons:
        slug = lesson.fields["slug"]
        if slug in seen:
            raise ContentError(
                _("%(file)s: slug %(slug)r is already used by %(other)s.")
                % {"file": lesson.source, "slug": slug, "other": seen[slug]}
            )
        seen[slug] = lesson.source
