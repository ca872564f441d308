"""The web app: a JSON API over a Marsad database, and the dashboard that uses it.

    from marsad.web import create_app
    app = create_app("marsad.db")            # any ASGI server: uvicorn marsad.web.app:app ...

Read-only by default. `POST /api/documents` (ingest one article over HTTP) exists
only when a token is configured (argument `token`, else $MARSAD_API_TOKEN) and is
checked in constant time. Bodies over `max_body` bytes are refused (413). Errors
come back as JSON `{"error": message}`, never as a stack trace.
"""
from __future__ import annotations

from ..store.export import typed_value
import gzip
import hashlib
import hmac
import json
import logging
import mimetypes
import os
import tempfile
import threading
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from .. import __version__
from . import queries as Q
from .queries import BadRequest, Database, WebFilters

log = logging.getLogger("marsad.web")

STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY = 2 * 1024 * 1024
TOKEN_ENV = "MARSAD_API_TOKEN"
PAGES = ("/", "/timeline", "/tension", "/search", "/quotes")
FAVICON = ("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Ccircle cx='16' cy='16' "
           "r='14' fill='%2312355b'/%3E%3Ccircle cx='16' cy='16' r='3' fill='%23d73027'/%3E%3C/svg%3E")

# -- parameters ----------------------------------------------------------------

Limit = Annotated[int, Query(ge=1, le=1000, description="page size (1..1000)")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")]
Text = Annotated[str | None, Query(max_length=200)]


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"


class Group(str, Enum):
    type = "type"
    place = "place"
    actor = "actor"
    modality = "modality"
    country = "country"
    none = "none"


class IncidentSort(str, Enum):
    newest = "-date"
    oldest = "date"
    mentions = "-mentions"
    dead = "-dead"


class DocumentSort(str, Enum):
    relevance = "relevance"
    newest = "-date"
    oldest = "date"


class ExportFormat(str, Enum):
    csv = "csv"
    parquet = "parquet"
    jsonl = "jsonl"


class ExportSchema(str, Enum):
    plover = "plover"
    acled = "acled"
    gdelt = "gdelt"


def web_filters(
    type: Annotated[str | None, Query(max_length=300, description="PLOVER type(s), comma-separated: ASSAULT,PROTEST")] = None,
    mode: Annotated[str | None, Query(max_length=200, description="PLOVER mode(s), comma-separated: aerial,drone")] = None,
    modality: Annotated[str | None, Query(max_length=200, description="modality or class, comma-separated: asserted; occurred")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="actor id, ISO3 country or name, on either side (as `marsad --actor`)")] = None,
    recipient: Annotated[str | None, Query(max_length=200, description="actor id, ISO3 country or name, on the recipient side")] = None,
    country: Annotated[str | None, Query(max_length=200, description="ISO3 country of the place (of an actor when no place), comma-separated")] = None,
    place: Annotated[str | None, Query(max_length=200, description="place id, English name, Arabic name or province code")] = None,
    bbox: Annotated[str | None, Query(max_length=200, description="minlon,minlat,maxlon,maxlat")] = None,
    since: Annotated[str | None, Query(max_length=10, description="first date, inclusive: YYYY-MM-DD, YYYY-MM or YYYY")] = None,
    until: Annotated[str | None, Query(max_length=10, description="last date, inclusive")] = None,
    q: Annotated[str | None, Query(max_length=500, description="text search over the articles (normalized Arabic)")] = None,
) -> WebFilters:
    return WebFilters.make(type=type, mode=mode, modality=modality, actor=actor, recipient=recipient, country=country,
                           place=place, bbox=bbox, since=since, until=until, q=q)


Filters = Annotated[WebFilters, Depends(web_filters)]

# -- response models (loose: records are documented in docs/dashboard.md) --------


class Loose(BaseModel):
    model_config = ConfigDict(extra="allow")


class Page(BaseModel):
    total: int = Field(description="rows matching the filters")
    limit: int
    offset: int
    items: list[dict[str, Any]]


class MapPoints(BaseModel):
    total: int = Field(description="incidents matching the filters")
    located: int = Field(description="of which have coordinates")
    returned: int
    items: list[dict[str, Any]]


class ErrorBody(BaseModel):
    error: str
    detail: list[dict[str, Any]] | None = None


