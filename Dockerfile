# Local Policing Summaries: one stateless app instance. Run several behind a load balancer,
# with one PostgreSQL (DATABASE_URL) and Redis as the shared cache (REDIS_URL).
# The same image runs the background job worker, with another command:
#   docker run --memory 1g ... policing python manage.py db_worker --max-tasks 200
FROM python:3.11-slim-bookworm

# Pango for the PDF leaflets (WeasyPrint), and Liberation Sans, which has Arial's metrics.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
        fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
COPY policing ./policing
COPY sitewide ./sitewide
COPY boroughs ./boroughs
COPY performance ./performance
COPY consultation ./consultation
COPY templates ./templates
COPY static ./static
COPY manage.py gunicorn.conf.py ./
RUN pip install --no-cache-dir . \
    && DEBUG=0 SECRET_KEY=build-only HTTPS=0 python manage.py collectstatic --noinput -v0

RUN useradd --system --no-create-home app
USER app
ENV BIND=0.0.0.0:8000 LOG_FORMAT=json
EXPOSE 8000
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["gunicorn", "-c", "gunicorn.conf.py", "policing.wsgi"]
