"""A student's message cut into what the coach's rules read: sentences,
paragraphs and words, with every sentence's place in the original text.

Rules match against a *folded* copy of the text: curly quotes and
apostrophes become straight ones, dashes become hyphens, odd spaces become
plain spaces and accented Latin letters lose their accents, so "I\u2019d",
"I'd", "résumé" and "resume" read alike. Folding maps each character to
exactly one character, so an offset in the folded text is the same offset
in the original, and a rule's finding can point at the sentence the student
wrote, emoji and all.
"""

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

# Straight replacements for typographic punctuation and spaces.
_PUNCTUATION = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\uff07", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\uff02", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    **dict.fromkeys("\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f", " "),
    "\u2026": ".",  # an ellipsis ends a sentence like a full stop
    "\uff01": "!",
    "\uff1f": "?",
}


def _unaccented(code_point: int) -> str | None:
    """The plain letter under an accented Latin one ("é" -> "e"), or None."""
    char = chr(code_point)
    base, *marks = unicodedata.normalize("NFD", char)
    if marks and base.isascii() and all(unicodedata.combining(mark) for mark in marks):
        return base
    return None


def _fold_table() -> dict[int, str]:
    table = {ord(char): plain for char, plain in _PUNCTUATION.items()}
    for start, end in ((0x00C0, 0x0250), (0x1E00, 0x1F00)):  # Latin-1, Extended A/B, Additional
        for code_point in range(start, end):
            plain = _unaccented(code_point)
            if plain is not None:
                table[code_point] = plain
    return table


FOLD = _fold_table()  # read-only after import


def text_clean(text: str) -> str:
    """The text as the coach stores and reads it: composed Unicode (NFC), so
    an accent typed as two code points counts as one letter, and Unix line
    ends. Offsets in findings refer to this text."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def text_fold(text: str) -> str:
    """`text` with quotes, dashes, spaces and accents made plain, one
    character for one character (see the module's docstring)."""
    return text.translate(FOLD)


WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# Where a sentence ends: terminal punctuation, any closing quotes or
# brackets, and any emoji or emoticons after it ("Thanks! 🙏"), followed by
# a space or the end of the line.
SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?:[ \t]+[^\w\s]+)*(?=\s|$)")
# Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "mx", "dr", "prof", "st", "jr", "sr", "vs", "etc", "inc", "co"}
    | {"corp", "ltd", "dept", "approx", "no", "vol"}
)


@dataclass(frozen=True)
class Sentence:
    """One sentence, or one line (a greeting, a signature, a list item);
    lines an email program wrapped are read as the sentence they carry on.

    `start` and `end` are offsets into the cleaned text; `folded` is the same
    stretch of the folded text, which rules match against.
    """

    index: int
    start: int
    end: int
    text: str
    folded: str


@dataclass(frozen=True)
class Paragraph:
    index: int
    sentences: tuple[int, ...]  # indexes into Message.sentences
    words: int


