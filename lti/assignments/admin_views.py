"""The instructor's page of grades sent to the LMS, among the section's own pages.

A section taught inside an LMS course (`section.lti_link`) gets its quiz
grades there through grade passback; this page says, per student and quiz,
whether each grade got there (sent), is on its way (pending) or did not
(failed, with what the platform or the network said), and offers to send a
failed one again. It is one of the section's pages (`SectionMixin`), so only
the section's instructors and admins reach it; anyone else gets 404.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from classes.instructor_views import SectionMixin
from lti.assignments.models import ScorePost
from lti.assignments.passback import score_post_resend
from lti.assignments.selectors import section_score_post, section_score_posts
from lti.launch.models import SectionLink

PAGE_SIZE = 100  # rows (a student's grade at a quiz) per page


class ScorePostsView(SectionMixin, TemplateView):
    template_name = "lti/assignments/score_posts.html"
    page_title = gettext_lazy("Grades sent to the LMS")
    tab = "gradebook"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        posts = section_score_posts(section=self.section)
        page = Paginator(posts, PAGE_SIZE).get_page(self.request.GET.get("p"))
        counts = dict(posts.order_by().values_list("status").annotate(count=Count("pk")))
        context.update(
            link=SectionLink.objects.filter(section=self.section)
            .select_related("context")
            .first(),
            page_obj=page,
            posts=page.object_list,
            counts=[(label, counts.get(status, 0)) for status, label in ScorePost.Status.choices],
            can_resend=context["can_change"],
        )
        return context


class ScorePostResendView(SectionMixin, View):
    """Queue a failed grade again (POST only); the worker sends it."""

    section_action = "change"

    def post(self, request, post_id):
        post = section_score_post(section=self.section, post_id=post_id)
        if post is None:
            raise Http404
        user = post.lti_user.auth_user
        name = (user.get_full_name() or user.username) if user else post.lti_user.sub
        if score_post_resend(post=post):
            messages.success(
                request, _("%(name)s's grade is queued to be sent again.") % {"name": name}
            )
        else:
            messages.info(
                request,
                _("%(name)s's grade is no longer failed, so it was not queued again.")
                % {"name": name},
            )
        return HttpResponseRedirect(reverse("lti_score_posts", args=[self.section.pk]))
