"""What editors upload and embed cannot turn against students: pictures are
raster images only, documents download and run nothing (and stay behind their
collection's restriction), the media folder lists nothing, and videos come
from YouTube or Vimeo only."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

import course.urls
from lessons.blocks import VideoBlock
from lessons.models import LessonPage
from tests.factories import make_course_with_lessons, make_student
from tests.test_headers import policy

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media_served(monkeypatch, media_root):
    """The site's own media URL, serving this test's media folder."""
    (pattern,) = [
        p for p in course.urls.urlpatterns if "document_root" in getattr(p, "default_args", {})
    ]
    monkeypatch.setitem(pattern.default_args, "document_root", media_root)
    return media_root


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.edu", "pw")
    client.force_login(user)
    return client


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 20), "#1d5c8c").save(buffer, "PNG")
    return buffer.getvalue()


def upload_image(client, name, content):
    """Upload through the admin's "Add images" page, as its script does."""
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": ContentFile(content, name=name)},
    )
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "diagram.svg",
            SVG,
            "Not a supported image format. Supported formats: GIF, JPG, JPEG, PNG, WEBP.",
        ),
        (
            "diagram.png",
            SVG,
            "Not a valid .png image. The extension does not match the file format (svg)",
        ),
        ("notes.jpg", b"Dear LinkedIn Friends,\n", "Upload a valid image."),
    ],
    ids=["svg", "svg-renamed-png", "text-renamed-jpg"],
)
def test_only_raster_pictures_are_accepted(editor, name, content, message):
    result = upload_image(editor, name, content)

    assert result["success"] is False
    assert message in result["error_message"]
    assert not Image.objects.exists()


def test_a_real_picture_is_accepted(editor):
    assert upload_image(editor, "diagram.png", png_bytes())["success"] is True
    assert Image.objects.get().file.name.startswith("original_images/diagram")


def a_document(collection=None, name="severance-letter.pdf"):
    return Document.objects.create(
        title="Severance letter",
        file=ContentFile(PDF, name=name),
        collection=collection or Collection.get_first_root_node(),
    )


def test_a_document_downloads_and_can_run_nothing(client):
    document = a_document()

    response = client.get(document.url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "severance-letter.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert policy(response) == {"default-src": ["'none'"], "sandbox": []}


@pytest.fixture
def private_collection():
    collection = Collection.get_first_root_node().add_child(name="Instructors only")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    return collection


def test_a_document_in_a_private_collection_needs_a_sign_in(client, private_collection):
    document = a_document(private_collection)

    refused = client.get(document.url)
    client.force_login(make_student("sam"))
    allowed = client.get(document.url)

    assert refused.status_code == 302
    assert refused["Location"].startswith(reverse("account_login"))
    assert allowed.status_code == 200
    assert allowed["Content-Disposition"].startswith("attachment;")


def test_a_private_document_cannot_be_fetched_from_the_media_folder(
    client, media_served, private_collection
):
    document = a_document(private_collection)

    assert (media_served / document.file.name).exists()
    for path in (document.file.name, f"images/../{document.file.name}"):
        assert client.get(f"/media/{path}").status_code in (400, 404), path


def test_the_media_folder_lists_nothing(client, media_served):
    Image.objects.create(title="Diagram", file=ContentFile(png_bytes(), name="diagram.png"))

    for folder in ("/media/", "/media/original_images/", "/media/original_images"):
        response = client.get(folder, follow=True)
        assert response.status_code == 404, folder
        assert b"diagram" not in response.content, folder
    assert client.get("/media/original_images/diagram.png").status_code == 200


def test_pictures_stay_cacheable_for_a_signed_in_student(client, media_served):
    """Pictures are the same public files for everyone: only pages are kept private."""
    picture = Image.objects.create(
        title="Diagram", file=ContentFile(png_bytes(), name="diagram.png")
    ).get_rendition("width-20")
    client.force_login(make_student("sam"))

    response = client.get(picture.url)

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def a_stored_embed(url):
    """The embed as Wagtail caches it, so validation never calls the provider."""
    return Embed.objects.create(
        url=url,
        hash=get_embed_hash(url),
        type="video",
        html=f'<iframe title="A video" src="{url}"></iframe>',
    )


@pytest.mark.parametrize(
    "url", ["https://www.youtube.com/watch?v=handoff", "https://vimeo.com/76979871"]
)
def test_a_youtube_or_vimeo_video_is_accepted(url):
    a_stored_embed(url)

    video = VideoBlock().clean(
        VideoBlock().to_python({"video": url, "transcript": "<p>Everything said.</p>"})
    )

    assert video["video"].url == url


def lesson_form(lesson, video_url):
    draftail = {
        "blocks": [
            {
                "key": "a",
                "type": "unstyled",
                "depth": 0,
                "text": "Everything said aloud.",
                "inlineStyleRanges": [],
                "entityRanges": [],
            }
        ],
        "entityMap": {},
    }
    return {
        "title": lesson.title,
        "slug": lesson.slug,
        "summary": "A lesson.",
        "estimated_minutes": "7",
        "body-count": "1",
        "body-0-type": "video",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-value-video": video_url,
        "body-0-value-transcript": json.dumps(draftail),
        "action-publish": "1",
    }


@pytest.mark.parametrize(
    "url",
    [
        "https://www.dailymotion.com/video/x8handoff",
        "https://www.youtube.com.example.net/watch?v=handoff",
        "https://example.com/handoff.mp4",
    ],
)
def test_a_video_from_anywhere_else_is_refused_beside_its_field(editor, url):
    a_stored_embed(url)  # even one Wagtail already knows
    _, (lesson,) = make_course_with_lessons(1)

    response = editor.post(
        reverse("wagtailadmin_pages:edit", args=[lesson.pk]), lesson_form(lesson, url)
    )

    assert response.status_code == 200
    assert "Only YouTube and Vimeo videos can be embedded" in response.content.decode()
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert [block.block_type for block in lesson.body] == ["heading", "text"]