class Message:
    """A message read once: its sentences, paragraphs and words.

    Built from the cleaned text (`text_clean`); every rule reads the same
    instance, so the text is split and folded once per check, and each
    pattern searched through it once however many rules ask.
    """

    def __init__(self, text: str):
        self.text = text
        self.folded = text_fold(text)
        self.lowered = _lower(self.folded)
        self.sentences: list[Sentence] = []
        self.paragraphs: list[Paragraph] = []
        # Each sentence's words, lower-cased, apostrophes kept ("i'd", "you're").
        self.sentence_words: list[list[str]] = []
        self._matches: dict[tuple[re.Pattern, bool], Counter] = {}
        self._split()
        self._starts = [sentence.start for sentence in self.sentences]

    @property
    def words(self) -> list[str]:
        return [word for words in self.sentence_words for word in words]

    @property
    def word_count(self) -> int:
        return sum(len(words) for words in self.sentence_words)

    def matches(self, pattern: re.Pattern, *, cased: bool = False) -> Counter:
        """How many times `pattern` matches in each sentence (by index), for
        the sentences where it does: one search through the whole text,
        each match counted in the sentence it starts in.

        The pattern reads the folded text lower-cased (so it is written in
        lower case, and runs faster than one that ignores case), or as
        written when `cased`.
        """
        found = self._matches.get((pattern, cased))
        if found is None:
            found = Counter()
            for match in pattern.finditer(self.folded if cased else self.lowered):
                index = bisect_right(self._starts, match.start()) - 1
                if index >= 0 and match.start() < self.sentences[index].end:
                    found[index] += 1
            self._matches[(pattern, cased)] = found
        return found

    def _split(self) -> None:
        paragraph_sentences: list[int] = []
        paragraph_words = 0
        for offset, line in _lines(self.text):
            if not line.strip():
                self._close_paragraph(paragraph_sentences, paragraph_words)
                paragraph_sentences, paragraph_words = [], 0
            for start, end in self._line_sentences(line, offset):
                folded = self.folded[start:end]
                sentence = Sentence(
                    index=len(self.sentences),
                    start=start,
                    end=end,
                    text=self.text[start:end],
                    folded=folded,
                )
                words = [word.lower() for word in WORD.findall(folded)]
                self.sentences.append(sentence)
                self.sentence_words.append(words)
                paragraph_sentences.append(sentence.index)
                paragraph_words += len(words)
        self._close_paragraph(paragraph_sentences, paragraph_words)

    def _close_paragraph(self, sentences, words) -> None:
        if sentences:
            self.paragraphs.append(
                Paragraph(index=len(self.paragraphs), sentences=tuple(sentences), words=words)
            )

    def _line_sentences(self, line: str, offset: int):
        """(start, end) of each sentence in one line, trimmed of spaces."""
        folded = self.folded[offset : offset + len(line)]
        start = 0
        for match in SENTENCE_END.finditer(folded):
            if _is_abbreviation(folded, match.start()):
                continue
            yield from _trimmed(line, start, match.end(), offset)
            start = match.end()
        yield from _trimmed(line, start, len(line), offset)


NO_WRAP_AFTER = (".", "!", "?", ",", ":", ";")


def _wrapped(previous: str, line: str) -> bool:
    """Whether `line` carries on a sentence that an email program broke off:
    the line before stops mid-sentence and this one starts in lower case
    (or with a bracket). A new line that starts with a capital, a dash or a
    number stays a line of its own: a greeting, a signature, a list."""
    ends = previous.rstrip()
    starts = line.lstrip()[:1]
    return (
        bool(ends and starts)
        and not ends.endswith(NO_WRAP_AFTER)
        and (starts.islower() or starts == "(")
    )


def _lines(text: str):
    """(offset, line) for each line of `text`, hard-wrapped lines joined
    (their line breaks kept, so offsets still point into `text`)."""
    offset = start = 0
    current = None
    for line in text.split("\n"):
        if current is not None and _wrapped(current, line):
            current += "\n" + line
        else:
            if current is not None:
                yield start, current
            current, start = line, offset
        offset += len(line) + 1
    if current is not None:
        yield start, current


def _lower(text: str) -> str:
    """`text` in lower case, keeping its length: the few letters whose lower
    case is longer (such as "İ") stay as they are."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)


def _is_abbreviation(folded_line: str, stop: int) -> bool:
    """Whether the full stop at `stop` closes an abbreviation or an initial."""
    if folded_line[stop] != ".":
        return False
    before = WORD.findall(folded_line[max(0, stop - 12) : stop])
    if not before or not folded_line[:stop].endswith(before[-1]):
        return False
    word = before[-1]
    if len(word) == 1:  # an initial ("J. Okafor") or the end of "e.g." and "i.e."
        return word.isupper() or folded_line[stop - 2 : stop - 1] == "."
    return word.lower() in ABBREVIATIONS


def _trimmed(line: str, start: int, end: int, offset: int):
    piece = line[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        yield offset + start + lead, offset + start + lead + len(stripped)
