"""Where each page type may live: catalog at the top, courses in it, lessons and quizzes
in courses."""

from django.template.loader import render_to_string
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from course.models import CourseIndexPage, CoursePage
from lessons.models import LessonPage
from quizzes.models import QuizPage


class PageTreeRules(WagtailPageTestCase):
    def test_catalog_sits_at_the_root_and_holds_only_courses(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {Page})
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})

    def test_course_lives_in_the_catalog_and_holds_lessons_and_quizzes(self):
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertAllowedSubpageTypes(CoursePage, {LessonPage, QuizPage})
        self.assertCanCreateAt(CourseIndexPage, CoursePage)
        self.assertCanCreateAt(CoursePage, LessonPage)
        self.assertCanCreateAt(CoursePage, QuizPage)

    def test_lesson_lives_only_in_a_course_and_has_no_children(self):
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage})
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertCanNotCreateAt(CourseIndexPage, LessonPage)
        self.assertCanNotCreateAt(LessonPage, LessonPage)

    def test_quiz_lives_only_in_a_course_and_has_no_children(self):
        self.assertAllowedParentPageTypes(QuizPage, {CoursePage})
        self.assertAllowedSubpageTypes(QuizPage, set())
        self.assertCanNotCreateAt(CourseIndexPage, QuizPage)
        self.assertCanNotCreateAt(LessonPage, QuizPage)
        self.assertCanNotCreateAt(QuizPage, QuizPage)

    def test_only_one_catalog(self):
        root = Page.get_first_root_node()

        self.assertFalse(CourseIndexPage.can_create_at(root))  # the migration made it already

    def test_fresh_site_opens_on_the_catalog(self):
        response = self.client.get("/")

        self.assertEqual(response.status_code, 200)
        self.assertIsInstance(response.context["page"], CourseIndexPage)

    def test_an_unknown_address_gets_a_friendly_404(self):
        response = self.client.get("/not-if-when/no-such-lesson/")

        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "We can't find that page", status_code=404)
        self.assertContains(response, 'href="/"', status_code=404)

    def test_the_server_error_page_renders_without_a_request(self):
        html = render_to_string("500.html")

        self.assertIn("Something went wrong on our side", html)
