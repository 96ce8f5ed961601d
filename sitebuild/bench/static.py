"""A static host as a reader meets it: gzip for text, a cache lifetime for everything."""

from __future__ import annotations

import contextlib
import gzip
import http.server
import mimetypes
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".mjs", ".pf_meta"}


class GzipHandler(http.server.BaseHTTPRequestHandler):
    """Files under ``root``; ``root/404.html`` for anything else; text gzip-compressed (once, kept in
    ``packed``) when the client accepts gzip."""

    def __init__(self, *args, root: Path, packed: dict[Path, bytes], **kwargs) -> None:
        self.root, self.packed = root.resolve(), packed
        super().__init__(*args, **kwargs)

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        path = (self.root / self.path.split("?")[0].split("#")[0].lstrip("/")).resolve()
        if path.is_dir():
            path = path / "index.html"
        status = 200
        if not path.is_file() or not path.is_relative_to(self.root):
            path, status = self.root / "404.html", 404
        data = path.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        self.send_header("Cache-Control", "max-age=600")
        if path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            if path not in self.packed:
                self.packed[path] = gzip.compress(data, compresslevel=6, mtime=0)
            data = self.packed[path]
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@contextlib.contextmanager
def gzip_server(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port) for the block; yields the base URL."""
    handler = partial(GzipHandler, root=site, packed={})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
