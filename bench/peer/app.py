"""The yardstick: the original lab's stack serving the same API authlens serves.

FastAPI on uvicorn, SQLite, argon2-cffi with authlens's Argon2id parameters (t=2, 64 MiB, p=1),
and each telemetry signal the way the original wires it, switched by environment variables:
  PEER_LOGS=on     one JSON log line per request on stdout (logging module), trace ids attached
  PEER_METRICS=on  prometheus_client on its own port (PEER_METRICS_PORT, the original's 8000),
                   a request-duration histogram and psutil cpu_usage / memory_usage gauges
  PEER_TRACES=on   OpenTelemetry SDK, FastAPIInstrumentor, BatchSpanProcessor, OTLP/HTTP exporter
                   (OTEL_EXPORTER_OTLP_ENDPOINT), child spans for database calls and hashing
PEER_DB is the SQLite file (schema.py). Run with: uvicorn app:app (see bench/harness.py).
"""
import contextlib
import json
import logging
import os
import secrets
import sys
import threading
import time

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from fastapi import FastAPI, Header, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import schema  # noqa: E402


def switch(name: str) -> bool:
    return os.environ.get(name, "off").lower() == "on"


LOGS, METRICS, TRACES = switch("PEER_LOGS"), switch("PEER_METRICS"), switch("PEER_TRACES")
DB_PATH = os.environ.get("PEER_DB", "peer.db")
TOKEN_TTL = 86400
CODE_TTL = 86400

hasher = PasswordHasher(time_cost=2, memory_cost=65536, parallelism=1, hash_len=32, salt_len=16,
                        type=Type.ID)
app = FastAPI()

# --- traces -------------------------------------------------------------------------------------
tracer = None
if TRACES:
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": "peer"}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    tracer = trace.get_tracer("peer")
    FastAPIInstrumentor.instrument_app(app)


def span(name: str, **attributes):
    if tracer is None:
        return contextlib.nullcontext()
    return tracer.start_as_current_span(name, attributes=attributes)


# --- logs ---------------------------------------------------------------------------------------
class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + ".%03dZ" % record.msecs,
            "level": record.levelname.lower(),
            "message": record.getMessage(),
            "service.name": "peer",
        }
        line.update(getattr(record, "fields", {}))
        if tracer is not None:
            context = trace.get_current_span().get_span_context()
            if context.is_valid:
                line["trace_id"] = format(context.trace_id, "032x")
                line["span_id"] = format(context.span_id, "016x")
                line["trace_flags"] = format(context.trace_flags, "02x")
        return json.dumps(line)


log = logging.getLogger("peer")
log.propagate = False
if LOGS:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    log.addHandler(handler)
    log.setLevel(logging.INFO)
else:
    log.disabled = True

# --- metrics ------------------------------------------------------------------------------------
if METRICS:
    import psutil
    from prometheus_client import Counter, Gauge, Histogram, start_http_server

    request_duration = Histogram("http_server_request_duration_seconds", "Request duration.",
                                 ["http_request_method", "http_route", "http_response_status_code"])
    auth_events = Counter("auth_events_total", "Authentication events.", ["event", "result"])
    cpu_usage = Gauge("cpu_usage", "Process CPU, percent of one core.")
    memory_usage = Gauge("memory_usage", "Resident memory, bytes.")

    def sample_process() -> None:
        process = psutil.Process()
        while True:
            cpu_usage.set(process.cpu_percent(interval=None))
            memory_usage.set(process.memory_info().rss)
            time.sleep(1.0)

    start_http_server(int(os.environ.get("PEER_METRICS_PORT", "8000")), addr="127.0.0.1")
    threading.Thread(target=sample_process, daemon=True).start()


def auth_event(event: str, result: str) -> None:
    if METRICS:
        auth_events.labels(event, result).inc()


if LOGS or METRICS:
    @app.middleware("http")
    async def observe(request: Request, call_next):
        start = time.perf_counter()
        response = await call_next(request)
        seconds = time.perf_counter() - start
        route = request.scope.get("route")
        template = route.path if route is not None else "unmatched"
        if METRICS:
            request_duration.labels(request.method, template, str(response.status_code)).observe(seconds)
        if LOGS:
            log.info("request", extra={"fields": {
                "http.request.method": request.method, "http.route": template,
                "url.path": request.url.path, "http.response.status_code": response.status_code,
                "duration_ms": seconds * 1000.0}})
        return response

# --- storage ------------------------------------------------------------------------------------
local = threading.local()


