# Weaklink's image: the web processes, the task worker and the one-off migrate
# job all run it (docker-compose.yml); deploy/start.sh holds their commands.
# Python 3.12, the version CI tests with.
FROM python:3.12-slim-trixie
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
# pg_dump and pg_restore for deploy/backup.py (Debian 13's client, 17: it reads
# compose's PostgreSQL 16; pg_dump refuses a server newer than itself). libGL and
# GLib: OpenCV (mediapipe's video decoding in the worker) loads them at import.
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client libgl1 libglib2.0-0 \
 && rm -rf /var/lib/apt/lists/*
# The exact releases CI tested, each checked against its hash (requirements.lock,
# refreshed with `make lock`); pyproject.toml only says which ranges are allowed.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements.lock
COPY . .
# Static files are part of the image (hashed names, compressed), collected once
# at build with throwaway production settings: nothing is written at start.
RUN DEBUG=0 SECRET_KEY=collectstatic-at-build-only ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput -v0 \
 && useradd --system --home /app weaklink \
 && mkdir -p /app/media && chown -R weaklink /app/media
USER weaklink
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=5 \
  CMD ["python", "-m", "config.healthcheck"]
CMD ["deploy/start.sh", "web"]
