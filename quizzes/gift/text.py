"""Turning GIFT's four text formats into what our question blocks store.

A GIFT text may start with `[html]`, `[markdown]`, `[plain]` or `[moodle]`;
without one it takes the question's format, and the question's own default is
`[moodle]`. Prompts and explanations become Wagtail rich text: only the
paragraphs, line breaks, bold, italic, links and lists our prompt editor offers,
so what a file brings in looks the same once a professor opens it in the admin.
`[moodle]` (Moodle's auto-format) keeps HTML as Moodle does, and makes a line
break a `<br>` and a blank line (`\\n\\n` in GIFT) a new paragraph; `[plain]`
escapes everything. Choice texts and feedback are plain text in our blocks,
so they are read as what a student would see, without markup.

Whatever the format, the HTML passes through nh3 (the Rust `ammonia`
sanitiser) before anything else reads it: an imported file is untrusted, and a
`<script>` or an `onclick` must never reach a student's browser.
"""

import html
import re

import markdown
import nh3

FORMATS = ("moodle", "html", "plain", "markdown")

_INLINE = {"b": "b", "strong": "b", "i": "i", "em": "i", "a": "a"}
_LISTS = {"ul", "ol"}
# Blocks that become a paragraph of their own.
_PARAGRAPHS = {
    "p",
    "pre",
    "blockquote",
    "address",
    "caption",
    "figcaption",
    "td",
    "th",
    "dt",
    "dd",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Blocks whose tags are dropped; they only end the paragraph around them.
_CONTAINERS = {
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "figure",
    "center",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "dl",
}
_SANITISER_TAGS = {"br", "li", *_INLINE, *_LISTS, *_PARAGRAPHS, *_HEADINGS, *_CONTAINERS}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}

