"""The gzip static host the page-weight benchmark loads pages from (sitebuild/bench/static.py)."""

import gzip
import urllib.error
import urllib.request

import pytest

from sitebuild.bench.static import gzip_server

PAGE = b"<html><body>" + b"a page " * 200 + b"</body></html>"


@pytest.fixture
def base(tmp_path):
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "index.html").write_bytes(PAGE)
    (tmp_path / "404.html").write_bytes(b"not here")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG not text")
    with gzip_server(tmp_path) as url:
        yield url


def _get(url: str, gzip_ok: bool) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_text_is_gzipped_for_a_client_that_asks(base):
    status, headers, body = _get(base + "guide/", gzip_ok=True)
    assert (status, headers.get("Content-Encoding")) == (200, "gzip")
    assert gzip.decompress(body) == PAGE and len(body) < len(PAGE)
    assert headers["Content-Length"] == str(len(body)) and headers["Content-Type"] == "text/html"


def test_plain_for_a_client_that_does_not_ask(base):
    status, headers, body = _get(base + "guide/index.html?x=1", gzip_ok=False)
    assert (status, headers.get("Content-Encoding"), body) == (200, None, PAGE)


def test_images_are_not_compressed(base):
    status, headers, body = _get(base + "logo.png", gzip_ok=True)
    assert (status, headers.get("Content-Encoding"), body) == (200, None, b"\x89PNG not text")


@pytest.mark.parametrize("path", ["missing/", "../../etc/passwd"])
def test_anything_else_is_the_404_page(base, path):
    status, _, body = _get(base + path, gzip_ok=False)
    assert (status, body) == (404, b"not here")
