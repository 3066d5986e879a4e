"""Writing the bundled course into the page tree.

`course_load` is safe to run at every start: a file that has not changed
since the last load leaves its page untouched (no new revision), and a page a
professor has edited in the admin is kept unless `force` is given.
"""

import enum
import io
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Site
from wagtail.utils.file import hash_filelike

from course.bundled import ContentError, PageSource, read_course
from course.models import BundledPage, CourseIndexPage


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    KEPT = "kept (edited in the admin; --force replaces it)"


@dataclass(frozen=True)
class LoadedPage:
    source: str
    title: str
    outcome: Outcome


def course_load(*, folder, force=False):
    """Create or update a course and its items (lessons, quizzes) from
    `folder`, all or nothing.

    Returns what happened to each file's page, in course order. Raises
    ContentError, naming the file, if any file is malformed; then nothing
    has been written.
    """
    source = read_course(folder)
    with transaction.atomic():
        catalog = _catalog()
        course, outcome = _write_page(
            source.course, parent=catalog, after=catalog.get_last_child(), force=force
        )
        report = [LoadedPage(source.course.source, course.title, outcome)]
        previous = None
        for item in source.items:
            page, outcome = _write_page(item, parent=course, after=previous, force=force)
            report.append(LoadedPage(item.source, page.title, outcome))
            previous = page
    return report


def _catalog():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = site.root_page.specific if site else None
    if not isinstance(root, CourseIndexPage):
        raise ContentError(
            _("The default site's home is not the course catalog: run migrate first.")
        )
    return root


def _write_page(source: PageSource, *, parent, after, force):
    model = source.model
    record = BundledPage.objects.filter(source=source.source).select_related("page").first()
    if record is None:
        page = model.objects.child_of(parent).filter(slug=source.fields["slug"]).first()
        if page is not None and not force:
            return page, Outcome.KEPT
        record = BundledPage(source=source.source)
    else:
        page = record.page.specific
        edited = page.latest_revision_id != record.revision_id
        if not edited and record.fingerprint == source.fingerprint:
            return page, Outcome.UNCHANGED
        if edited and not force:
            return page, Outcome.KEPT

    outcome = Outcome.CREATED if page is None else Outcome.UPDATED
    page = page or model()
    for name, value in source.fields.items():
        setattr(page, name, value)
    if source.stream_field:
        setattr(page, source.stream_field, _stream(source))
    try:
        if outcome is Outcome.CREATED:
            _add(page, parent=parent, after=after)
        revision = page.save_revision()
    except ValidationError as error:
        raise ContentError(f"{source.source}: {_describe(error)}") from error
    revision.publish()
    record.page = page
    record.fingerprint = source.fingerprint
    record.revision = revision
    record.save()
    return page, outcome


def _add(page, *, parent, after):
    """Put a new page in its place among `parent`'s children: right after
    `after` (the item listed before it), or first when `after` is None. So a
    quiz added to the files of a course already on the site lands where
    `items` puts it, not at the end. If `after` has been moved to another
    parent in the admin, the new page goes last."""
    first = parent.get_first_child() if after is None else None
    if first is not None:
        first.add_sibling("left", instance=page)
    elif after is not None and after.path[: -after.steplen] == parent.path:
        after.add_sibling("right", instance=page)
    else:
        parent.add_child(instance=page)


def _stream(source: PageSource):
    """The value of the page's StreamField (a lesson's body, a quiz's
    questions), checked by the blocks' own `clean()`, with image names
    resolved to images in the library (imported once, found again by content
    hash)."""
    images = {name: _image(name, data).pk for name, data in source.images.items()}
    raw = []
    for block in source.body:
        value = block["value"]
        if isinstance(value, dict) and value.get("image") in images:
            value = {**value, "image": images[value["image"]]}
        raw.append({"type": block["type"], "value": value})
    stream_block = source.model._meta.get_field(source.stream_field).stream_block
    try:
        return stream_block.clean(stream_block.to_python(raw))
    except ValidationError as error:
        block_types = [block["type"] for block in source.body]
        raise ContentError(f"{source.source}: {_describe(error, block_types)}") from error


def _image(name, data):
    Image = get_image_model()
    file_hash = hash_filelike(io.BytesIO(data))
    existing = Image.objects.filter(file_hash=file_hash).first()
    if existing:
        return existing
    image = Image(title=name.rsplit(".", 1)[0].replace("-", " ").capitalize())
    image.file = ImageFile(io.BytesIO(data), name=name)
    image._set_image_file_metadata()
    image.save()
    return image


def _describe(error, block_types=()):
    """A validation error as one readable line, naming where it is:
    `block 3 (heading): level: …` for a block (`block_types` gives each
    block's type), `pass_mark: …` for a page field."""
    if hasattr(error, "as_json_data"):
        return "; ".join(_flatten(error.as_json_data(), block_types=block_types))
    if hasattr(error, "error_dict"):
        return "; ".join(
            message if name == NON_FIELD_ERRORS else f"{name}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        )
    return "; ".join(error.messages)


def _flatten(data, prefix="", block_types=()):
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "messages":
                yield from (f"{prefix}{message}" for message in value)
            elif key == "blockErrors":
                yield from _flatten(value, prefix, block_types)
            elif not str(key).isdigit():
                yield from _flatten(value, f"{prefix}{key}: ")
            elif prefix:  # a position inside a block: an item of a list
                yield from _flatten(value, f"{prefix}item {int(key) + 1}: ")
            else:
                index = int(key)
                kind = f" ({block_types[index]})" if index < len(block_types) else ""
                yield from _flatten(value, f"{prefix}block {index + 1}{kind}: ")
    elif isinstance(data, list):
        for item in data:
            yield from _flatten(item, prefix, block_types)
    else:
        yield f"{prefix}{data}"
