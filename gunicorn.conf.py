"""Gunicorn settings for production and ``make serve``; every value can be overridden by env.

Sync workers suit this app: requests are short, database-bound and served from cache where it
counts. Scale out with more app servers behind the load balancer rather than more threads.
"""

import gc
import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound. The app is loaded once
# in the master and forked, so a new worker starts in milliseconds: without preloading, each
# recycle imported Django again, which cost a quarter of the throughput of a fast page.
max_requests = 10000
max_requests_jitter = 1000
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def pre_fork(server, worker):
    """Everything the master loaded (Django, the app) is left out of the collector's full passes
    in the workers, and those pages stay shared between workers after the fork instead of being
    copied when the collector touches them. (Raising the thresholds as well was measured: at the
    defaults an uncached story page triggers 0.18 young-generation collections, nothing to win.)"""
    gc.freeze()
