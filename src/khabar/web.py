"""Reports from the web: HTML pages (main text, title and date by trafilatura), RSS/Atom feeds and article URLs.

The fetcher is SSRF-safe: it resolves the host itself, refuses private, loopback, link-local, reserved and
multicast addresses unless `allow_private` is set, connects to the address it checked (no second lookup a DNS
rebinding could change), follows at most `max_redirects` redirects (each checked the same way), and caps the
size and the time of every response. Every failure is an `InputError` naming the URL: one line, and the rest of
the batch goes on.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

from .errors import InputError
from .readers import parse_date
from .records import Report

# A feed's items beyond this many are not fetched (a feed is news of the day, not an archive).
MAX_FEED_ITEMS = 200
_FEED_TYPES = ("xml", "rss", "atom")
_USER_AGENT = "khabar (news reader for conflict event research)"


def is_url(text: str) -> bool:
    return urlsplit(text).scheme in ("http", "https")


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str
    data: bytes


class Fetcher:
    """GET with the SSRF guard, a size cap, a time cap and a bounded number of redirects."""

    def __init__(
        self,
        allow_private: bool = False,
        max_bytes: int = 5_000_000,
        timeout: float = 20.0,
        max_redirects: int = 5,
    ):
        self.allow_private = allow_private
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.max_redirects = max_redirects

    def get(self, url: str) -> Fetched | InputError:
        import urllib3

        current = url
        for _ in range(self.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                return InputError(url, f"not an http(s) URL: {current}")
            port = parts.port or (443 if parts.scheme == "https" else 80)
            try:
                address = self._address(parts.hostname, port)
            except _Refused as exc:
                return InputError(url, str(exc))
            pool_class: Any = (
                urllib3.HTTPSConnectionPool if parts.scheme == "https" else urllib3.HTTPConnectionPool
            )
            kwargs: dict[str, Any] = {}
            if parts.scheme == "https":
                kwargs = {"server_hostname": parts.hostname, "assert_hostname": parts.hostname}
            pool = pool_class(
                address,
                port=port,
                timeout=urllib3.Timeout(connect=self.timeout, read=self.timeout),
                retries=False,
                **kwargs,
            )
            path = parts.path or "/"
            if parts.query:
                path += "?" + parts.query
            try:
                response = pool.urlopen(
                    "GET",
                    path,
                    headers={"Host": parts.netloc, "User-Agent": _USER_AGENT},
                    redirect=False,
                    preload_content=False,
                )
                try:
                    if response.status in (301, 302, 303, 307, 308):
                        location = response.headers.get("Location")
                        if not location:
                            return InputError(url, f"HTTP {response.status} without a Location")
                        current = urljoin(current, location)
                        continue
                    if response.status >= 400:
                        return InputError(url, f"HTTP {response.status} {response.reason or ''}".rstrip())
                    length = response.headers.get("Content-Length")
                    if length and length.isdigit() and int(length) > self.max_bytes:
                        return InputError(url, f"is {int(length):,} bytes; the limit is {self.max_bytes:,}")
                    data = response.read(self.max_bytes + 1, decode_content=True)
                    if len(data) > self.max_bytes:
                        return InputError(url, f"is larger than the limit of {self.max_bytes:,} bytes")
                    return Fetched(current, response.status, response.headers.get("Content-Type", ""), data)
                finally:
                    response.release_conn()
            except urllib3.exceptions.NewConnectionError as exc:
                reason = getattr(exc, "__cause__", None) or exc
                return InputError(url, f"cannot connect ({getattr(reason, 'strerror', None) or reason})")
            except (TimeoutError, urllib3.exceptions.TimeoutError):
                return InputError(url, f"timed out after {self.timeout:g} s")
            except urllib3.exceptions.HTTPError as exc:
                return InputError(url, f"cannot be fetched ({type(exc).__name__}: {exc})")
            finally:
                pool.close()
        return InputError(url, f"too many redirects (more than {self.max_redirects})")

    def _address(self, host: str, port: int) -> str:
        """The checked address to connect to; _Refused when the host cannot be resolved or is private."""
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise _Refused(f"cannot resolve {host} ({exc.strerror})") from None
        for info in infos:
            ip = ipaddress.ip_address(info[4][0])
            if not self.allow_private and _private(ip):
                raise _Refused(
                    f"refused: {host} resolves to a private or local address ({ip}); "
                    "pass --allow-private to fetch it"
                )
        return str(infos[0][4][0])


class _Refused(Exception):
    pass


def _private(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def html_report(
    data: bytes,
    source: str,
    url: str | None = None,
    meta: dict[str, Any] | None = None,
    default_published: date | None = None,
) -> Report | InputError:
    """A report from an HTML page: trafilatura's main text (the headline on its first line), title and date;
    metadata given in `meta` wins over the page's, and `default_published` fills in a date neither gives."""
    import trafilatura

    meta = dict(meta or {})
    try:
        doc = trafilatura.bare_extraction(data, url=url, with_metadata=True, favor_recall=True)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        return InputError(source, f"cannot read the HTML ({type(exc).__name__})")
    found: dict[str, Any] = {}
    if doc is not None:
        found = doc if isinstance(doc, dict) else doc.as_dict()
    text = str(found.get("text") or "")
    if not text.strip():
        return InputError(source, "no article text found in the HTML")
    published = meta.get("published")
    if published is None and found.get("date"):
        try:
            published = parse_date(str(found["date"]))
        except ValueError:
            published = None
    if published is None:
        published = default_published
    return Report(
        id=Report.make_id(text),
        text=text,
        title=meta.get("title") or found.get("title"),
        published=published,
        outlet=meta.get("outlet") or found.get("sitename"),
        url=url,
        source=source,
    )