class IngestRequest(BaseModel):
    """One article, as a JSON Lines record of `marsad ingest`: `text` or `html`, and optional metadata."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(None, max_length=MAX_BODY)
    html: str | None = Field(None, max_length=MAX_BODY)
    id: str | None = Field(None, max_length=500)
    url: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=40, description="YYYY-MM-DD")
    title: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=200, description="credited agency")
    outlet: str | None = Field(None, max_length=200, description="publishing site")


class IngestResult(BaseModel):
    status: str = Field(description="stored | near-duplicate | duplicate")
    doc_id: str
    events: int
    url: str


ERRORS = {400: {"model": ErrorBody, "description": "bad parameter"},
          422: {"model": ErrorBody, "description": "invalid parameter"}}


# -- middleware ------------------------------------------------------------------

class BodyLimit:
    """Refuse request bodies over `limit` bytes (by Content-Length, and while reading a chunked body)."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for k, v in scope.get("headers", []):
            if k == b"content-length":
                try:
                    too_big = int(v) > self.limit
                except ValueError:
                    too_big = True
                if too_big:
                    return await _send_json(send, 413, {"error": f"request body over {self.limit} bytes"})
        seen = 0
        started = False

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge()
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _send_json(send, 413, {"error": f"request body over {self.limit} bytes"})


class _TooLarge(Exception):
    pass


async def _send_json(send, status: int, body: dict) -> None:
    data = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]})
    await send({"type": "http.response.body", "body": data})


CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
CSP_DOCS = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")


class SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        csp = (CSP_DOCS if scope.get("path") == "/docs" else CSP).encode()

        async def add_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                            (b"x-frame-options", b"DENY"), (b"content-security-policy", csp)]
                message = dict(message, headers=headers)
            await send(message)

        await self.app(scope, receive, add_headers)


# -- the app ---------------------------------------------------------------------

def create_app(db_path: str | os.PathLike[str] | None = None, *, token: str | None = None,
               max_body: int = MAX_BODY, warm: bool = True) -> FastAPI:
    """The ASGI app for one database. Raises StoreNotFound when the database does not exist."""
    from ..store.db import default_db_path

    db = Database(str(db_path or default_db_path()))
    token = token if token is not None else (os.environ.get(TOKEN_ENV) or None)
    app = FastAPI(
        title="Marsad API", version=__version__, docs_url=None, redoc_url=None,
        description="Political events extracted from Arabic news (PLOVER), with their sources. Read-only unless "
                    "the server was started with a token. Filters are shared by every list; see docs/dashboard.md.",
    )
    app.state.db = db
    app.state.token = token
    app.state.max_body = max_body

    _handlers(app)
    _api(app, db)
    _pages(app)
    if warm:
        threading.Thread(target=_warm_up, name="marsad-warm-up", daemon=True).start()
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=max_body)
    return app


