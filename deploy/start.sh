#!/bin/sh
# The one place the production start commands live: the image (Dockerfile,
# docker-compose.yml) and the local production-shape run (bench/prod_shape.py)
# both start Weaklink through this script, so CI checks what compose runs.
#
#   deploy/start.sh migrate   # one-off job: migrations, then the drill library into an empty library only
#   deploy/start.sh web       # gunicorn on $BIND (default 0.0.0.0:8000), $WEB_CONCURRENCY workers
#   deploy/start.sh worker    # the task worker (django.tasks, database-backed)
#   deploy/start.sh scheduler # enqueues reminders (every $REMINDER_INTERVAL s) and weekly digests
#
# $PYTHON is the interpreter (default: python). gunicorn's access log goes to
# stdout through config.logs.GunicornLogger: Django's line format, and every
# /c/<token>/ (a personal link, docs/security.md) and password-reset link
# redacted, as in nginx's log.
set -eu
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python}

case "${1:-}" in
  migrate)
    "$PYTHON" manage.py migrate --noinput
    # Only into an empty library: editors' cues, doses and rung moves are never
    # overwritten, and a library that moved away from the file never stops a start.
    exec "$PYTHON" manage.py load_drill_library --if-empty
    ;;
  web)
    exec "$PYTHON" -m gunicorn config.wsgi:application \
      --bind "${BIND:-0.0.0.0:8000}" \
      --workers "${WEB_CONCURRENCY:-3}" \
      --timeout "${GUNICORN_TIMEOUT:-30}" \
      --graceful-timeout 20 \
      --name weaklink-web \
      --logger-class config.logs.GunicornLogger \
      --access-logfile - \
      --access-logformat '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
    ;;
  worker)
    # Raw squat clips due for deletion (reviewed, or older than SQUAT_VIDEO_KEEP_DAYS)
    # go at every worker start; each upload queues the same purge, and a daily
    # cron line runs it on a quiet server (docs/video.md). A failure must not stop the worker.
    "$PYTHON" manage.py purge_squat_videos || echo "purge_squat_videos failed; the worker starts anyway" >&2
    exec "$PYTHON" manage.py db_worker --no-reload --interval "${WORKER_INTERVAL:-1}"
    ;;
  scheduler)
    # The cron of docs/operations.md ("Reminders and the weekly digest") as one small
    # loop: both commands only enqueue, and both record what they sent, so running
    # them often (or twice) never sends anything twice. A failed run is retried
    # at the next turn.
    while true; do
      "$PYTHON" manage.py send_reminders || echo "send_reminders failed" >&2
      "$PYTHON" manage.py send_digests || echo "send_digests failed" >&2
      sleep "${REMINDER_INTERVAL:-300}"
    done
    ;;
  *)
    echo "usage: deploy/start.sh migrate|web|worker|scheduler" >&2
    exit 2
    ;;
esac
