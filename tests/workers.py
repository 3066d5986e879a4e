"""The background queue's worker, run inside a test."""

from unittest.mock import patch

from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker

from classes.exports.jobs import TASK_BACKEND


def run_worker():
    """The database worker of the "background" backend, until nothing is left to run.

    Between tasks the worker closes connections that are old or left outside
    autocommit, as a long-lived process should; inside a test's transaction
    that is the test's own connection, which PostgreSQL would then refuse to
    reopen, so here it keeps it.
    """
    with patch.object(db_worker, "close_old_connections"):
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name=TASK_BACKEND,
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()