def _warm_up() -> None:
    """Load the knowledge base (actor relations for tension) before the first request needs it."""
    try:
        from ..store.aggregate import ActorSpec

        ActorSpec("USA").why({"id": "IRQ"})
    except Exception:  # a missing knowledge base only makes actor matching plainer
        log.debug("warm-up failed", exc_info=True)


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(BadRequest)
    async def bad_request(request: Request, exc: BadRequest):
        return JSONResponse({"error": str(exc)}, status_code=400)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        detail = []
        for e in exc.errors():
            loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body")]
            detail.append({"param": ".".join(loc) or "body", "message": e.get("msg", "invalid")})
        msg = "; ".join(f"{d['param']}: {d['message']}" for d in detail) or "invalid request"
        return JSONResponse({"error": msg, "detail": detail}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        body = exc.detail if isinstance(exc.detail, dict) else {"error": str(exc.detail)}
        return JSONResponse(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception):
        log.exception("error while serving %s %s", request.method, request.url.path)
        return JSONResponse({"error": "internal server error"}, status_code=500)


def _not_found(what: str) -> HTTPException:
    return HTTPException(404, f"{what} not found")


bearer = HTTPBearer(auto_error=False, description=f"the token given with --token or ${TOKEN_ENV}")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def _api(app: FastAPI, db: Database) -> None:
    @app.get("/api/health", tags=["meta"], summary="Server and database status")
    def health() -> dict:
        return {"status": "ok", "version": __version__, "schema_version": db.schema_version,
                "ingest_enabled": bool(app.state.token), "search_index": db.search.mode}

    @app.get("/api/meta", tags=["meta"], summary="What the database holds: types, modalities, countries, dates",
             response_model=Loose)
    def meta() -> dict:
        out = Q.meta(db)
        out["ingest_enabled"] = bool(app.state.token)
        out["version"] = __version__
        return out

    @app.get("/api/incidents", tags=["incidents"], summary="Incidents (merged events) matching the filters",
             response_model=Page, responses=ERRORS)
    def incidents(f: Filters, limit: Limit = 50, offset: Offset = 0,
                  sort: Annotated[IncidentSort, Query(description="order")] = IncidentSort.newest) -> dict:
        incs = Q.find_incidents(db, f, sort.value)
        return {"total": len(incs), "limit": limit, "offset": offset,
                "items": Q.incident_page(db, incs[offset:offset + limit])}

    @app.get("/api/incidents/{incident_id}", tags=["incidents"], response_model=Loose,
             summary="One incident: the merged record, every mention with its source, and why each was merged",
             responses={404: {"model": ErrorBody}})
    def incident(incident_id: Annotated[int, PathParam(ge=1, le=2**62)]) -> dict:
        out = Q.incident_detail(db, incident_id)
        if out is None:
            raise _not_found(f"incident {incident_id}")
        return out

    @app.get("/api/map", tags=["incidents"], response_model=MapPoints, responses=ERRORS,
             summary="Located incidents matching the filters, as compact points for the map")
    def map_points(f: Filters, limit: Annotated[int, Query(ge=1, le=100_000)] = 20_000) -> dict:
        incs = Q.find_incidents(db, f, "-date")
        located, pts = Q.map_points(incs, limit)
        return {"total": len(incs), "located": located, "returned": len(pts), "items": pts}

    @app.get("/api/events", tags=["incidents"], response_model=Page, responses=ERRORS,
             summary="Event mentions (one per article report) whose incident matches the filters")
    def events(f: Filters, doc_id: Annotated[str | None, Query(max_length=64)] = None,
               limit: Limit = 50, offset: Offset = 0) -> dict:
        rows = Q.find_events(db, f, doc_id)
        return {"total": len(rows), "limit": limit, "offset": offset, "items": rows[offset:offset + limit]}

    @app.get("/api/documents", tags=["documents"], response_model=Page, responses=ERRORS,
             summary="Articles: q searches their normalized text; incident filters keep those reporting a match")
    def documents(f: Filters, outlet: Text = None, sort: DocumentSort | None = None,
                  limit: Limit = 50, offset: Offset = 0) -> dict:
        s = (sort.value if sort else ("relevance" if f.q else "-date"))
        total, items = Q.find_documents(db, f, outlet, s, limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/documents/{doc_id}", tags=["documents"], response_model=Loose, responses={404: {"model": ErrorBody}},
             summary="One article for the reader: cleaned text, entities, quotes, dates and events with offsets")
    def document(doc_id: Annotated[str, PathParam(max_length=64)]) -> dict:
        out = Q.document_detail(db, doc_id)
        if out is None:
            raise _not_found(f"document {doc_id}")
        return out

    @app.get("/api/search", tags=["documents"], response_model=Page, responses=ERRORS,
             summary="Full-text search (normalized Arabic, clitics and spelling variants folded), best first")
    def search(q: Annotated[str, Query(min_length=1, max_length=500)], limit: Limit = 20, offset: Offset = 0) -> dict:
        if not q.strip():
            raise BadRequest("q is empty: give a word to search for")
        f = WebFilters.make(q=q)
        total, items = Q.find_documents(db, f, None, "relevance", limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/quotes", tags=["quotes"], response_model=Page, responses=ERRORS,
             summary="Quotes, by speaker (id, English name or Arabic text)")
    def quotes(speaker: Text = None, doc_id: Annotated[str | None, Query(max_length=64)] = None,
               q: Annotated[str | None, Query(max_length=500, description="words in the quote")] = None,
               direct: bool | None = None,
               since: Annotated[str | None, Query(max_length=10)] = None,
               until: Annotated[str | None, Query(max_length=10)] = None,
               limit: Limit = 50, offset: Offset = 0) -> dict:
        f = WebFilters.make(since=since, until=until)
        total, items = Q.find_quotes(db, speaker, doc_id, q, direct, f.base.since, f.base.until, limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/speakers", tags=["quotes"], response_model=Page, responses=ERRORS,
             summary="Speakers of quotes, most quoted first")
    def speakers(q: Text = None, since: Annotated[str | None, Query(max_length=10)] = None,
                 until: Annotated[str | None, Query(max_length=10)] = None,
                 limit: Limit = 50, offset: Offset = 0) -> dict:
        f = WebFilters.make(since=since, until=until)
        total, items = Q.find_speakers(db, q, f.base.since, f.base.until, limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/entities", tags=["entities"], response_model=Page, responses=ERRORS,
             summary="Named entities, grouped by knowledge-base id (or normalized text), most mentioned first")
    def entities(type: Annotated[str | None, Query(max_length=100, description="PERSON, ORG, GPE, NORP, ...")] = None,
                 q: Text = None,
                 country: Annotated[str | None, Query(max_length=3, pattern=r"^[A-Za-z]{2,3}$")] = None,
                 doc_id: Annotated[str | None, Query(max_length=64)] = None,
                 limit: Limit = 50, offset: Offset = 0) -> dict:
        total, items = Q.find_entities(db, type, q, country, doc_id, limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/actors", tags=["entities"], summary="Actors named by incidents (either side), most frequent first")
    def actors(q: Text = None, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict:
        return {"items": Q.find_actors(db, q, limit)}

    @app.get("/api/dyads", tags=["aggregates"], responses=ERRORS,
             summary="Actor pairs most often linked by incidents matching the filters (for the tension view)")
    def dyads(f: Filters, limit: Annotated[int, Query(ge=1, le=200)] = 20) -> dict:
        return {"items": Q.find_dyads(db, f, limit)}

    @app.get("/api/counts", tags=["aggregates"], response_model=Loose, responses=ERRORS,
             summary="Incidents per day, week or month, by type, place, actor, modality or country")
    def counts(f: Filters, by: Period = Period.week, group: Group = Group.type) -> dict:
        return Q.counts(Q.find_incidents(db, f, "date"), by.value, group.value)

    @app.get("/api/tension", tags=["aggregates"], response_model=Loose, responses=ERRORS,
             summary="Dyadic tension index between A and B per period, with the incidents that moved it")
    def tension(f: Filters, a: Annotated[str, Query(min_length=1, max_length=200, description="actor id, ISO3 or name")],
                b: Annotated[str, Query(min_length=1, max_length=200)], by: Period = Period.week) -> dict:
        return Q.tension(db, a, b, by.value, f)

    @app.get("/api/export", tags=["export"], responses={**ERRORS, 200: {"content": {
                "text/csv": {}, "application/vnd.apache.parquet": {}, "application/x-ndjson": {}}}},
             summary="Download the filtered incidents as CSV, Parquet or JSON Lines (the store's export columns)")
    def export(f: Filters, format: ExportFormat = ExportFormat.csv, schema: ExportSchema = ExportSchema.plover):
        return _export(db, f, format.value, schema.value)

    @app.post("/api/documents", tags=["documents"], status_code=201, response_model=IngestResult,
              responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 413: {"model": ErrorBody},
                         422: {"model": ErrorBody}},
              summary="Ingest one article (only when the server has a token; send it as a Bearer token)")
    def ingest(body: IngestRequest, creds: Credentials) -> dict:
        _check_token(app.state.token, creds)
        return _ingest(db, body)


def _check_token(expected: str | None, creds: HTTPAuthorizationCredentials | None) -> None:
    if not expected:
        raise HTTPException(403, f"ingest over HTTP is disabled: start the server with --token or ${TOKEN_ENV}")
    given = creds.credentials if creds is not None else ""
    if not given or not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise HTTPException(401, "missing or wrong token", headers={"WWW-Authenticate": "Bearer"})


def _ingest(db: Database, body: IngestRequest) -> dict:
    from ..ingest.errors import InputError
    from ..ingest.readers import RawInput, looks_like_html
    from ..pipeline import default_pipeline
    from ..store.ingest import raw_hash, store_document

    content = body.html if body.html and body.html.strip() else body.text
    if not content or not content.strip():
        raise BadRequest("send the article as 'text' or 'html'")
    if body.published:
        Q.check_date(body.published[:10], "published")
    meta = {k: v for k, v in body.model_dump().items() if k not in ("text", "html") and v}
    is_html = content is body.html or looks_like_html(content)
    raw = RawInput(f"http:{body.id or body.url or 'post'}", content.replace("\r\n", "\n"), is_html, meta)
    try:
        doc = default_pipeline().process_raw(raw)
    except InputError as exc:
        raise HTTPException(422, f"cannot read the article: {exc.reason}") from None
    status, n = db.write(lambda store: store_document(store, doc, meta, raw_hash(raw), raw.source))
    db.search.ensure(force=True)
    return {"status": status, "doc_id": doc.id, "events": n, "url": f"/documents/{doc.id}"}




MEDIA = {"csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet",
         "jsonl": "application/x-ndjson; charset=utf-8"}


def _export(db: Database, f: WebFilters, fmt: str, schema: str) -> Response:
    from ..store import export as X
    from ..store.query import Filters as StoreFilters, incidents as store_incidents

    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise HTTPException(406, "Parquet export needs pyarrow on the server (pip install pyarrow); "
                                     "use format=csv or jsonl") from None
    conn = db.conn()
    ids = [i["id"] for i in Q.find_incidents(db, f, "date")]
    cols = X.columns(schema)
    records = []
    for inc in store_incidents(conn, StoreFilters(), ids=ids):
        row = X.ROW[schema](conn, inc)
        records.append({c.name: typed_value(row.get(c.name), c) for c in cols})
    with tempfile.TemporaryDirectory(prefix="marsad-export-") as tmp:
        out = Path(tmp) / f"export.{fmt}"
        X.write(records, schema, fmt, out)
        data = out.read_bytes()
    name = f"marsad-incidents-{schema}.{fmt}"
    return Response(data, media_type=MEDIA[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"',
                                                          "X-Total-Count": str(len(records))})


def _pages(app: FastAPI) -> None:
    index = STATIC / "index.html"

    def page() -> HTMLResponse:
        try:
            html = index.read_text(encoding="utf-8")
        except OSError:
            html = "<!doctype html><meta charset=utf-8><p>The dashboard is not built (frontend/: npm run build).</p>"
        return HTMLResponse(html, headers={"Cache-Control": "no-cache"})

    for path in PAGES:
        app.add_api_route(path, page, include_in_schema=False, methods=["GET"])

    @app.get("/incidents/{incident_id}", include_in_schema=False)
    def incident_page(incident_id: str) -> HTMLResponse:
        return page()

    @app.get("/documents/{doc_id}", include_in_schema=False)
    def document_page(doc_id: str) -> HTMLResponse:
        return page()

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="Marsad API",
                                   swagger_js_url="/static/docs/swagger-ui-bundle.js",
                                   swagger_css_url="/static/docs/swagger-ui.css",
                                   swagger_favicon_url=FAVICON)

    if STATIC.is_dir():
        app.mount("/static", CachedStatic(STATIC), name="static")


class CachedStatic:
    """The built assets, read once and kept in memory, gzipped once for clients that accept it.

    Hashed URLs (chunks/, or ?v=) are cacheable for a year; the rest is revalidated by ETag.
    Starlette's StaticFiles behind GZipMiddleware recompressed the 550 KB basemap on every request.
    """

    COMPRESSIBLE = (".js", ".css", ".json", ".html", ".txt", ".svg")

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.files = StaticFiles(directory=str(root))
        self._cache: dict[str, tuple[float, bytes, bytes | None, str, str]] = {}
        self._lock = threading.Lock()

    def _load(self, rel: str):
        path = (self.root / rel).resolve()
        if self.root not in path.parents or not path.is_file():
            return None
        mtime = path.stat().st_mtime
        hit = self._cache.get(rel)
        if hit and hit[0] == mtime:
            return hit
        data = path.read_bytes()
        gz = gzip.compress(data, 6, mtime=0) if path.suffix in self.COMPRESSIBLE and len(data) > 1024 else None
        media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if media.startswith("text/") or media in ("application/javascript", "application/json"):
            media += "; charset=utf-8"
        etag = '"' + hashlib.sha256(data).hexdigest()[:20] + '"'
        entry = (mtime, data, gz, media, etag)
        with self._lock:
            self._cache[rel] = entry
        return entry

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return await self.files(scope, receive, send)
        rel = scope["path"][len(scope.get("root_path", "")):] if scope.get("root_path") else scope["path"]
        rel = rel.split("/static/", 1)[-1].lstrip("/")
        entry = self._load(rel) if rel and ".." not in rel.split("/") else None
        if entry is None:
            return await _send_json(send, 404, {"error": "not found"})
        _, data, gz, media, etag = entry
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        immutable = rel.startswith("chunks/") or b"v=" in scope.get("query_string", b"")
        out = [(b"content-type", media.encode()), (b"etag", etag.encode()), (b"vary", b"Accept-Encoding"),
               (b"cache-control", b"public, max-age=31536000, immutable" if immutable else b"no-cache")]
        if headers.get("if-none-match") == etag:
            await send({"type": "http.response.start", "status": 304, "headers": out})
            return await send({"type": "http.response.body", "body": b""})
        body = data
        if gz is not None and "gzip" in headers.get("accept-encoding", ""):
            body = gz
            out.append((b"content-encoding", b"gzip"))
        out.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": out})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


def _app_from_env() -> FastAPI:
    """`uvicorn marsad.web.app:app` serves $MARSAD_DB (default ./marsad.db)."""
    return create_app()


def __getattr__(name: str):
    if name == "app":
        return _app_from_env()
    raise AttributeError(name)
