"""The built-in rules' detectors: each reads one `Message` and says whether
the message falls into what its rule looks for, does it well, or neither.

They are heuristics on purpose, simple enough that a finding can say which
sentence it means and why; the phrases they look for are in
`lessons.coach.cues`, the rules' names and teaching messages in
`lessons.coach.rules`.
"""

import re

from django.utils.translation import gettext, ngettext

from lessons.coach import cues
from lessons.coach.engine import Outcome, when_found, when_missing
from lessons.coach.text import Message

LONG_MESSAGE_WORDS = 150  # past this, a phone needs scrolling
NAME_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*\.?")  # "O'Neill", "Anne-Marie", "J."
SHORTEST_PRAISED = 20  # words; a shorter note is not praised for being short
LONG_PARAGRAPH_WORDS = 80
SELF_WORDS_FLOOR = 8  # fewer "I/me/my" than this is never "all about me"
SELF_TO_YOU_RATIO = 3


def _found(message: Message, *patterns) -> list[int]:
    """The sentences (indexes, in order) where any of `patterns` matches."""
    return sorted({index for pattern in patterns for index in message.matches(pattern)})


def mass_greeting(message: Message) -> Outcome | None:
    for sentence in message.sentences[:2]:
        if cues.MASS_GREETING.search(sentence.folded):
            return Outcome(sentences=(sentence.index,))
    if not message.sentences:
        return None
    first = message.sentences[0]
    match = cues.GREETING.match(first.folded)
    name = match and (match.group("name") or match.group("bare"))
    if name and name[0].isupper() and name.lower() not in cues.NOT_NAMES:
        return Outcome(praise=True, sentences=(first.index,))
    return None


def handoff(message: Message) -> Outcome | None:
    """A request to pass the writer on ("could you forward my résumé to a
    few people"), or words about the reader's whole network; not a refusal
    ("I won't forward it to anyone")."""
    generic, *about_their_network = cues.HANDOFF
    requested = set(message.matches(generic)) & set(message.matches(cues.REQUEST))
    hits = requested | set(_found(message, *about_their_network))
    return when_found(hits - set(message.matches(cues.NEGATION)))


def no_context(message: Message) -> Outcome:
    return when_missing(_found(message, cues.CONTEXT), shown=2)


def _asks(message: Message) -> list[tuple[int, int]]:
    """(sentence, number of requests in it) for each sentence that asks."""
    return sorted(message.matches(cues.ASK).items())


def _ask_detail(count: int) -> str:
    return ngettext("%(count)d request", "%(count)d requests", count) % {"count": count}


def no_clear_ask(message: Message) -> Outcome | None:
    """No request at all; or praise for exactly one, unless it is vague or
    an ask the course warns against (a handoff, a job, a target list)."""
    asks = _asks(message)
    if not asks:
        return Outcome()
    if sum(count for _index, count in asks) > 1 or _found(message, cues.VAGUE_ASK):
        return None
    (index, _count), *_rest = asks
    for warned in (handoff(message), job_or_list(message)):
        if warned is not None and index in warned.sentences:
            return None
    return Outcome(praise=True, sentences=(index,))


def vague_ask(message: Message) -> Outcome | None:
    return when_found(_found(message, cues.VAGUE_ASK))


def several_asks(message: Message) -> Outcome | None:
    asks = _asks(message)
    total = sum(count for _index, count in asks)
    if total < 2:
        return None
    return Outcome(sentences=tuple(index for index, _count in asks), detail=_ask_detail(total))


def job_or_list(message: Message) -> Outcome | None:
    hits = set(_found(message, cues.JOB_ASK, cues.TARGET_LIST))
    items = message.matches(cues.LIST_ITEM, cased=True)
    hits.update(index for index in message.matches(cues.COMPANY_WORD) if items[index] >= 3)
    bullets = [s.index for s in message.sentences if cues.BULLET.match(s.folded)]
    if len(bullets) >= 3 and message.matches(cues.COMPANY_WORD):
        hits.update(bullets)
    return when_found(hits)


