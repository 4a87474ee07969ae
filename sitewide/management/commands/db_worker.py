"""django-tasks-db's worker, which also ends the jobs of workers that died.

It replaces the package's command of the same name (this app comes first in
INSTALLED_APPS): as it starts, and every few seconds while it runs, it calls what the
apps registered in sitewide.workers.
"""

from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from sitewide.workers import start_heartbeat, worker_started


class Command(WorkerCommand):
    def handle(self, *args, **options):
        worker_started()
        start_heartbeat()
        return super().handle(*args, **options)
