"""The live server of the browser tests, taking its requests one at a time on SQLite.

On the in-memory SQLite test database, Django's live server hands every
request thread the test's one connection. A page that sends two requests at
once (a quiz's autosave beside its submit) then interleaves their
transactions on that connection: "no such savepoint", a 500, and a broken
connection for every test after. On SQLite the requests therefore take turns;
each thread of PostgreSQL has its own connection and is left alone.
"""

import threading

from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection


class TurnTakingWSGIServer(ThreadedWSGIServer):
    def set_app(self, application):
        if connection.vendor != "sqlite":
            return super().set_app(application)
        turn = threading.Lock()

        def one_at_a_time(environ, start_response):
            with turn:
                result = application(environ, start_response)
                try:
                    return list(result)  # a streamed body reads the database too
                finally:
                    if hasattr(result, "close"):
                        result.close()

        return super().set_app(one_at_a_time)
