# syntax=docker/dockerfile:1
# authlens container image. Build from the repository root:
#   docker build -t authlens .            (or: docker compose -f deploy/compose.yaml up --build)
# Stages: `build` compiles with the same install script `make` uses; `runtime` (the default,
# last stage) holds only the binary and the Debian packages of the shared libraries it loads;
# `tests` runs the behave suite against a running stack (compose service `tests`, profile test).

ARG DEBIAN_IMAGE=debian:12-slim

# ---------------------------------------------------------------------------------------------
FROM ${DEBIAN_IMAGE} AS build
WORKDIR /src
# The install script first, so its apt layer is cached until the script itself changes; with it
# the pinned npm package of the /docs page's renderer, which the script fetches.
COPY scripts/install-deps.sh scripts/install-deps.sh
COPY tools/swagger-ui/package.json tools/swagger-ui/package-lock.json tools/swagger-ui/
RUN scripts/install-deps.sh build && rm -rf /var/lib/apt/lists/*
COPY CMakeLists.txt ./
COPY tools/embed_assets.py tools/embed_assets.py
COPY docs/openapi.yaml docs/openapi.yaml
COPY src src
COPY deploy/docker/runtime-packages.sh deploy/docker/runtime-packages.sh
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DAUTHLENS_TESTS=OFF \
 && cmake --build build --target authlens \
 && strip build/authlens \
 && build/authlens --version \
 && deploy/docker/runtime-packages.sh build/authlens > build/runtime-packages.txt \
 && cat build/runtime-packages.txt

# ---------------------------------------------------------------------------------------------
FROM ${DEBIAN_IMAGE} AS tests
# The behave suite, run against the Compose stack by the `tests` service; it reaches the stack
# through AUTHLENS_URL, ADMIN_URL, MAIL_URL, JAEGER_URL and PROMETHEUS_URL (see compose.yaml).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 python3-venv ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /tests
COPY requirements-test.txt ./
RUN python3 -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir -r requirements-test.txt
COPY features features
RUN useradd --system --uid 10002 --no-create-home tests
USER 10002
ENV PATH=/opt/venv/bin:$PATH
ENTRYPOINT ["behave", "--format", "progress", "features"]

# ---------------------------------------------------------------------------------------------
FROM ${DEBIAN_IMAGE} AS runtime
COPY --from=build /src/build/runtime-packages.txt /tmp/runtime-packages.txt
# curl is for the HEALTHCHECK only; ca-certificates for smtps://, STARTTLS and https OTLP.
RUN apt-get update \
 && xargs -a /tmp/runtime-packages.txt env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* /tmp/runtime-packages.txt \
 && useradd --system --uid 10001 --home-dir /var/lib/authlens --create-home --shell /usr/sbin/nologin authlens \
 && mkdir -p /var/lib/authlens/var \
 && chown -R authlens:authlens /var/lib/authlens
COPY --from=build /src/build/authlens /usr/local/bin/authlens

# The default SQLite database is var/authlens.db relative to the working directory.
WORKDIR /var/lib/authlens
VOLUME ["/var/lib/authlens/var"]
# Inside a container the listeners must not be on loopback (CONTRACT.md defaults are 127.0.0.1).
# In production (this image's default) an admin listener off loopback needs a bearer token for
# /debug/*: run with AUTHLENS_ADMIN_TOKEN set (docker run -e AUTHLENS_ADMIN_TOKEN=$(openssl rand
# -hex 32) ...), or the start is refused. /metrics stays reachable without it, so Prometheus
# scrapes http://<container>:8000/metrics as before (AUTHLENS_METRICS_REQUIRE_TOKEN=on puts it
# behind the token too; then give Prometheus the token, see deploy/prometheus/prometheus.yml).
# The health check's /healthz never needs the token.
ENV AUTHLENS_HTTP_ADDR=0.0.0.0:8001 \
    AUTHLENS_ADMIN_ADDR=0.0.0.0:8000 \
    AUTHLENS_ENV=production \
    AUTHLENS_LOG_FORMAT=json \
    OTEL_SERVICE_NAME=authlens
# 8001: public API; 8000: admin (/metrics, /debug/traces, /healthz, /readyz).
EXPOSE 8001 8000
USER 10001:10001
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8000/healthz"]
ENTRYPOINT ["/usr/local/bin/authlens"]
