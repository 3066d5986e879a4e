"""Where each page type may live: catalog at the top, courses in it, lessons in courses."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from course.models import CourseIndexPage, CoursePage
from lessons.models import LessonPage


class PageTreeRules(WagtailPageTestCase):
    def test_catalog_sits_at_the_root_and_holds_only_courses(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {Page})
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})

    def test_course_lives_in_the_catalog_and_holds_lessons(self):
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertAllowedSubpageTypes(CoursePage, {LessonPage})
        self.assertCanCreateAt(CourseIndexPage, CoursePage)
        self.assertCanCreateAt(CoursePage, LessonPage)

    def test_lesson_lives_only_in_a_course_and_has_no_children(self):
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage})
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertCanNotCreateAt(CourseIndexPage, LessonPage)
        self.assertCanNotCreateAt(LessonPage, LessonPage)

    def test_only_one_catalog(self):
        root = Page.get_first_root_node()

        self.assertFalse(CourseIndexPage.can_create_at(root))  # the migration made it already

    def test_fresh_site_opens_on_the_catalog(self):
        response = self.client.get("/")

        self.assertEqual(response.status_code, 200)
        self.assertIsInstance(response.context["page"], CourseIndexPage)
