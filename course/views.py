"""Site pages that are not Wagtail pages: the student's dashboard."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from course.progress import student_courses


@login_required
def dashboard(request):
    """Every course the student has started: progress, where to go on, quiz grades,
    and the certificate of each finished one."""
    # Imported here: `course` is the base app and never imports its dependants at load time.
    from certificates.selectors import certificates_for

    courses = student_courses(student=request.user, request=request)
    finished = [entry.course.pk for entry in courses if entry.progress.finished]
    context = {
        "courses": courses,
        # One query, and only when a course is finished: the claim button or the link.
        "certificates": certificates_for(student=request.user, course_ids=finished),
    }
    return render(request, "course/dashboard.html", context)