def db():
    conn = getattr(local, "conn", None)
    if conn is None:
        conn = local.conn = schema.connect(DB_PATH)
    return conn


def query(name: str, sql: str, params=()):
    with span(name, **{"db.system": "sqlite", "db.operation.name": name}):
        return db().execute(sql, params).fetchone()


def write(name: str, sql: str, params=()):
    with span(name, **{"db.system": "sqlite", "db.operation.name": name}):
        conn = db()
        cursor = conn.execute(sql, params)
        conn.commit()
        return cursor


# --- API ----------------------------------------------------------------------------------------
class Credentials(BaseModel):
    email: str
    password: str


class Confirmation(BaseModel):
    email: str
    code: str


def problem(status: int, code: str) -> JSONResponse:
    return JSONResponse({"type": "about:blank", "title": code, "status": status, "code": code},
                        status_code=status, media_type="application/problem+json")


def bearer_session(authorization: str | None):
    if not authorization or not authorization.startswith("Bearer "):
        return None, None
    token_hash = schema.digest(authorization[7:])
    row = query("find_session",
                "SELECT u.id, u.email, u.verified, u.created_at FROM sessions s "
                "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?",
                (token_hash, int(time.time())))
    return token_hash, row


@app.post("/register", status_code=202)
def register(body: Credentials):
    email = body.email.strip().lower()
    if "@" not in email or len(body.password) < 8:
        return problem(400, "invalid_request")
    if query("find_user", "SELECT id FROM users WHERE email = ?", (email,)) is None:
        with span("password_hash"):
            password_hash = hasher.hash(body.password)
        now = int(time.time())
        user_id = write("insert_user", "INSERT INTO users (email, password_hash, created_at) "
                        "VALUES (?, ?, ?)", (email, password_hash, now)).lastrowid
        code = "%06d" % secrets.randbelow(1000000)
        write("put_code", "INSERT OR REPLACE INTO codes VALUES (?, ?, ?)",
              (user_id, schema.digest(code), now + CODE_TTL))
        log.info("verification code queued", extra={"fields": {"email.kind": "verify"}})
    auth_event("register", "ok")
    return {"status": "verification_sent"}


@app.post("/register/confirm")
def confirm(body: Confirmation):
    email = body.email.strip().lower()
    row = query("find_code", "SELECT u.id, c.code_hash, c.expires_at FROM users u "
                "JOIN codes c ON c.user_id = u.id WHERE u.email = ?", (email,))
    if row is None or row[2] < time.time() or not secrets.compare_digest(row[1], schema.digest(body.code)):
        auth_event("confirm", "invalid_code")
        return problem(400, "invalid_code")
    write("mark_verified", "UPDATE users SET verified = 1 WHERE id = ?", (row[0],))
    write("delete_code", "DELETE FROM codes WHERE user_id = ?", (row[0],))
    auth_event("confirm", "ok")
    return {"status": "verified"}


@app.post("/login")
def login(body: Credentials):
    email = body.email.strip().lower()
    row = query("find_user", "SELECT id, password_hash, verified FROM users WHERE email = ?", (email,))
    try:
        with span("password_verify"):
            if row is None:
                raise VerifyMismatchError()
            hasher.verify(row[1], body.password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        auth_event("login", "invalid_credentials")
        return problem(401, "invalid_credentials")
    if not row[2]:
        auth_event("login", "email_not_verified")
        return problem(403, "email_not_verified")
    token = secrets.token_urlsafe(32)
    write("insert_session", "INSERT INTO sessions VALUES (?, ?, ?)",
          (schema.digest(token), row[0], int(time.time()) + TOKEN_TTL))
    auth_event("login", "ok")
    return {"access_token": token, "token_type": "Bearer", "expires_in": TOKEN_TTL}


@app.post("/logout", status_code=204)
def logout(authorization: str | None = Header(default=None)):
    token_hash, row = bearer_session(authorization)
    if row is None:
        return problem(401, "unauthorized")
    write("delete_session", "DELETE FROM sessions WHERE token_hash = ?", (token_hash,))
    auth_event("logout", "ok")
    return Response(status_code=204)


@app.get("/me")
def me(authorization: str | None = Header(default=None)):
    _, row = bearer_session(authorization)
    if row is None:
        return problem(401, "unauthorized")
    return {"email": row[1], "verified": bool(row[2]), "created_at": row[3]}


@app.get("/healthz")
def healthz():
    return {"status": "ok"}
