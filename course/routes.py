"""Which page a path leads to, remembered until published content changes.

Wagtail finds the page for a path by walking the tree one slug at a time,
loading each page's own type on the way, after a query for the site: seven
queries before a lesson's own content is read. The answer only changes when
published content does, so the site and the page's id are kept per content
version (`course.content_cache`) and the page is then loaded with one query.
Everything after the lookup (view restrictions, hooks, `serve`) is still
Wagtail's own serve view.

Wagtail keeps both answers on the request, as `_wagtail_site` and
`_wagtail_route_for_request`, and reads them from there; filling those two
attributes in before its view runs is all this does. A Wagtail upgrade that
renamed them would show as the query budgets in the tests failing, never as
a wrong page.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail import views as wagtail_views
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from course.content_cache import versioned


def _route(request, path):
    """Route with Wagtail, and keep what it found if the whole path was a page."""
    route = Page.route_for_request(request, path)
    if route is None or route.args or route.kwargs:
        return None
    return request._wagtail_site, route.page.content_type_id, route.page.pk


def _remembered(request, path):
    """Fill in Wagtail's answers for `path` from the cache, if it has them."""
    found = versioned(
        request,
        f"route:{request.get_host()}:{request.get_port()}:{path}",
        lambda: _route(request, path),
    )
    if found is None or hasattr(request, "_wagtail_route_for_request"):
        return  # unknown to the cache, or just routed by Wagtail itself
    site, content_type_id, page_id = found
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = model.objects.filter(pk=page_id).first()
    if page is not None and page.live:
        request._wagtail_site = site
        request._wagtail_route_for_request = RouteResult(page)


class RememberedRoutes:
    """Middleware: before Wagtail's serve view runs, give it the remembered route."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is wagtail_views.serve:
            _remembered(request, view_args[0])
