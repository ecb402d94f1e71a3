"""Reports from the web against a real local HTTP server: HTML pages, RSS/Atom feeds, and every way a fetch
fails (one line each, the rest of the batch stored). All pages are synthetic, written for these tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khabar.cli import app
from khabar.errors import InputError
from khabar.store import Store
from khabar.web import Fetcher, feed_items, html_report

ARTICLE = b"""<html><head><title>Synthetic: bomb kills two in Turbat</title>
<meta property="article:published_time" content="2025-03-04"></head>
<body><nav>Home | World | Sport</nav><article><h1>Synthetic: bomb kills two in Turbat</h1>
<p>A bomb went off near a market in Turbat on Monday, killing two policemen, officials said.</p>
<p>No group said it carried out the attack.</p></article><footer>Synthetic test page</footer></body></html>"""
SECOND = ARTICLE.replace(b"Turbat", b"Gwadar").replace(b"two policemen", b"three soldiers")
RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Synthetic feed</title>
<item><title>Bomb in Turbat</title><link>/news/turbat.html</link><pubDate>Tue, 04 Mar 2025 08:00:00 GMT</pubDate></item>
<item><title>Gone</title><link>/news/missing.html</link></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Synthetic</title>
<entry><title>Gwadar</title><link href="/news/gwadar.html"/><updated>2025-03-05T10:00:00Z</updated></entry></feed>"""
BROKEN = b"""<?xml version="1.0"?><rss version="2.0"><channel><item><title>Unclosed</channel></rss>"""
BOMB = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><rss><channel><item><title>&c;</title><link>/x</link></item></channel></rss>"""


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        routes = {
            "/news/turbat.html": ("text/html", ARTICLE),
            "/news/gwadar.html": ("text/html", SECOND),
            "/feed.xml": ("application/rss+xml", RSS),
            "/atom.xml": ("application/atom+xml", ATOM),
            "/broken.xml": ("application/rss+xml", BROKEN),
            "/bomb.xml": ("application/rss+xml", BOMB),
            "/big.html": ("text/html", b"<html>" + b"x" * 2_000_000 + b"</html>"),
        }
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(3)
        if self.path in routes:
            kind, body = routes[self.path]
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(404)
        self.end_headers()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_html_gives_main_text_title_and_date():
    report = html_report(ARTICLE, "page.html")
    assert not isinstance(report, InputError)
    assert report.title == "Synthetic: bomb kills two in Turbat"
    assert report.published is not None and report.published.isoformat() == "2025-03-04"
    assert "killing two policemen" in report.text and "Home | World" not in report.text


def test_feeds_rss_and_atom_and_no_entity_expansion():
    items = feed_items(RSS, "feed")
    assert not isinstance(items, InputError)
    assert [i.link for i in items] == ["/news/turbat.html", "/news/missing.html"]
    assert items[0].published is not None and items[0].published.isoformat() == "2025-03-04"
    (entry,) = feed_items(ATOM, "atom")  # type: ignore[misc]
    assert entry.link == "/news/gwadar.html"
    broken = feed_items(BROKEN, "broken")
    assert isinstance(broken, InputError) and "not a well-formed feed" in str(broken)
    bomb = feed_items(BOMB, "bomb")
    # the entity is left unexpanded (or refused): never a title thousands of characters long
    assert isinstance(bomb, InputError) or all(len(i.title or "") < 100 for i in bomb)


def test_the_fetcher_refuses_private_addresses_unless_allowed(server: str):
    refused = Fetcher().get(f"{server}/news/turbat.html")
    assert isinstance(refused, InputError) and "refused" in str(refused) and "--allow-private" in str(refused)
    fetched = Fetcher(allow_private=True).get(f"{server}/news/turbat.html")
    assert not isinstance(fetched, InputError) and fetched.data == ARTICLE


def test_the_fetcher_caps_time_size_and_redirects(server: str):
    fetcher = Fetcher(allow_private=True, timeout=1, max_bytes=1_000_000, max_redirects=3)
    assert "timed out after 1 s" in str(fetcher.get(f"{server}/slow"))
    assert "too many redirects (more than 3)" in str(fetcher.get(f"{server}/loop"))
    assert "the limit is 1,000,000" in str(fetcher.get(f"{server}/big.html"))
    assert str(fetcher.get(f"{server}/nothing")).endswith("HTTP 404 Not Found")


def test_ingest_a_batch_where_each_failure_is_one_line_and_the_rest_is_stored(server: str, tmp_path: Path):
    db = tmp_path / "k.sqlite"
    result = CliRunner().invoke(
        app,
        [
            "ingest",
            f"{server}/feed.xml",  # one article, one 404
            f"{server}/broken.xml",
            f"{server}/slow",
            f"{server}/loop",
            f"{server}/news/gwadar.html",
            "--db",
            str(db),
            "--allow-private",
            "--timeout",
            "1",
        ],
    )
    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if line.startswith("khabar: ")]
    assert len(problems) == 4, result.output
    assert any("/news/missing.html: HTTP 404" in p for p in problems)
    assert any("/broken.xml: not a well-formed feed" in p for p in problems)
    assert any("/slow: timed out after 1 s" in p for p in problems)
    assert any("/loop: too many redirects" in p for p in problems)
    assert "2 reports read: 2 new" in result.output
    with Store(str(db)) as store:
        places = {e.location.name for e, _ in store.events()}
        assert places == {"Turbat", "Gwadar"}
        (turbat,) = [e for e, _ in store.events() if e.location.name == "Turbat"]
        (source,) = store.event(turbat.event_id).sources
        assert source.url and source.url.endswith("/news/turbat.html")
        assert source.published is not None and source.published.isoformat() == "2025-03-04"


def test_without_allow_private_a_private_url_is_one_line_and_an_html_file_is_read(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_bytes(ARTICLE)
    result = CliRunner().invoke(
        app, ["ingest", "http://127.0.0.1:1/x.html", str(page), "--db", str(tmp_path / "k.sqlite")]
    )
    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if line.startswith("khabar: ")]
    assert problems == [
        "khabar: http://127.0.0.1:1/x.html: refused: 127.0.0.1 resolves to a private or local address "
        "(127.0.0.1); pass --allow-private to fetch it"
    ]
    assert "1 report read: 1 new" in result.output
    with Store(str(tmp_path / "k.sqlite")) as store:
        ((event, _),) = store.events()
        assert event.location.name == "Turbat" and event.time.date is not None
        assert event.time.date.isoformat() == "2025-03-03"  # "on Monday" before the page's date


def test_a_page_without_a_date_takes_the_default():
    # synthetic page without a date
    page = (
        b"<html><body><article><p>Gunmen killed two policemen in Turbat on Monday, officials said.</p>"
        b"<p>It was the second such attack this month.</p></article></body></html>"
    )
    report = html_report(page, "p.html", default_published=date(2025, 5, 6))
    assert not isinstance(report, InputError) and report.published == date(2025, 5, 6)
    dated = html_report(ARTICLE, "a.html", default_published=date(2025, 5, 6))
    assert not isinstance(dated, InputError) and dated.published == date(2025, 3, 4)  # the page's own wins
