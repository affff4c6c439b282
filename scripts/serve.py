"""Serve a built site on loopback the way a static host does: gzip, caching headers, a 404 page.

Usage: python scripts/serve.py SITE_DIR [--port 8765] [--prefix /handbook/]

`python -m http.server` sends everything uncompressed, which makes a page look several
times heavier and slower than it is on a real host; this server compresses text responses
when the browser asks for gzip, as GitHub Pages and other static hosts do.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import mimetypes
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml",
                "image/svg+xml", "application/manifest+json")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files under `prefix`, gzip-compressed when the client accepts it."""

    prefix = "/"
    # Keep-alive, as every static host offers: with HTTP/1.0 each file would cost a new
    # connection, which Lighthouse's simulated slow network charges a round trip for.
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Keep benchmark output readable: no access log."""

    def _resolve(self) -> Path | None:
        """The file a request path names (index.html for folders), or None."""
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(self.prefix):
            return None
        relative = path[len(self.prefix):]
        target = Path(self.translate_path("/" + relative))
        if target.is_dir():
            if not path.endswith("/"):
                return target  # a folder without its slash: redirect below
            target = target / "index.html"
        return target if target.is_file() else None

    def do_HEAD(self) -> None:  # noqa: N802
        """Same as GET without a body."""
        self._send(body=False)

    def do_GET(self) -> None:  # noqa: N802
        """Send the file, compressed if possible; a folder without slash redirects."""
        self._send(body=True)

    def _send(self, body: bool) -> None:
        """Answer one request."""
        target = self._resolve()
        if target is not None and target.is_dir():
            self.send_response(301)
            self.send_header("Location", self.path.split("?", 1)[0] + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = 200
        if target is None:
            status, target = 404, Path(self.directory) / "404.html"
        data = target.read_bytes() if target.is_file() else b"Not found"
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "") and ctype.startswith(COMPRESSIBLE)
        if gzipped:
            data = gzip.compress(data, compresslevel=6)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        # Like GitHub Pages: cached for ten minutes, revalidated after.
        self.send_header("Cache-Control", "max-age=600")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if body:
            self.wfile.write(data)


class QuietServer(http.server.ThreadingHTTPServer):
    """A threading server that does not print a traceback when a browser hangs up."""

    def handle_error(self, request: object, client_address: object) -> None:
        """Ignore connections the client closed (a browser quitting mid keep-alive); report the rest."""
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


def make_server(site: Path, port: int = 0, prefix: str = "/") -> QuietServer:
    """A loopback server for `site` under the URL path `prefix` (port 0 picks a free one)."""
    handler = type("Handler", (GzipHandler,), {"prefix": prefix})
    return QuietServer(("127.0.0.1", port), functools.partial(handler, directory=str(site)))


def built_prefix(site: Path) -> str:
    """The URL path `site` was built to be served under: its home page's, from its sitemap."""
    # Pages work under any path; the 404 page and instant navigation (which recognises the
    # site's pages by the sitemap's addresses) need this one.
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return "/"
    home = ElementTree.parse(sitemap).find("{*}url/{*}loc")
    return urlsplit(home.text).path if home is not None and home.text else "/"


@contextmanager
def serving(site: Path, prefix: str | None = None) -> Iterator[str]:
    """Serve `site` on a free loopback port while the block runs; yield its base URL.

    Under `prefix`, by default the path the site was built for.
    """
    prefix = prefix or built_prefix(site)
    server = make_server(site, 0, prefix)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    """Serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--prefix", help="URL path to serve under (default: the one the site was built for)")
    args = parser.parse_args()
    prefix = args.prefix or built_prefix(args.site)
    server = make_server(args.site, args.port, prefix)
    print(f"Serving {args.site} on http://127.0.0.1:{server.server_address[1]}{prefix}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
