"""What launches from a fake LMS would have left behind, built directly.

The grade passback and deep-linking tests start where a launch ends: a
registration of the platform, an LMS course (an LTI context) taught as one
of our sections, its learners as platform users tied to our accounts, and
quizzes linked into it with a gradebook column (line item) each. The
platform's token and score endpoints answer in-process
(`tests.lti_platform.FakePlatform`), so no test touches the network.
"""

import json
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse
from lti_tool.models import (
    LtiContext,
    LtiLineItem,
    LtiMembership,
    LtiRegistration,
    LtiResourceLink,
    LtiUser,
)

from lti.assignments.models import ScorePost
from lti.launch.models import LinkedItem, SectionLink
from tests.factories import (
    make_course,
    make_instructor,
    make_section,
    take_quiz,
    two_point_quiz,
)
from tests.lti_platform import FakePlatform


def registration_of(platform: FakePlatform) -> LtiRegistration:
    """The platform as an admin registers it (`FakePlatform.register`, which
    also makes our first signing key), or its registration when it has one."""
    registered = LtiRegistration.objects.filter(
        issuer=platform.issuer, client_id=platform.client_id
    ).first()
    return registered or platform.register()


@dataclass
class LmsCourse:
    """One LMS course linked to `section`, and what its launches stored."""

    platform: FakePlatform
    registration: LtiRegistration
    context: LtiContext
    section: object
    line_items: list = field(default_factory=list)

    def member(self, user, *, sub=None, learner=True) -> LtiUser:
        """`user` as the platform knows them, a learner (or instructor) here."""
        lti_user, _created = LtiUser.objects.get_or_create(
            registration=self.registration,
            sub=sub or f"sub-{user.username}",
            defaults={"auth_user": user, "name": user.get_full_name()},
        )
        LtiMembership.objects.update_or_create(
            user=lti_user,
            context=self.context,
            defaults={"is_learner": learner, "is_instructor": not learner},
        )
        return lti_user

    def link(self, page, *, query="") -> LtiLineItem:
        """`page` linked into the course, with a line item when it is graded;
        `query` is kept on the line item's URL, as Canvas and Moodle do."""
        number = len(self.line_items) + 1
        resource_link = LtiResourceLink.objects.create(
            context=self.context, id_on_platform=f"link-{number}", title=page.title
        )
        LinkedItem.objects.create(resource_link=resource_link, page=page)
        line_item = LtiLineItem.objects.create(
            context=self.context,
            url=f"{self.platform.issuer}/api/courses/{self.context.id_on_platform}"
            f"/line_items/{number}{query}",
            resource_link=resource_link,
            label=page.title,
            maximum_score=getattr(page.specific, "points_possible", 0),
        )
        self.line_items.append(line_item)
        return line_item


def lms_course(platform: FakePlatform, *, section, context_id="course-101") -> LmsCourse:
    """An LMS course of `platform`, taught as `section`."""
    registration = registration_of(platform)
    context = LtiContext.objects.create(
        deployment=registration.deployments.get(),
        id_on_platform=context_id,
        title=f"{section.name} (LMS)",
    )
    SectionLink.objects.create(context=context, section=section)
    return LmsCourse(
        platform=platform, registration=registration, context=context, section=section
    )


@dataclass
class QuizInLms:
    """A two-point quiz linked into an LMS course taught as a section by `instructor`."""

    platform: FakePlatform
    quiz: object
    lms: LmsCourse
    instructor: object

    @property
    def line_item(self):
        return self.lms.line_items[0]


def quiz_in_lms(monkeypatch, *, query="") -> QuizInLms:
    """The platform answering tokens and scores in-process, our key, and the quiz
    linked into its LMS course (the line item's URL ending in `query`)."""
    platform = FakePlatform().install(monkeypatch)
    answer_tokens(platform)
    course = make_course(title="Not If. When.")
    quiz = two_point_quiz(course, title="The first 72 hours")
    instructor = make_instructor("ines")
    lms = lms_course(platform, section=make_section(course, instructors=[instructor]))
    answer_scores(platform, lms.link(quiz, query=query))
    return QuizInLms(platform=platform, quiz=quiz, lms=lms, instructor=instructor)


def submitted(capture_on_commit, student, quiz, choices):
    """Take the quiz as a request would: the grading commits, then what waits
    for the commit runs (`capture_on_commit` is pytest-django's
    `django_capture_on_commit_callbacks`)."""
    with capture_on_commit(execute=True):
        return take_quiz(student, quiz, choices)


# The platform's answers


def answer_tokens(platform: FakePlatform, *, expires_in=3600):
    """The token endpoint hands out "token-1", "token-2", … one per request."""
    issued = []

    def token(request):
        issued.append(f"token-{len(issued) + 1}")
        scope = parse_qs(request.body)["scope"][0]
        body = {"access_token": issued[-1], "token_type": "Bearer", "expires_in": expires_in}
        return 200, {}, {**body, "scope": scope}

    platform.handlers[("POST", "/token")] = token
    return issued


def answer_scores(platform: FakePlatform, line_item, *, status=200, answer=None):
    """The line item's scores endpoint takes every score (or answers `status`;
    `answer`, a function of the request, replaces it altogether)."""
    path = urlsplit(line_item.url).path + "/scores"
    platform.handlers[("POST", path)] = answer or (lambda request: (status, {}, {}))


def score_requests(platform):
    return [e for e in platform.exchanges if urlsplit(e.url).path.endswith("/scores")]


def score_sent(exchange) -> dict:
    return json.loads(exchange.body)


# For the permission matrix


def failed_score_post_url(world):
    """The resend URL of a failed grade of the matrix world's student in
    section 1, linked to an LMS course for the occasion."""
    platform = FakePlatform()
    link = SectionLink.objects.filter(section=world.section).first()
    course = (
        LmsCourse(platform, link.context.deployment.registration, link.context, world.section)
        if link
        else lms_course(platform, section=world.section)
    )
    lti_user = course.member(world.users["student"])
    line_item = LtiLineItem.objects.filter(context=course.context).first() or course.link(
        world.quiz
    )
    post, _created = ScorePost.objects.get_or_create(
        line_item=line_item,
        lti_user=lti_user,
        defaults={
            "score_given": 1,
            "score_maximum": 2,
            "status": ScorePost.Status.FAILED,
            "tries": 3,
            "last_error": "The platform refused the score: HTTP 500",
        },
    )
    return reverse("lti_score_post_resend", args=[world.section.pk, post.pk])


def failed_score_post_status(world):
    """What the resend row may change: the status of that grade."""
    return ScorePost.objects.filter(lti_user__auth_user=world.users["student"]).values_list(
        "status", "sequence"
    )[0]
