"""The WSGI entry point gunicorn serves: `gunicorn course.wsgi`.

Stored anonymous pages are answered in front of Django (`course.page_cache_front`).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "course.settings")

from course.page_cache_front import page_cache_front  # after the settings are named

application = page_cache_front(get_wsgi_application())
