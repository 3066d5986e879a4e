"""The smallest page trees tests need, built the way the admin builds them."""

from wagtail.models import Collection, Locale, Page, Site

from course.models import CourseIndexPage, CoursePage
from lessons.models import LessonPage


def catalog():
    """The site's home, which the `course` migrations create."""
    return Site.objects.get(is_default_site=True).root_page.specific


def site_as_migrated():
    """Rebuild what migrations leave (locale, root page and collection,
    catalog, default site)
    where a transactional test before this one flushed the database."""
    if Site.objects.filter(is_default_site=True).exists():
        return catalog()
    Locale.objects.get_or_create(language_code="en")
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = root.add_child(instance=CourseIndexPage(title="Soft Landing", slug="home"))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_course(parent=None, **fields):
    fields.setdefault("title", "Course")
    fields.setdefault("summary", "A course.")
    return publish(parent or catalog(), CoursePage(**fields))


def make_lesson(course, **fields):
    fields.setdefault("title", f"Lesson {course.get_children_count() + 1}")
    fields.setdefault("summary", "A lesson.")
    fields.setdefault(
        "body",
        [
            ("heading", {"text": f"About {fields['title']}", "level": "h2"}),
            ("text", "<p>Something worth reading.</p>"),
        ],
    )
    return publish(course, LessonPage(**fields))


def make_course_with_lessons(count, **fields):
    course = make_course(**fields)
    lessons = [make_lesson(course, title=f"Lesson {n}") for n in range(1, count + 1)]
    return course, lessons
