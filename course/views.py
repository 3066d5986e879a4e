"""Site pages that are not Wagtail pages: the student's dashboard."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from course.progress import student_courses


@login_required
def dashboard(request):
    """Every course the student has started: progress, where to go on, quiz grades."""
    context = {"courses": student_courses(student=request.user)}
    return render(request, "course/dashboard.html", context)
