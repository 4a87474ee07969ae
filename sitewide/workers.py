"""The background job worker's life, for the apps whose jobs it runs.

A job records which worker took it (``this_worker()``: the host and process). A worker
that is killed (out of memory, a deploy, a reboot) cannot say so, so its jobs would
stay "running" for ever. The apps register here what to do when any worker starts and,
every ``HEARTBEAT_SECONDS`` while one runs, so that a job whose worker died is found
and ended promptly (``manage.py db_worker`` calls them); this site-wide module needs
none of their models.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
from collections.abc import Callable

from django.db import close_old_connections, connection

logger = logging.getLogger(__name__)

# How often a running worker says it is alive, and looks for jobs whose worker died.
HEARTBEAT_SECONDS = 30

_ON_START: list[Callable[[], object]] = []
_ON_HEARTBEAT: list[Callable[[], object]] = []


def when_a_worker_starts(hook: Callable[[], object]) -> None:
    if hook not in _ON_START:
        _ON_START.append(hook)


def while_a_worker_runs(hook: Callable[[], object]) -> None:
    """``hook()`` runs every HEARTBEAT_SECONDS in each worker, on a thread of its own."""
    if hook not in _ON_HEARTBEAT:
        _ON_HEARTBEAT.append(hook)


def this_worker() -> str:
    """This process, as a job records who took it: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def worker_is_alive(worker: str) -> bool | None:
    """Whether the process a job names is still running: known only on its own host
    (None elsewhere, where the job's heartbeat has to tell)."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # running, as another user
    return True


def _run(hooks) -> None:
    for hook in hooks:
        try:
            hook()
        except Exception:
            # A heartbeat missed (the database busy, say) is tried again next time.
            logger.warning("Worker hook %s failed", getattr(hook, "__name__", hook), exc_info=True)


def worker_started() -> None:
    """What a worker does as it starts, before taking a job."""
    _run(_ON_START)


def start_heartbeat(stop: threading.Event | None = None) -> threading.Thread:
    """Run the heartbeat hooks every HEARTBEAT_SECONDS until ``stop`` is set (or the
    process ends), on a daemon thread with its own database connection."""
    stop = stop or threading.Event()

    def beat():
        while not stop.wait(HEARTBEAT_SECONDS):
            close_old_connections()
            _run(_ON_HEARTBEAT)
        with contextlib.suppress(Exception):
            connection.close()

    thread = threading.Thread(target=beat, name="worker-heartbeat", daemon=True)
    thread.start()
    return thread
