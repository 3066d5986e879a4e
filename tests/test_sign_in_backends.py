"""The sign-in backends read the signed-in person with a query written once
(`accounts.backends`): the same person, field for field, as the ORM reads;
nobody for a switched-off account or a session holding a stranger's id."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.backends import AuthenticationBackend, ModelBackend
from tests.factories import make_student

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("backend", [ModelBackend, AuthenticationBackend])
def test_the_signed_in_person_is_read_as_the_orm_reads_them(backend, django_assert_num_queries):
    sam = make_student("sam", first_name="Sam", last_name="Rivera", is_staff=True)
    expected = get_user_model().objects.get(pk=sam.pk)

    with django_assert_num_queries(1):
        found = backend().get_user(sam.pk)

    for field in get_user_model()._meta.concrete_fields:
        mine, orms = getattr(found, field.attname), getattr(expected, field.attname)
        assert (mine, type(mine)) == (orms, type(orms)), field.name
    assert found.check_password("a password nobody knows") is False
    found.first_name = "Samuel"
    found.save()  # a real model instance: it saves as one
    assert get_user_model().objects.get(pk=sam.pk).first_name == "Samuel"


def test_a_switched_off_account_or_an_unknown_id_is_nobody():
    sam = make_student("sam", is_active=False)

    assert ModelBackend().get_user(sam.pk) is None
    assert ModelBackend().get_user(sam.pk + 1000) is None
    assert ModelBackend().get_user("not-a-number") is None


def test_a_person_signed_in_sees_their_own_account_page(client):
    client.force_login(make_student("sam", first_name="Sam", last_name="Rivera"))

    page = client.get(reverse("accounts:overview"))

    assert page.status_code == 200 and "Sam Rivera" in page.content.decode()
