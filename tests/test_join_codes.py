"""Join codes: easy to read aloud, impossible to misread, never shared by two classes."""

import pytest

from classes import join_codes
from classes.services import section_join_code_regenerate
from tests.factories import make_section


def test_codes_use_no_characters_that_look_alike():
    codes = {join_codes.new_code() for _ in range(200)}

    assert len(codes) == 200
    for code in codes:
        assert len(code) == 8
        assert not set(code) & set("0O1IL")
        assert set(code) <= set("ABCDEFGHJKMNPQRSTUVWXYZ23456789")


def test_a_code_is_typed_however_the_student_likes():
    assert join_codes.normalise_code("  abcd-efgh ") == "ABCDEFGH"
    assert join_codes.normalise_code("AbCd EfGh") == "ABCDEFGH"
    assert join_codes.normalise_code("abcd\tefgh") == "ABCDEFGH"


def test_a_code_is_shown_in_two_groups():
    assert join_codes.display_code("ABCDEFGH") == "ABCD-EFGH"


def test_only_codes_that_could_have_been_issued_look_valid():
    assert join_codes.looks_valid("ABCDEFGH")
    assert not join_codes.looks_valid("ABCDEFG")
    assert not join_codes.looks_valid("ABCDEFG0")


@pytest.mark.django_db
def test_a_code_already_taken_is_drawn_again(monkeypatch):
    first = make_section()
    drawn = iter([first.join_code, first.join_code, "NEWCODE2"])
    monkeypatch.setattr(join_codes, "new_code", lambda: next(drawn))

    second = make_section(first.course, name="CAREER 101 — Spring 2027 — 03")

    assert second.join_code == "NEWCODE2"
    assert second.course.sections.count() == 2


@pytest.mark.django_db
def test_regenerating_gives_a_new_code_and_the_old_one_stops_working():
    section = make_section()
    old = section.join_code

    new = section_join_code_regenerate(section=section)

    section.refresh_from_db()
    assert section.join_code == new != old
    assert join_codes.looks_valid(new)
