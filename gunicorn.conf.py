"""gunicorn settings for production (`make serve` uses them locally).

Each instance is stateless: sessions are in the database, the cache is Redis
(REDIS_URL), so several instances can run behind a load balancer.
"""

import multiprocessing
import os

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
access_log_format = (
    '{"remote": "%(h)s", "request": "%(r)s", "status": %(s)s, "bytes": "%(B)s", '
    '"duration_ms": %(M)s}'
)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