_TAG = r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
_TOKEN = re.compile(rf"{_TAG}|([^<]+)")
_ANY_TAG = re.compile(r"<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_HREF = re.compile(r'\shref="([^"]*)"')
_SPACES = re.compile(r"[ \t\n\r\f]+")  # not U+00A0: a non-breaking space is meant
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br/>|</?[bi]>)*</p>")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def split_format(text: str, default: str) -> tuple[str, str]:
    """Return (format, text without its `[format]` prefix), as Moodle reads it.

    An unknown name in brackets is not a format: it stays part of the text.
    """
    if text.startswith("["):
        end = text.find("]")
        if end > 0 and text[1:end] in FORMATS:
            return text[1:end], text[end + 1 :].strip()
    return default, text


def to_html(text: str, text_format: str) -> str:
    """The text as Wagtail rich text, sanitised; "" when nothing is left."""
    if text_format == "html":
        source = text
    elif text_format == "markdown":
        source = markdown.markdown(text)
    elif text_format == "plain":
        source = _paragraphs(html.escape(text, quote=False))
    else:
        source = _paragraphs(_moodle_newlines(text))
    return normalise(sanitise(source))


def to_plain(text: str, text_format: str) -> str:
    """The text a student would read, for our plain-text fields."""
    if text_format == "plain":
        return text.strip()
    return rich_to_plain(to_html(text, text_format))


def sanitise(source: str) -> str:
    """Strip everything but harmless structure; `<script>` goes with its content."""
    return nh3.clean(
        source,
        tags=_SANITISER_TAGS,
        attributes={"a": {"href"}},
        url_schemes=_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def normalise(sanitised: str) -> str:
    """Reshape sanitised HTML into the subset Wagtail's rich text stores.

    Loose text is wrapped in paragraphs, headings become bold paragraphs,
    `<strong>`/`<em>` become `<b>`/`<i>` and layout tags are dropped. Expects
    nh3's output: well-formed, with every attribute quoted.
    """
    shaper = _Shaper()
    for match in _TOKEN.finditer(sanitised):
        closing, name, attributes, data = match.groups()
        if data is not None:
            shaper.text(data)
        elif closing:
            shaper.end(name.lower())
        else:
            shaper.start(name.lower(), attributes)
    result = "".join(shaper.finish())
    result = re.sub(r"(<p>|<li>)(?:\s|<br/>)+", r"\1", result)
    result = re.sub(r"(?:\s|<br/>)+(</p>|</li>)", r"\1", result)
    return _EMPTY_PARAGRAPH.sub("", result).strip()


def rich_to_plain(rich: str) -> str:
    """Plain text from our rich text: a line per break or item, a blank line per paragraph."""
    text = rich.replace("<br/>", "\n").replace("</li>", "\n").replace("</p>", "\n\n")
    text = re.sub(r"</?(?:ul|ol)>", "\n", text)
    text = html.unescape(_ANY_TAG.sub("", text))
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def one_line(text: str) -> str:
    """Text on one line with single spaces; non-breaking spaces are kept."""
    return _SPACES.sub(" ", text).strip()


def _paragraphs(text: str) -> str:
    parts = _BLANK_LINE.split(text.strip())
    return "".join(f"<p>{part.strip().replace(chr(10), '<br/>')}</p>" for part in parts)


def _moodle_newlines(text: str) -> str:
    # Moodle's auto-format keeps HTML, and a line break next to a tag is only
    # layout of the source, not a <br>.
    text = re.sub(r"(?<!\n)\n(?=<)", " ", text)
    return re.sub(r"(?<=>)\n(?!\n)", " ", text)


class _Shaper:
    """Rebuilds a token stream as paragraphs and lists (see `normalise`)."""

    def __init__(self):
        self.out: list[str] = []
        self.open: list[tuple[str, str, bool]] = []  # (tag read, closing written, is a block)
        self.blocks: list[str] = []  # blocks written and still open: p, ul, ol, li
        self.implicit = None  # len(self.open) when a <p> was opened for loose text

    def text(self, data):
        data = _SPACES.sub(" ", data)
        if not self._in_flow():
            if not data.strip():
                return
            self._open_implicit()
        self.out.append(data)

    def start(self, name, attributes):
        if name == "br":
            self._open_implicit()
            self.out.append("<br/>")
        elif name in _INLINE:
            self._open_implicit()
            self._inline(name, attributes)
        elif name in _LISTS or (name == "li" and self._in_list()):
            if not self.blocks:
                self._close_implicit()
            self._write(name, f"<{name}>", f"</{name}>", block=True)
        elif name in _PARAGRAPHS or name in _HEADINGS or name == "li":
            if self.blocks:
                self.open.append((name, "", False))
                return
            self._close_implicit()
            bold = name in _HEADINGS
            self._write(name, "<p><b>" if bold else "<p>", "</b></p>" if bold else "</p>", True)
            self.blocks[-1] = "p"
        else:
            if not self.blocks:
                self._close_implicit()
            self.open.append((name, "", False))

    def end(self, name):
        while self.open:
            tag, closing, block = self.open.pop()
            self.out.append(closing)
            if block:
                self.blocks.pop()
            if tag == name:
                break
        if name in _CONTAINERS and not self.blocks:
            self._close_implicit()
        if self.implicit is not None and len(self.open) < self.implicit:
            self.implicit = len(self.open)

    def finish(self):
        self._close_implicit()
        while self.open:
            self.out.append(self.open.pop()[1])
        return self.out

    def _inline(self, name, attributes):
        if name == "a":
            href = _HREF.search(attributes)
            if href is None:
                self.open.append((name, "", False))
                return
            self._write(name, f'<a href="{href.group(1)}">', "</a>", block=False)
        else:
            tag = _INLINE[name]
            self._write(name, f"<{tag}>", f"</{tag}>", block=False)

    def _write(self, name, opening, closing, block):
        self.out.append(opening)
        self.open.append((name, closing, block))
        if block:
            self.blocks.append(name)

    def _in_flow(self):
        return self.implicit is not None or (bool(self.blocks) and self.blocks[-1] in ("p", "li"))

    def _in_list(self):
        return any(block in _LISTS for block in self.blocks)

    def _open_implicit(self):
        if not self._in_flow() and not self.blocks:
            self.out.append("<p>")
            self.implicit = len(self.open)

    def _close_implicit(self):
        if self.implicit is None:
            return
        # Inline tags still open inside the paragraph close with it.
        for index in range(len(self.open) - 1, self.implicit - 1, -1):
            tag, closing, block = self.open[index]
            self.out.append(closing)
            self.open[index] = (tag, "", block)
        self.out.append("</p>")
        self.implicit = None
