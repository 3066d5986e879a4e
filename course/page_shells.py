"""A signed-in page rendered once per content version, with holes for each visitor's own parts.

Most of a signed-in lesson page is the same for every student: the site
header, the heading, the lesson body, the pager. The rest is the student's
own: the user menu, messages, the progress bar, the outline's ticks, the
completion form with its CSRF token. Rendering the shared parts on every
request cost about half the page's CPU, even with each part fragment-cached.

So a page's template marks its personal parts with `{% personal %}` (the
`personal_parts` tag library), and `shell_response` renders the whole
template once per content version with a mark where each personal part
stands: the page's *shell*, kept in each worker's memory like the other
versioned entries (`course.content_cache`). A request then renders only the
personal parts, in the page's own context, and fills the holes.

What stays outside `{% personal %}` must depend on nothing but published
content, the page's address and whether the visitor is signed in (each
page has a shell for visitors and one for students, so the user menu's
links are shared and only the name is a hole), and a personal part must
need only the page's context. A variable
set around it in the template (a loop's, or `{% with %}`'s) is not there
when the hole is filled, so a part inside a loop names what it needs as a
number or a string (`{% personal number=run.number %}`), which the shell
keeps beside the hole.
`tests/test_page_shells.py` renders pages both ways and compares them.
Without its shell (a preview, a template whose parts this worker has not
compiled), a page is rendered whole, as any Wagtail page.
"""

import itertools
import secrets
import weakref

from django import template
from django.http import HttpResponse
from django.template.context import make_context
from django.template.loader import get_template
from django.template.response import TemplateResponse
from django.utils.translation import get_language

from course.content_cache import versioned

# The context variable that makes `{% personal %}` leave marks: a name no
# template can read, since template variables cannot start with "_".
MARKS = "_page_shell_marks"

# Every personal part this worker has compiled, by number: a shell names its
# holes by these numbers, so it holds no template nodes and can be pickled.
_parts = weakref.WeakValueDictionary()
_numbers = itertools.count()


class PersonalNode(template.Node):
    """A visitor's own part of a page (see module): rendered in place, or,
    while a shell is rendered, a mark for `shell_response` to fill."""

    def __init__(self, nodelist, names):
        self.nodelist = nodelist
        self.names = names  # {name: FilterExpression}, set for the part
        self.number = next(_numbers)
        _parts[self.number] = self

    def render(self, context):
        values = {name: value.resolve(context) for name, value in self.names.items()}
        marks = context.get(MARKS)
        if marks is None:
            with context.push(**values):
                return self.nodelist.render(context)
        if not all(type(value) in (int, str) for value in values.values()):
            raise template.TemplateSyntaxError("{% personal %} takes numbers and strings only")
        marks.holes.append((self.number, tuple(values.items())))
        return f"{marks.token}{len(marks.holes) - 1}{marks.token}"

    def fill(self, context, values) -> str:
        with context.push(**dict(values)):
            return self.nodelist.render(context)


class _Marks:
    """The holes of one shell being rendered, and the token that bounds each mark."""

    def __init__(self):
        self.token = f"\x00{secrets.token_hex(8)}\x00"
        self.holes = []  # (part number, its names' values)


def _shell(template, context, request):
    """(texts, holes): the page with its personal parts cut out, one more
    text than holes; None when the marks cannot be read back."""
    marks = _Marks()
    html = template.render({**context, MARKS: marks}, request)
    pieces = html.split(marks.token)
    texts, indexes = pieces[0::2], pieces[1::2]
    if indexes != [str(index) for index in range(len(marks.holes))]:
        return None
    return tuple(texts), tuple(marks.holes)


def shell_response(page, request, *args, **kwargs) -> HttpResponse:
    """`page` served as Wagtail serves it, from its shell when it has one."""
    context = page.get_context(request, *args, **kwargs)
    name = page.get_template(request, *args, **kwargs)
    template = get_template(name)
    signed_in = request.user.is_authenticated
    key = f"shell:{request.get_host()}:{request.path}:{get_language()}:{name}:{signed_in}"
    shell = versioned(request, key, lambda: _shell(template, context, request))
    parts = [_parts.get(number) for number, _values in shell[1]] if shell else [None]
    if None in parts:
        return TemplateResponse(request, name, context)
    texts, holes = shell
    bound = make_context(context, request)
    with bound.bind_template(template.template):
        filled = [
            part.fill(bound, values) for part, (_n, values) in zip(parts, holes, strict=True)
        ]
    html = "".join(itertools.chain.from_iterable(zip(texts, [*filled, ""], strict=True)))
    return HttpResponse(html)
