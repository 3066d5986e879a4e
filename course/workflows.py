"""Review before publish: a course whose changes go live only once a
reviewer has approved them.

Wagtail lets anyone with publish permission publish straight past a
workflow, so turning review on for a course does two things: it assigns a
"Review before publish: <course title>" workflow to the course page (and so
to every lesson and quiz in it), and it takes publish away from the course's
professors (`course.roles`). A professor then saves a draft and chooses
"Submit to Review before publish"; the live page stays as it was. The
workflow's one task is approved by the course's reviewers ("Reviewers:
<course title>", granted with `grant_course --role reviewer`) or an admin:
approving publishes the submitted revision, requesting changes publishes
nothing. Reviewers keep publish permission because Wagtail publishes an
approved change with the approver's permissions.

Turned on and off with `grant_course --course <slug> --review on|off`; the
demo data turns it on for the bundled course.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from course.roles import Role, course_group, course_groups_sync


def course_under_review(*, course):
    """Whether changes to `course` need a reviewer's approval to go live."""
    return WorkflowPage.objects.filter(page=course).exists()


@transaction.atomic
def course_review_enable(*, course):
    """Put `course` under Review before publish; running it again changes
    nothing. Returns the course's workflow."""
    assigned = WorkflowPage.objects.filter(page=course).select_related("workflow").first()
    if assigned is not None:
        workflow = assigned.workflow
    else:
        workflow = _workflow(course=course)
        WorkflowPage.objects.create(workflow=workflow, page=course)
    course_groups_sync(course=course)
    return workflow


@transaction.atomic
def course_review_disable(*, course):
    """Let the course's professors publish directly again. Wagtail cancels
    reviews in progress when the workflow is deactivated."""
    assigned = WorkflowPage.objects.filter(page=course).select_related("workflow").first()
    if assigned is not None:
        assigned.workflow.deactivate()
    course_groups_sync(course=course)


def workflow_name(*, course):
    return (_("Review before publish: %(course)s") % {"course": course.title})[:255]


def _workflow(*, course):
    """The course's workflow, made with its one approval task the first time
    and woken up again if review was turned off before."""
    name = workflow_name(course=course)
    workflow = Workflow.objects.filter(name=name).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=name)
        task = GroupApprovalTask.objects.create(
            name=(_("Approval by a reviewer of %(course)s") % {"course": course.title})[:255]
        )
        task.groups.set([course_group(course=course, role=Role.REVIEWER)])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    elif not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    return workflow