@dataclass(frozen=True, slots=True)
class FeedItem:
    link: str
    title: str | None
    published: date | None


def looks_like_feed(fetched: Fetched) -> bool:
    kind = fetched.content_type.lower()
    head = fetched.data[:500].lstrip().lower()
    return any(t in kind for t in _FEED_TYPES) or head.startswith((b"<?xml", b"<rss", b"<feed"))


def feed_items(data: bytes, source: str) -> list[FeedItem] | InputError:
    """The items of an RSS 2.0 or Atom feed (link, title, date), or the problem. Entities are not expanded and
    nothing is fetched by the parser."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        return InputError(source, f"not a well-formed feed ({exc.msg})")
    items: list[FeedItem] = []
    for el in root.iter():
        tag = etree.QName(el).localname if isinstance(el.tag, str) else ""
        if tag not in ("item", "entry"):
            continue
        link, title, when = None, None, None
        for child in el:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            if name == "link":
                link = child.get("href") or (child.text or "").strip() or link
            elif name == "title":
                title = (child.text or "").strip() or None
            elif name in ("pubDate", "published", "updated", "date") and when is None:
                when = _feed_date((child.text or "").strip())
        if link:
            items.append(FeedItem(link, title, when))
    if not items and etree.QName(root).localname not in ("rss", "feed", "RDF"):
        return InputError(source, "is XML but not an RSS or Atom feed")
    return items[:MAX_FEED_ITEMS]


def _feed_date(text: str) -> date | None:
    from email.utils import parsedate_to_datetime

    if not text:
        return None
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError):
        pass
    try:
        return parse_date(text[:10])
    except ValueError:
        return None


def read_urls(
    urls: Iterable[str], fetcher: Fetcher, published: date | None = None
) -> Iterator[Report | InputError]:
    """A report per article URL, and per item of each feed URL; an InputError per URL that fails. `published`
    dates the pages that give no date of their own (nor their feed item)."""
    for url in urls:
        fetched = _get(fetcher, url)
        if isinstance(fetched, InputError):
            yield fetched
            continue
        if looks_like_feed(fetched):
            items = feed_items(fetched.data, url)
            if isinstance(items, InputError):
                yield items
                continue
            for item in items:
                link = urljoin(fetched.url, item.link)
                page = _get(fetcher, link)
                if isinstance(page, InputError):
                    yield page
                    continue
                yield html_report(
                    page.data,
                    link,
                    url=page.url,
                    meta={"published": item.published, "title": item.title},
                    default_published=published,
                )
        else:
            yield html_report(fetched.data, url, url=fetched.url, default_published=published)


def _get(fetcher: Fetcher, url: str) -> Fetched | InputError:
    return fetcher.get(url)
