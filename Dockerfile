# Weaklink's image: the web processes, the task worker and the one-off migrate
# job all run it (docker-compose.yml); deploy/start.sh holds their commands.
# Python 3.12, the version CI tests with.
FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
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
