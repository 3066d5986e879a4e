"""Which page a path leads to, remembered until published content changes.

Wagtail finds the page for a path by walking the tree one slug at a time,
loading each page's own type on the way, after a query for the site; then
its serve view reads the page's view restrictions (two more queries). The
answers only change when published content does (publishing, moving, and
any change to a view restriction bump the content version), so the site,
the page itself and its view restrictions are kept per content version
(`course.content_cache`, in each worker's memory, where a lesson page
costs about a tenth of the query that loads it). Everything after the
lookup (the restriction check, hooks, `serve`) is still Wagtail's own view.

Wagtail keeps its routing answers on the request, as `_wagtail_site` and
`_wagtail_route_for_request`, and reads them from there; filling those two
attributes in before its view runs, and handing the page its remembered
restrictions, is all this does. A Wagtail upgrade that renamed them would
show as the query budgets in the tests failing, never as a wrong page.
"""

from wagtail import views as wagtail_views
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from course.content_cache import versioned


def _route(request, path):
    """Route with Wagtail, and keep what it found if the whole path was a live page."""
    route = Page.route_for_request(request, path)
    if route is None or route.args or route.kwargs or not route.page.live:
        return None
    page = route.page.specific_class.objects.get(pk=route.page.pk)  # fresh: nothing read yet
    return request._wagtail_site, page, list(page.get_view_restrictions())


def _remembered(request, path):
    """Fill in Wagtail's answers for `path` from the cache, if it has them."""
    found = versioned(
        request,
        f"route:{request.get_host()}:{request.get_port()}:{path}",
        lambda: _route(request, path),
    )
    if found is None or hasattr(request, "_wagtail_route_for_request"):
        return  # unknown to the cache, or just routed by Wagtail itself
    site, page, restrictions = found  # this request's own copies, unpickled from the cache
    page.get_view_restrictions = lambda: restrictions
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
