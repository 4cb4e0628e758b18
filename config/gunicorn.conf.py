"""gunicorn for Luoshi (docs/deploy.md): `gunicorn -c config/gunicorn.conf.py config.wsgi`.
Settings from the environment; the process answers on 127.0.0.1 behind nginx (TLS there)."""

import multiprocessing
import os

import gunicorn.http.wsgi

# No Server banner naming the software and its version (等保2.0: 减少信息暴露).
gunicorn.http.wsgi.SERVER = "luoshi"

bind = os.environ.get("LUOSHI_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("LUOSHI_WORKERS", str(2 * multiprocessing.cpu_count() + 1)))
threads = int(os.environ.get("LUOSHI_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("LUOSHI_WORKER_TIMEOUT", "120"))  # exports and PDF take time
graceful_timeout = 30
# The application is loaded once, before the workers fork: a worker renewed (below) starts at
# once instead of importing Django again, and the workers share the loaded code's memory.
# Nothing opens a database connection while loading (Django connects on first use).
preload_app = True
max_requests = 20000  # renew workers now and then (at a busy zone's rate, every hour or so)
max_requests_jitter = 2000
forwarded_allow_ips = os.environ.get("LUOSHI_PROXY_IPS", "127.0.0.1")
accesslog = os.environ.get("LUOSHI_ACCESS_LOG", "-")
errorlog = os.environ.get("LUOSHI_ERROR_LOG", "-")
