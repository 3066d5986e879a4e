"""Cutting a GIFT file into question blocks, the way Moodle cuts it.

Moodle trims every line, ends a question at the first blank line, and blanks
out lines that start with `//` before it reads a question. We do the same, so
a file that Moodle imports is read here into the same questions, and keep
each block's first line number so errors can name the line they are on.

GIFT's backslash escapes (`\\~ \\= \\# \\{ \\} \\:`, `\\\\` and `\\n`) are
swapped for Unicode noncharacters while a question is taken apart, so an
escaped `{` is never mistaken for the start of the answers; `reveal()` swaps
them back in the pieces the question ends up with.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

# Noncharacters are never exchanged in text, so they cannot clash with content.
_HIDDEN = {
    ":": "\ufdd0",
    "#": "\ufdd1",
    "=": "\ufdd2",
    "{": "\ufdd3",
    "}": "\ufdd4",
    "~": "\ufdd5",
    "n": "\ufdd6",
    "\\": "\\",  # `\\` is a literal backslash that escapes nothing after it
}
_REVEAL = str.maketrans(
    {hidden: char for char, hidden in _HIDDEN.items() if char not in "n\\"} | {"\ufdd6": "\n"}
)
_ESCAPE = re.compile(r"\\([:#={}~n\\])")
_NONCHARACTERS = re.compile("[\ufdd0-\ufdef]")
# What PHP's trim() removes: Moodle keeps other spaces (such as U+00A0) as text.
_TRIMMED = " \t\r\0\x0b"

# Our own exports carry what GIFT has no syntax for (points, a unit…) in a
# comment that Moodle ignores: `// options: {"points": 2}`.
OPTIONS_PREFIX = "// options:"


@dataclass
class Block:
    """One question's lines, comment lines left empty: `source` as written, `text` with
    escapes hidden, in which offsets are counted."""

    first_line: int
    source: str
    options: dict = field(default_factory=dict)

    def __post_init__(self):
        self.text = hide_escapes(self.source)

    def line_at(self, offset: int) -> int:
        """The line in the file of the character at `offset` in `text`."""
        return self.first_line + self.text.count("\n", 0, offset)

    def source_line(self, line: int) -> str:
        """A line of the block as written, escapes and all."""
        return self.source.split("\n")[line - self.first_line]


def hide_escapes(text: str) -> str:
    return _ESCAPE.sub(lambda match: _HIDDEN[match.group(1)], text)


def reveal(text: str) -> str:
    """The text as written, with every escaped character back in place."""
    return text.translate(_REVEAL)


def read_blocks(source: str) -> Iterator[Block]:
    """Yield the blocks of a GIFT file, accepting a BOM and any line endings."""
    # U+FEFF is a byte order mark at the start, and nothing anyone means elsewhere.
    source = _NONCHARACTERS.sub("", source.replace("\ufeff", ""))
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    current: list[str] = []
    options: dict = {}
    first_line = 1
    for number, raw in enumerate(lines, start=1):
        line = raw.strip(_TRIMMED)
        if not line:
            if current:
                yield Block(first_line, "\n".join(current), options)
            current, options = [], {}
            continue
        if not current:
            first_line = number
        if line.startswith("//"):
            options |= _options(line)
            line = ""
        current.append(line)
    if current:
        yield Block(first_line, "\n".join(current), options)


def _options(line: str) -> dict:
    if not line.startswith(OPTIONS_PREFIX):
        return {}
    try:
        options = json.loads(line.removeprefix(OPTIONS_PREFIX))
    except ValueError:
        return {}
    return options if isinstance(options, dict) else {}
