"""An instructor in their LMS adds lessons and quizzes from our course: they
tick them in our chooser and go back with a response the LMS can trust.

The deep-linking launch itself is `lti.launch`'s; these tests start where it
ends, with the request it leaves in the session. The response is a JWT the
platform verifies with our key set: addressed to it, echoing its `data`, one
`ltiResourceLink` per item at the page's own address, and a line item worth
the quiz's points for each quiz. Each request is answered once; without
one, or when the LMS takes no links, the chooser says so with a 400.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from jwt import PyJWK, decode, get_unverified_header
from lti_tool.models import Key
from wagtail.models import Page

from lessons.models import LessonPage
from lti.assignments.deep_linking import SESSION_KEY
from tests.factories import make_course, make_lesson, make_student, two_point_quiz
from tests.lti_platform import FakePlatform
from tests.lti_world import registration_of

pytestmark = pytest.mark.django_db

CHOOSER = "/lti/deep-linking/"
RETURN_URL = "https://lms.example.edu/courses/101/deep_linking_response?modal=true"
LTI = "https://purl.imsglobal.org/spec/lti/claim/"
LTI_DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"


@pytest.fixture
def platform(monkeypatch):
    return FakePlatform().install(monkeypatch)


@pytest.fixture
def registration(platform):
    return registration_of(platform)


@pytest.fixture
def course():
    course = make_course(title="Not If. When.", slug="not-if-when")
    make_lesson(course, title="The first 72 hours", summary="What to do before you sleep.")
    two_point_quiz(course, title="Check: the first 72 hours", intro="<p>Two questions.</p>")
    draft = LessonPage(title="Severance basics", slug="severance", summary="Soon.", live=False)
    course.add_child(instance=draft)
    make_lesson(course, title="The networking handoff", summary="Pass people on with care.")
    return course


@pytest.fixture
def other_course():
    course = make_course(title="Salary Talks", slug="salary-talks")
    make_lesson(course, title="Asking for more", summary="Numbers first.")
    return course


@pytest.fixture
def instructor(client):
    ines = make_student("ines", first_name="Ines", last_name="Teacher")
    client.force_login(ines)
    return ines


def deep_linking(client, registration, **changes):
    """The request a deep-linking launch leaves in the session."""
    session = client.session
    session[SESSION_KEY] = {
        "registration": registration.pk,
        "deployment_id": "deployment-1",
        "return_url": RETURN_URL,
        "data": "opaque-platform-state-42",
        "accept_types": ["link", "ltiResourceLink"],
        "accept_multiple": True,
        "course": None,
        **changes,
    }
    session.save()


def page(title):
    return Page.objects.get(title=title).specific


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def returned(response):
    """The form that carries the response to the platform, and its verified claims."""
    form = soup(response).select_one("form[data-auto-submit]")
    token = form.select_one("input[name=JWT]")["value"]
    kid = get_unverified_header(token)["kid"]
    [jwk] = [key for key in Key.objects.as_jwks()["keys"] if key["kid"] == kid]
    claims = decode(
        token, PyJWK(jwk).key, algorithms=["RS256"], audience="https://lms.example.edu"
    )
    return form, claims


def test_the_chooser_lists_live_lessons_and_quizzes_by_course_in_course_order(
    client, registration, instructor, course, other_course
):
    deep_linking(client, registration)

    response = client.get(CHOOSER)

    assert response.status_code == 200
    groups = {
        fieldset.legend.get_text(): [label.get_text() for label in fieldset.select("label")]
        for fieldset in soup(response).select("fieldset")
    }
    assert groups == {
        "Not If. When.": [
            "The first 72 hours",
            "Check: the first 72 hours",
            "The networking handoff",
        ],
        "Salary Talks": ["Asking for more"],
    }
    box = soup(response).select_one("input[name=items]")
    assert box["type"] == "checkbox"
    assert soup(response).find("label", attrs={"for": box["id"]}) is not None
    about = soup(response).find(id=box["aria-describedby"]).get_text()
    assert "Lesson" in about and "What to do before you sleep." in about


def test_only_the_course_the_launch_names_is_offered(
    client, registration, instructor, course, other_course
):
    deep_linking(client, registration, course=other_course.pk)

    response = client.get(CHOOSER)

    assert [legend.get_text() for legend in soup(response).select("legend")] == ["Salary Talks"]
    lesson = page("The first 72 hours")
    forged = client.post(CHOOSER, {"items": [lesson.pk]})
    assert forged.status_code == 200
    assert soup(forged).select_one("form[data-auto-submit]") is None


def test_the_chosen_items_go_back_signed_with_our_key(
    client, registration, instructor, course, platform
):
    deep_linking(client, registration)
    lesson, quiz = page("The first 72 hours"), page("Check: the first 72 hours")

    response = client.post(CHOOSER, {"items": [quiz.pk, lesson.pk]})

    assert response.status_code == 200
    form, claims = returned(response)
    assert form["method"] == "post" and form["action"] == RETURN_URL
    assert claims["iss"] == platform.client_id
    assert claims["aud"] == platform.issuer
    assert claims[LTI + "deployment_id"] == "deployment-1"
    assert claims[LTI + "message_type"] == "LtiDeepLinkingResponse"
    assert claims[LTI + "version"] == "1.3.0"
    assert claims[LTI_DL + "data"] == "opaque-platform-state-42"
    assert claims["nonce"] and claims["iat"] < claims["exp"] <= claims["iat"] + 600
    assert claims[LTI_DL + "content_items"] == [
        {
            "type": "ltiResourceLink",
            "title": "The first 72 hours",
            "url": "http://testserver/not-if-when/the-first-72-hours/",
            "text": "What to do before you sleep.",
        },
        {
            "type": "ltiResourceLink",
            "title": "Check: the first 72 hours",
            "url": "http://testserver/not-if-when/check-the-first-72-hours/",
            "text": "Two questions.",
            "lineItem": {
                "scoreMaximum": 2.0,
                "label": "Check: the first 72 hours",
                "resourceId": f"quiz-{quiz.pk}",
                "tag": "soft-landing-quiz",
            },
        },
    ]
    assert client.get(lesson.url).status_code == 200  # the link opens the page


def test_the_response_page_sends_itself_without_inline_script(
    client, registration, instructor, course
):
    deep_linking(client, registration)

    response = client.post(CHOOSER, {"items": [page("The first 72 hours").pk]})

    scripts = soup(response).select("script")
    assert [script.get("src") for script in scripts] == ["/static/lti/deep_link_return.js"]
    assert all(not script.string for script in scripts)
    with open(finders.find("lti/deep_link_return.js")) as file:
        assert "form[data-auto-submit]" in file.read()
    button = soup(response).select_one("form[data-auto-submit] button[type=submit]")
    assert button.get_text() == "Continue to your LMS"  # without JavaScript
    policy = response["Content-Security-Policy"]
    form_action = next(part for part in policy.split(";") if "form-action" in part)
    assert form_action.split() == ["form-action", "'self'", "https://lms.example.edu"]
    assert "script-src 'self';" in policy + ";"


def test_each_request_is_answered_once(client, registration, instructor, course):
    deep_linking(client, registration)
    lesson = page("The first 72 hours")

    first = client.post(CHOOSER, {"items": [lesson.pk]})
    second = client.post(CHOOSER, {"items": [lesson.pk]})

    assert first.status_code == 200
    assert SESSION_KEY not in client.session
    assert second.status_code == 400
    assert soup(second).select_one("input[name=JWT]") is None


def no_return_url(stored):
    del stored["return_url"]


def script_return_url(stored):
    stored["return_url"] = "javascript:alert(1)"


def unknown_registration(stored):
    stored["registration"] = 999


@pytest.mark.parametrize("spoil", [None, no_return_url, script_return_url, unknown_registration])
def test_without_a_deep_linking_request_the_chooser_refuses(
    client, registration, instructor, course, spoil
):
    if spoil is not None:
        deep_linking(client, registration)
        session = client.session
        spoil(session[SESSION_KEY])
        session.save()

    for response in (client.get(CHOOSER), client.post(CHOOSER, {"items": []})):
        assert response.status_code == 400
        assert "Open this page from your LMS" in soup(response).h1.get_text()
        assert soup(response).select_one("input[name=items]") is None


def test_a_stranger_gets_the_same_refusal(client, registration, course):
    assert client.get(CHOOSER).status_code == 400


def test_a_switched_off_registration_is_refused(client, registration, instructor, course):
    deep_linking(client, registration)
    registration.is_active = False
    registration.save()

    assert client.get(CHOOSER).status_code == 400


def test_a_platform_that_takes_no_links_here_is_refused(client, registration, instructor, course):
    deep_linking(client, registration, accept_types=["file", "html"])

    response = client.get(CHOOSER)
    posted = client.post(CHOOSER, {"items": [page("The first 72 hours").pk]})

    assert response.status_code == posted.status_code == 400
    text = " ".join(soup(response).get_text().split())
    assert "takes only: file, html" in text
    assert soup(posted).select_one("input[name=JWT]") is None


def test_a_platform_that_takes_one_item_gets_a_single_choice(
    client, registration, instructor, course
):
    deep_linking(client, registration, accept_multiple=False)
    lesson, quiz = page("The first 72 hours"), page("Check: the first 72 hours")

    chooser = client.get(CHOOSER)
    two = client.post(CHOOSER, {"items": [lesson.pk, quiz.pk]})
    one = client.post(CHOOSER, {"items": [quiz.pk]})

    assert {box["type"] for box in soup(chooser).select("input[name=items]")} == {"radio"}
    assert "one item at a time" in soup(chooser).select_one(".lead").get_text()
    assert "choose one" in soup(two).select_one(".error-summary").get_text()
    _form, claims = returned(one)
    assert [item["title"] for item in claims[LTI_DL + "content_items"]] == [quiz.title]


def test_nothing_ticked_asks_again_and_keeps_the_request(client, registration, instructor, course):
    deep_linking(client, registration)
    quiz = page("Check: the first 72 hours")

    response = client.post(CHOOSER, {})

    assert response.status_code == 200
    summary = soup(response).select_one(".error-summary")
    assert "Choose at least one lesson or quiz." in summary.get_text()
    assert summary.select_one("a")["href"] == f"#item-{page('The first 72 hours').pk}"
    assert SESSION_KEY in client.session
    _form, claims = returned(client.post(CHOOSER, {"items": [quiz.pk]}))
    assert len(claims[LTI_DL + "content_items"]) == 1


def test_add_nothing_goes_back_with_an_empty_list(client, registration, instructor, course):
    deep_linking(client, registration, data=None)

    response = client.post(CHOOSER, {"cancel": "1"})

    _form, claims = returned(response)
    assert claims[LTI_DL + "content_items"] == []
    assert LTI_DL + "data" not in claims
    assert SESSION_KEY not in client.session
