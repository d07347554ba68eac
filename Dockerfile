# SIGAP API / worker image. Build: docker build -t sigap .
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm fonts-dejavu-core postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md constraints.txt ./
COPY geo geo
COPY api api
COPY tiles tiles
COPY vision vision
COPY workers workers
COPY sigap_local sigap_local
COPY sql sql
COPY data data
COPY frontend/package.json frontend/package-lock.json frontend/
# Editable: sql/, data/ and frontend/ are read from /app at run time.
# The versions the test suite ran with (constraints.txt), not whatever is newest on the day of the build.
RUN pip install --no-cache-dir -c constraints.txt -e . && cd frontend && npm ci --no-audit --no-fund
COPY frontend frontend
ENV SIGAP_HOST=0.0.0.0 SIGAP_PORT=8080 SIGAP_MEDIA_DIR=/var/lib/sigap/media
EXPOSE 8080
CMD ["sigap", "serve"]
