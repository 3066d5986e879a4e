"""How the coach reads a message: sentences and paragraphs with their place in
the text the student wrote, whatever punctuation, capitals, accents, curly
quotes or emoji it holds."""

from lessons.coach.engine import coach_check
from lessons.coach.rules import BUILTIN_BY_ID
from lessons.coach.text import Message, text_clean, text_fold


def sentences(text):
    return [sentence.text for sentence in Message(text_clean(text)).sentences]


def test_sentences_end_at_full_stops_questions_and_exclamations_but_not_abbreviations():
    assert sentences("Hi Dr. Okafor. We met with J. Smith, e.g. at the fair! Free Friday?") == [
        "Hi Dr. Okafor.",
        "We met with J. Smith, e.g. at the fair!",
        "Free Friday?",
    ]


def test_each_line_is_its_own_sentence_so_greetings_and_signatures_stand_alone():
    text = "Hi Dana,\n\nCould we talk?\n\nBest,\nKelsey Moreno"

    assert sentences(text) == ["Hi Dana,", "Could we talk?", "Best,", "Kelsey Moreno"]
    assert [len(p.sentences) for p in Message(text).paragraphs] == [1, 1, 2]


def test_lines_an_email_program_wrapped_are_read_as_one_sentence():
    text = "Hi Alex,\nCould you go through your\ncontacts (all of\nthem)?\n- Halvorsen\n- Corliss"

    assert sentences(text) == [
        "Hi Alex,",
        "Could you go through your\ncontacts (all of\nthem)?",
        "- Halvorsen",
        "- Corliss",
    ]


def test_emoji_closing_quotes_and_an_ellipsis_stay_with_their_sentence():
    assert sentences("Thanks! 🙏🏽 She said “no worries.” Well… maybe") == [
        "Thanks! 🙏🏽",
        "She said “no worries.”",
        "Well…",
        "maybe",
    ]


def test_folding_keeps_every_offset_so_findings_point_at_what_the_student_wrote():
    text = "Hi Zoë 👋 — I\u2019d “love” a chat about the résumé…\u00a0Thanks!"
    folded = text_fold(text)

    assert folded == 'Hi Zoe 👋 - I\'d "love" a chat about the resume. Thanks!'
    assert len(folded) == len(text)


def test_decomposed_accents_and_windows_line_ends_are_cleaned_before_reading():
    decomposed = "Cafe\u0301 Ame\u0301lie,\r\nthanks"

    cleaned = text_clean(decomposed)

    assert cleaned == "Café Amélie,\nthanks"
    assert sentences(decomposed) == ["Café Amélie,", "thanks"]


def test_a_highlighted_span_is_exactly_the_sentence_in_the_original_text():
    text = "Dear LinkedIn Friends 🙂,\n\nI\u2019m looking for work."
    rule = BUILTIN_BY_ID["mass-greeting"].rule()

    (finding,) = coach_check(text=text, rules=[rule]).findings

    ((start, end),) = finding.spans
    assert text[start:end] == "Dear LinkedIn Friends 🙂,"


def test_an_empty_or_blank_message_has_no_sentences_and_no_words():
    message = Message(text_clean("  \n\n \t"))

    assert message.sentences == []
    assert message.word_count == 0


def test_words_count_contractions_and_accented_words_once():
    message = Message(text_clean("I\u2019d love Zoë\u2019s résumé-writing tips, 2 of them."))

    assert message.word_count == 9  # "résumé-writing" is two
    assert "i'd" in message.words and "zoe's" in message.words
