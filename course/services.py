"""Writing the bundled course into the page tree.

`course_load` is safe to run at every start: a file that has not changed
since the last load leaves its page untouched (no new revision), and a page a
professor has edited in the admin is kept unless `force` is given.
"""

import enum
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Site
from wagtail.utils.file import hash_filelike

from course.bundled import ContentError, PageSource, read_course
from course.models import BundledPage, CourseIndexPage, CoursePage
from lessons.models import LessonPage


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
    """Create or update a course and its lessons from `folder`, all or nothing.

    Returns what happened to each file's page, in course order. Raises
    ContentError, naming the file, if any file is malformed; then nothing
    has been written.
    """
    source = read_course(folder)
    with transaction.atomic():
        catalog = _catalog()
        course, outcome = _write_page(source.course, CoursePage, parent=catalog, force=force)
        report = [LoadedPage(source.course.source, course.title, outcome)]
        for lesson_source in source.lessons:
            lesson, outcome = _write_page(lesson_source, LessonPage, parent=course, force=force)
            report.append(LoadedPage(lesson_source.source, lesson.title, outcome))
    return report


def _catalog():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = site.root_page.specific if site else None
    if not isinstance(root, CourseIndexPage):
        raise ContentError(
            _("The default site's home is not the course catalog: run migrate first.")
        )
    return root


def _write_page(source: PageSource, model, *, parent, force):
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
    if source.body:
        page.body = _body(source)
    try:
        if outcome is Outcome.CREATED:
            parent.add_child(instance=page)
        revision = page.save_revision()
    except ValidationError as error:
        raise ContentError(f"{source.source}: {_describe(error)}") from error
    revision.publish()
    record.page = page
    record.fingerprint = source.fingerprint
    record.revision = revision
    record.save()
    return page, outcome


def _body(source: PageSource):
    """The StreamField value for a lesson, with image names resolved to
    images in the library (imported once, found again by content hash)."""
    images = {name: _image(name, data).pk for name, data in source.images.items()}
    raw = []
    for block in source.body:
        value = block["value"]
        if isinstance(value, dict) and value.get("image") in images:
            value = {**value, "image": images[value["image"]]}
        raw.append({"type": block["type"], "value": value})
    stream_block = LessonPage.body.field.stream_block
    try:
        return stream_block.clean(stream_block.to_python(raw))
    except ValidationError as error:
        raise ContentError(f"{source.source}: {_describe(error)}") from error


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


def _describe(error):
    """A validation error as one readable line: `block 3: text: This field is required.`"""
    data = error.as_json_data() if hasattr(error, "as_json_data") else None
    if data is None:
        return "; ".join(error.messages)
    return "; ".join(_flatten(data))


def _flatten(data, prefix=""):
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "messages":
                yield from (f"{prefix}{message}" for message in value)
            elif key == "blockErrors":
                yield from _flatten(value, prefix)
            else:
                label = f"block {int(key) + 1}" if str(key).isdigit() else key
                yield from _flatten(value, f"{prefix}{label}: ")
    elif isinstance(data, list):
        for item in data:
            yield from _flatten(item, prefix)
    else:
        yield f"{prefix}{data}"