def volunteered_time(message: Message) -> Outcome | None:
    hits = _found(message, *cues.VOLUNTEERED)
    if hits:
        return Outcome(sentences=tuple(hits))
    own = _found(message, cues.OWN_TIME)
    return Outcome(praise=True, sentences=tuple(own[:1])) if own else None


def _count(words, vocabulary) -> int:
    return sum(1 for word in words if word in vocabulary)


def about_me(message: Message) -> Outcome | None:
    me = _count(message.words, cues.SELF_WORDS)
    you = _count(message.words, cues.YOU_WORDS)
    detail = gettext("I, me, my: %(me)d; you, your: %(you)d") % {"me": me, "you": you}
    if me >= SELF_WORDS_FLOOR and me > SELF_TO_YOU_RATIO * you:
        only_me = [
            index
            for index, words in enumerate(message.sentence_words)
            if _count(words, cues.SELF_WORDS) >= 2 and not _count(words, cues.YOU_WORDS)
        ]
        return Outcome(sentences=tuple(only_me[:3]), detail=detail)
    if you >= 2 and me <= 2 * you and message.word_count >= SHORTEST_PRAISED:
        return Outcome(praise=True, detail=detail)
    return None


def _words_detail(count: int) -> str:
    return ngettext("%(count)d word", "%(count)d words", count) % {"count": count}


def too_long(message: Message) -> Outcome | None:
    count = message.word_count
    if count > LONG_MESSAGE_WORDS:
        return Outcome(detail=_words_detail(count))
    if count >= SHORTEST_PRAISED:
        return Outcome(praise=True, detail=_words_detail(count))
    return None


def wall_of_text(message: Message) -> Outcome | None:
    long = [p for p in message.paragraphs if p.words > LONG_PARAGRAPH_WORDS]
    if not long:
        return None
    longest = max(long, key=lambda paragraph: paragraph.words)
    detail = ngettext(
        "a paragraph of %(count)d word", "a paragraph of %(count)d words", longest.words
    ) % {"count": longest.words}
    return Outcome(sentences=tuple(i for p in long for i in p.sentences), detail=detail)


def no_easy_out(message: Message) -> Outcome:
    return when_missing(_found(message, cues.EASY_OUT))


def no_thanks(message: Message) -> Outcome:
    return when_missing(_found(message, cues.THANKS))


def _is_name(words: list[str]) -> bool:
    """Two to four words that read as a person's name: capitalised, or a
    particle such as "de" or "van" between capitalised ones."""
    if not 2 <= len(words) <= 4:
        return False
    if not (words[0][0].isupper() and words[-1][0].isupper()):
        return False
    return all(word[0].isupper() or word.lower() in cues.NAME_PARTICLES for word in words)


def _signature(sentence) -> bool:
    """A line such as "Kelsey Moreno", "Best, Kelsey Moreno" or "- Kelsey Moreno | ..."."""
    text = sentence.folded.lstrip("-~ ")
    sign_off = cues.SIGN_OFF.match(text.lower())
    if sign_off:
        text = text[sign_off.end() :].lstrip(",.! ")
    for separator in "|,(":
        text = text.split(separator)[0]
    text = text.strip().rstrip(".")
    words = text.split()
    return all(NAME_WORD.fullmatch(word) for word in words) and _is_name(words)


def not_recognisable(message: Message) -> Outcome:
    for sentence in message.sentences[:3]:
        match = cues.NAME_INTRO.search(sentence.folded)
        if match and _is_name([match.group(1), match.group(2)]):
            return Outcome(praise=True, sentences=(sentence.index,))
    for sentence in reversed(message.sentences[-4:]):
        if _signature(sentence):
            return Outcome(praise=True, sentences=(sentence.index,))
    return Outcome()
