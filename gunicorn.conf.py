"""gunicorn settings for production (`make serve` uses them locally).

Each instance is stateless: sessions are in the database, the cache is Redis
(REDIS_URL), so several instances can run behind a load balancer.
"""

import multiprocessing
import os
import sys

# gunicorn reads this file before it has put the project on the import path.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from policing.logformat import JSON_FORMATTER  # noqa: E402

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Sync workers, two per core plus one: pages are short database reads.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 30
keepalive = 5
# Load the application once, before forking: workers start at once, share memory, and
# a recycled worker does not spend a second of CPU importing Django while others serve.
preload_app = True
# Recycle workers now and then so a slow leak cannot grow without bound. Not too often:
# at a thousand requests a second a small number would restart a worker every few seconds.
max_requests = 20000
max_requests_jitter = 2000
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms'
if os.environ.get("LOG_FORMAT") == "json":
    # One JSON object a line, written by python-json-logger like the app's own logs, so a
    # request line holding quotes or backslashes still gives valid JSON.
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": JSON_FORMATTER},
        "handlers": {
            "json": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            }
        },
        "root": {"handlers": ["json"], "level": "INFO"},
        "loggers": {
            "gunicorn.error": {"handlers": ["json"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["json"], "level": "INFO", "propagate": False},
        },
    }
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
