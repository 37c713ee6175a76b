"""The WSGI application that ``quaestio serve`` (granian) runs."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quaestio.settings")

application = get_wsgi_application()
