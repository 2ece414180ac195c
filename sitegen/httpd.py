"""The dev server's HTTP side: the output folder, read-only, with live reload injected.

Only files inside the output folder are ever served: a request path is decoded once, split into
segments, refused if any segment could climb or smuggle a separator, and the resolved file (after
following symlinks) must still lie inside the resolved output folder.
"""

from __future__ import annotations

import json
import socket
import socketserver
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePath
from typing import Callable
from urllib.parse import parse_qs, quote, unquote

from .livereload import RELOAD_SCRIPT, SCRIPT_PATH, STATUS_PATH, StatusBoard, inject_script, script_tag

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".ics": "text/calendar; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".pdf": "application/pdf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}
HTML_TYPE = CONTENT_TYPES[".html"]
NOT_FOUND_PAGE = b"<!DOCTYPE html><title>Not found</title><body><h1>404 Not found</h1></body>"
LONG_POLL_SECONDS = 25.0
"""How long a status request waits for a change before answering anyway (browsers wait longer)."""
BUILD_WAIT_SECONDS = 10.0
"""How long a request for a missing file waits for a running build, which may be swapping it in."""


def content_type(path: PurePath) -> str:
    """The Content-Type header for a file, by extension (binary when unknown)."""
    return CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")


@dataclass(frozen=True)
class Resolved:
    """A request path resolved to a file to send, or to a redirect (a folder asked for without
    its trailing slash, so that the index page's relative links work)."""

    file: Path | None = None
    redirect: str | None = None


def split_target(target: str) -> tuple[str, str]:
    """A request target's (path, query), both still percent-encoded. Unlike urlsplit, a path
    starting with `//` stays a path instead of becoming a host name."""
    path, _, query = target.partition("#")[0].partition("?")
    return path, query


def resolve_request(root: Path, target: str) -> Resolved | None:
    """What to answer for the request target `target` (percent-encoded path, optional query) of
    a site in `root`; None (404) for anything that is not a file inside `root`.

    Refused: encoded slashes or backslashes (`%2f`, `%5c`), backslashes, NUL, undecodable bytes,
    `.`/`..` segments (encoded or not), paths not starting with `/`, and files or folders whose
    real location (symlinks followed) is outside `root`. A folder serves its index.html.
    """
    path, query = split_target(target)
    segments = _segments(path)
    if segments is None:
        return None
    real_root = root.resolve()
    found = _inside(real_root, real_root.joinpath(*segments))
    if found is not None and found.is_dir():
        if not path.endswith("/"):
            location = "/" + "".join(quote(segment) + "/" for segment in segments)
            return Resolved(redirect=location + (f"?{query}" if query else ""))
        found = _inside(real_root, found / "index.html")
    return Resolved(file=found) if found is not None and found.is_file() else None


def _segments(path: str) -> list[str] | None:
    lowered = path.lower()
    if not path.startswith("/") or "\\" in path or "%2f" in lowered or "%5c" in lowered:
        return None
    try:
        segments = [unquote(part, errors="strict") for part in path.split("/") if part]
    except UnicodeDecodeError:  # not a name the build could have written
        return None
    if any(part in (".", "..") or "\0" in part for part in segments):
        return None
    return segments


def _inside(real_root: Path, candidate: Path) -> Path | None:
    try:
        real = candidate.resolve()
    except (OSError, RuntimeError):  # a symlink loop, or a name the file system rejects
        return None
    return real if real.is_relative_to(real_root) else None


class SiteHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server for one site folder that can close its open connections, so that
    stopping never waits on an idle browser connection; request threads are joined on close.

    `root()` is asked at every request (the configuration may move the folder); None serves
    nothing but 404s.
    """

    block_on_close = True
    # ThreadingHTTPServer makes request threads daemons, which server_close does not join.
    daemon_threads = False

    def __init__(self, address: tuple[str, int], root: Callable[[], Path | None], board: StatusBoard) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.root = root
        self.board = board
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, SiteRequestHandler)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup of the host, which can stall for seconds."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        """A browser that went away mid-answer is normal; anything else is a bug worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def finish_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        """Handle one connection, remembering it while it is open."""
        with self._connections_lock:
            self._connections.add(request)
        try:
            super().finish_request(request, client_address)
        finally:
            with self._connections_lock:
                self._connections.discard(request)

    def close_connections(self) -> None:
        """Shut every open connection down, which ends the requests waiting on them."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:  # already closed by the other side
                pass


class SiteRequestHandler(BaseHTTPRequestHandler):
    """GET and HEAD for the site's files, the live-reload script and the build status."""

    server: SiteHTTPServer
    server_version = "sitegen"
    timeout = 30  # seconds a client may take to send its request

    def do_GET(self) -> None:  # noqa: N802 (the name http.server dispatches to)
        """Answer a GET."""
        self._answer(with_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        """Answer a HEAD: the headers of the GET."""
        self._answer(with_body=False)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base's name)
        """Stay quiet: one line per request would drown the build messages."""

    def _answer(self, with_body: bool) -> None:
        path = split_target(self.path)[0]
        if path == STATUS_PATH:
            self._send_status(with_body)
        elif path == SCRIPT_PATH:
            self._send(HTTPStatus.OK, CONTENT_TYPES[".js"], RELOAD_SCRIPT.encode("utf-8"), with_body)
        else:
            self._send_file(with_body)

    def _send_status(self, with_body: bool) -> None:
        since = parse_qs(split_target(self.path)[1]).get("since", [""])[0]
        status = self.server.board.wait_for_change(since, LONG_POLL_SECONDS if since else 0)
        body = json.dumps(status.to_json()).encode("utf-8")
        self._send(HTTPStatus.OK, CONTENT_TYPES[".json"], body, with_body)

    def _send_file(self, with_body: bool) -> None:
        generation = self.server.board.current().generation  # before reading: at worst a second reload
        resolved = self._resolve()
        if resolved is not None and resolved.redirect is not None:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", resolved.redirect)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        file = resolved.file if resolved is not None else None
        body = _read(file) if file is not None else None
        if file is None or body is None:
            page = inject_script(NOT_FOUND_PAGE, script_tag(generation))
            self._send(HTTPStatus.NOT_FOUND, HTML_TYPE, page, with_body)
            return
        kind = content_type(file)
        self._send(HTTPStatus.OK, kind, inject_script(body, script_tag(generation)) if kind == HTML_TYPE else body,
                   with_body)

    def _resolve(self) -> Resolved | None:
        resolved = self._resolve_now()
        if resolved is None:  # a build may be swapping the output folder in right now
            self.server.board.wait_until_built(BUILD_WAIT_SECONDS)
            resolved = self._resolve_now()
        return resolved

    def _resolve_now(self) -> Resolved | None:
        root = self.server.root()
        return resolve_request(root, self.path) if root is not None else None

    def _send(self, status: HTTPStatus, kind: str, body: bytes, with_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if with_body:
            self.wfile.write(body)


def _read(file: Path) -> bytes | None:
    try:
        return file.read_bytes()
    except OSError:  # removed between resolving and reading
        return None
