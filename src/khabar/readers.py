"""Reading reports from .txt, .jsonl and .csv files and folders, with metadata from a sidecar manifest.

An unreadable file or row (empty, binary, not UTF-8, too large, not English) becomes one InputError, no crash.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError
from .records import Report

# File kinds read from a folder; any other file given explicitly on the command line is read as plain text.
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
HTML_SUFFIXES = (".html", ".htm")
READ_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + CSV_SUFFIXES + HTML_SUFFIXES
MANIFEST_NAMES = ("manifest.csv", "manifest.yaml", "manifest.yml")
METADATA_FIELDS = ("published", "outlet", "url", "title")
# UCDP-AEC rows: the article (title on its first line) is `source_article`, the publication `source_date`.
FIELD_ALIASES = {"source_article": "text", "source_date": "published"}

# A first line counts as a title when it is shorter than this and does not end a sentence.
TITLE_MAX_CHARS = 160
_SENTENCE_END = re.compile(r"[.!?;:,][\"'\u201d\u2019)\]]*$")
# UTF-8 needs at most 4 bytes a character: a file over 4 * max_chars bytes is too long, whatever it holds.
_MAX_BYTES_PER_CHAR = 4
# Binary detection: NUL bytes, or a large share of control characters other than tab/newline/CR/form feed.
_BINARY_SAMPLE = 8192
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_CONTROL_SHARE = 0.10

# Language check: common English function words make up a third to a half of running English text and almost
# none of other languages (or of other scripts, whose words never match). Checked on the first words only.
_LANGUAGE_SAMPLE_WORDS = 300
_LANGUAGE_MIN_WORDS = 12
_ENGLISH_MIN_SHARE = 0.12
_WORD = re.compile(r"\w+(?:'\w+)?")
_ENGLISH_FUNCTION_WORDS = frozenset(
    """a an the and or but if of in on at to from by for with without about into over after before during
    between against under since until than as that this these those there here which who whom whose what when
    where why how is are was were be been being has have had do does did will would shall should can could may
    might must not no it its he she they them their his her him we our us you your i me my said says
    also""".split()
)


def parse_date(value: object) -> date:
    """A publication date from "2025-09-27", "2025-09-27 00:00" or an ISO datetime; ValueError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        # Python 3.10's fromisoformat does not take a trailing "Z" for UTC.
        return datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text).date()
    except ValueError:
        raise ValueError(f"{text!r} is not a date (expected YYYY-MM-DD or an ISO date-time)") from None


def demo_corpus() -> Path:
    """The folder of synthetic demo reports shipped with Khabar (with its manifest.csv)."""
    return Path(str(resources.files("khabar") / "demo"))


def read_reports(
    paths: Iterable[Path],
    published: date | None = None,
    outlet: str | None = None,
    title: str | None = None,
    url: str | None = None,
    encoding: str | None = None,
    max_chars: int = 1_000_000,
) -> Iterator[Report | InputError]:
    """Yield a Report per readable text, file or row, and an InputError (not raised) for each one that is not.

    Folders are read recursively (.txt, .jsonl, .csv; sorted). Metadata precedence: the row's own fields, then
    the folder's manifest.csv/manifest.yaml, then the arguments given here. A text without a given title whose
    first line looks like a headline gets that line as its title; the text itself is kept whole.
    """
    defaults = {"published": published, "outlet": outlet, "title": title, "url": url}
    reader = _Reader(encoding=encoding, max_chars=max_chars)
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from reader.folder(path, defaults)
        elif path.is_file():
            yield from reader.file(path, reader.manifests(path.parent, path.parent), defaults)
        elif path.exists():
            yield InputError(str(path), "is not a regular file or folder")
        else:
            yield InputError(str(path), "no such file or folder")


@dataclass(slots=True)
class _Manifest:
    """Per-file metadata from one manifest: file path (relative to its folder) -> fields."""

    folder: Path
    rows: dict[str, dict[str, Any]]


class _Reader:
    def __init__(self, encoding: str | None, max_chars: int):
        # An unknown encoding name is the caller's mistake, not the input's: LookupError, raised here.
        codec = codecs.lookup(encoding).name if encoding else "utf-8"
        self.encoding = encoding
        self.wide_encoding = codec.startswith(("utf-16", "utf-32"))
        self.max_chars = max_chars
        self.max_bytes = max_chars * _MAX_BYTES_PER_CHAR
        self._manifests: dict[Path, _Manifest | InputError | None] = {}

    # -- folders and manifests --

    def folder(self, root: Path, defaults: dict[str, Any]) -> Iterator[Report | InputError]:
        files = sorted(
            p
            for p in root.rglob("*")
            if p.suffix.lower() in READ_SUFFIXES
            and p.name.lower() not in MANIFEST_NAMES
            and not any(part.startswith(".") for part in p.relative_to(root).parts)
            and p.is_file()
        )
        if not files:
            yield InputError(str(root), "holds no .txt, .html, .jsonl or .csv files")
        folders = {root}
        for path in files:
            folders.update(path.parents[: len(path.relative_to(root).parts) - 1])
        for folder in sorted(folders):
            manifest = self._manifest(folder)
            if isinstance(manifest, InputError):
                yield manifest
            elif manifest is not None:
                for name in manifest.rows:
                    if not (folder / name).is_file():
                        listed_in = self._manifest_path(folder)
                        yield InputError(str(folder / name), f"listed in {listed_in} but missing")
        for path in files:
            yield from self.file(path, self.manifests(path.parent, root), defaults)

    def manifests(self, folder: Path, root: Path) -> list[_Manifest]:
        """The manifests that may describe files in `folder`: its own first, then its parents' to `root`."""
        found = []
        while True:
            manifest = self._manifest(folder)
            if isinstance(manifest, _Manifest):
                found.append(manifest)
            if folder == root or folder.parent == folder:
                return found
            folder = folder.parent

    def _manifest_path(self, folder: Path) -> Path | None:
        for name in MANIFEST_NAMES:
            if (folder / name).is_file():
                return folder / name
        return None

    def _manifest(self, folder: Path) -> _Manifest | InputError | None:
        if folder not in self._manifests:
            path = self._manifest_path(folder)
            self._manifests[folder] = None if path is None else _load_manifest(path)
        return self._manifests[folder]

    # -- files --

    def file(
        self, path: Path, manifests: list[_Manifest], defaults: dict[str, Any]
    ) -> Iterator[Report | InputError]:
        try:
            file_meta = _manifest_metadata(path, manifests)
        except InputError as error:
            yield error
            return
        # Row fields > manifest > caller's defaults.
        meta = {**defaults, **{k: v for k, v in file_meta.items() if v not in (None, "")}}
        suffix = path.suffix.lower()
        if path.name.lower() in MANIFEST_NAMES:
            yield InputError(
                str(path), "is a manifest (per-file metadata), not reports; pass its folder instead"
            )
        elif suffix in JSONL_SUFFIXES:
            yield from self.jsonl(path, meta)
        elif suffix in CSV_SUFFIXES:
            yield from self.csv(path, meta)
        elif suffix in HTML_SUFFIXES:
            yield self.html_file(path, meta)
        else:
            yield self.text_file(path, meta)

    def _file_bytes(self, path: Path, wide: bool) -> bytes | InputError:
        """A file's bytes, or its problem: too large, unreadable, binary (not checked for `wide` encodings:
        UTF-16/32 text is full of NUL bytes, so the caller's --encoding is trusted)."""
        source = str(path)
        try:
            size = path.stat().st_size
            if size > self.max_bytes:
                return InputError(source, _too_large(size, self.max_chars))
            data = path.read_bytes()
        except OSError as exc:
            return InputError(source, f"cannot be read ({exc.strerror or exc})")
        if not wide and _looks_binary(data):
            return InputError(source, _binary_problem(data))
        return data

    def text_file(self, path: Path, meta: dict[str, Any]) -> Report | InputError:
        source = str(path)
        data = self._file_bytes(path, wide=self.wide_encoding)
        if isinstance(data, InputError):
            return data
        text = self._decode(data, source)
        if isinstance(text, InputError):
            return text
        return self._report(text, meta, source, explicit_title=meta.get("title") is not None)

    def html_file(self, path: Path, meta: dict[str, Any]) -> Report | InputError:
        """An HTML page: its main text, title and date through trafilatura (web.html_report)."""
        from .web import html_report

        source = str(path)
        data = self._file_bytes(path, wide=False)  # (a page declares its own encoding)
        if isinstance(data, InputError):
            return data
        report = html_report(data, source, url=_str_or_none(meta.get("url")), meta=meta)
        if isinstance(report, InputError):
            return report
        return self._report(
            report.text,
            {**meta, "title": report.title, "published": report.published, "outlet": report.outlet},
            source,
            explicit_title=report.title is not None,
        )

    def jsonl(self, path: Path, meta: dict[str, Any]) -> Iterator[Report | InputError]:
        rows = 0
        for lineno, line in self._lines(path):
            source = f"{path}:{lineno}" if lineno else str(path)
            if isinstance(line, InputError):
                rows += 1
                yield line
                continue
            if not line.strip():
                continue
            rows += 1
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield InputError(source, f"not valid JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(row, dict):
                yield InputError(source, f"expected a JSON object, found {type(row).__name__}")
                continue
            yield self._row(row, meta, source)
        if not rows:
            yield InputError(str(path), "holds no JSON lines")

    def csv(self, path: Path, meta: dict[str, Any]) -> Iterator[Report | InputError]:
        _raise_csv_field_limit(self.max_bytes)
        failure: list[InputError] = []

        def text_lines() -> Iterator[str]:
            # The csv module pulls lines as it needs them (a quoted field may span lines); stop at the first
            # line that cannot be read and report it after the rows before it.
            for _, line in self._lines(path):
                if isinstance(line, InputError):
                    failure.append(line)
                    return
                yield line

        reader = csv.DictReader(text_lines())
        try:
            header = reader.fieldnames
            if failure:
                yield from failure
                return
            if not header:
                yield InputError(str(path), "is empty")
                return
            if "text" not in {_field_name(c) for c in header}:
                found = ", ".join(header)
                yield InputError(str(path), f"has no `text` (or `source_article`) column (columns: {found})")
                return
            rows = 0
            for row in reader:
                rows += 1
                source = f"{path}:{reader.line_num}"
                if None in row:
                    yield InputError(source, "has more fields than the header")
                    continue
                yield self._row(row, meta, source)
        except csv.Error as exc:
            yield InputError(f"{path}:{reader.line_num}", f"not valid CSV ({exc})")
            return
        if failure:
            yield from failure
        elif not rows:
            yield InputError(str(path), "holds a header but no rows")

    # -- rows and texts --

    def _row(self, row: dict[str, Any], meta: dict[str, Any], source: str) -> Report | InputError:
        fields = {_field_name(k): v for k, v in row.items() if k is not None}
        text = fields.get("text")
        if text is None or (isinstance(text, str) and not text.strip()):
            return InputError(source, "no `text` (or `source_article`) in this row")
        if not isinstance(text, str):
            return InputError(source, f"`text` is a {type(text).__name__}, not a string")
        if len(text) > self.max_chars:
            return InputError(source, f"text is {len(text):,} characters; the limit is {self.max_chars:,}")
        row_meta = {k: fields[k] for k in METADATA_FIELDS if fields.get(k) not in (None, "")}
        merged = {**meta, **row_meta}
        if "published" in row_meta:
            try:
                merged["published"] = parse_date(row_meta["published"])
            except ValueError as exc:
                return InputError(source, f"published: {exc}")
        given_id = fields.get("id")
        return self._report(
            text,
            merged,
            source,
            explicit_title="title" in row_meta or meta.get("title") is not None,
            report_id=None if given_id in (None, "") else str(given_id),
        )

    def _report(
        self, text: str, meta: dict[str, Any], source: str, explicit_title: bool, report_id: str | None = None
    ) -> Report | InputError:
        if not text.strip():
            return InputError(source, "is empty" if not text else "holds only whitespace")
        if len(text) > self.max_chars:
            return InputError(source, f"text is {len(text):,} characters; the limit is {self.max_chars:,}")
        if not looks_english(text):
            return InputError(source, "does not look like English (Khabar reads English reports only)")
        title = meta.get("title")
        if not explicit_title:
            title = first_line_title(text)
        return Report(
            id=report_id or Report.make_id(text),
            text=text,
            title=_str_or_none(title),
            published=meta.get("published"),
            outlet=_str_or_none(meta.get("outlet")),
            url=_str_or_none(meta.get("url")),
            source=source,
        )

    def _decode(self, data: bytes, source: str, offset: int = 0) -> str | InputError:
        """Decode with the given encoding, else UTF-8; `offset` is where `data` starts in its file."""
        if self.encoding:
            try:
                return data.decode(self.encoding)
            except UnicodeDecodeError as exc:
                return InputError(source, f"not valid {self.encoding} at byte {offset + exc.start}")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return InputError(
                source,
                f"not valid UTF-8 at byte {offset + exc.start}; "
                "pass --encoding latin-1 if that is its encoding",
            )

    def _lines(self, path: Path) -> Iterator[tuple[int, str | InputError]]:
        """(line number, decoded line) pairs, read line by line; line number 0 carries a whole-file problem.

        A line longer than the size limit is reported and skipped without being held in memory whole.
        """
        try:
            fh = path.open("rb")
        except OSError as exc:
            yield 0, InputError(str(path), f"cannot be read ({exc.strerror or exc})")
            return
        with fh:
            head = fh.read(_BINARY_SAMPLE)
            if _looks_binary(head):
                yield 0, InputError(str(path), _binary_problem(head))
                return
            fh.seek(0)
            offset = 0
            lineno = 0
            while True:
                raw = fh.readline(self.max_bytes + 1)
                if not raw:
                    return
                lineno += 1
                if len(raw) > self.max_bytes and not raw.endswith(b"\n"):
                    skipped = len(raw)
                    while raw and not raw.endswith(b"\n"):
                        raw = fh.readline(1 << 20)
                        skipped += len(raw)
                    yield lineno, InputError(f"{path}:{lineno}", _too_large(skipped, self.max_chars, "line"))
                    offset += skipped
                    continue
                if lineno == 1 and raw.startswith(b"\xef\xbb\xbf") and not self.encoding:
                    raw, offset = raw[3:], 3
                decoded = self._decode(raw, f"{path}:{lineno}", offset)
                offset += len(raw)
                yield lineno, decoded


def looks_english(text: str) -> bool:
    """A cheap language check: enough common English function words among the first few hundred words."""
    words = []
    for match in _WORD.finditer(text):
        words.append(match.group().lower())
        if len(words) >= _LANGUAGE_SAMPLE_WORDS:
            break
    if len(words) < _LANGUAGE_MIN_WORDS:
        return True  # too short to judge
    share = sum(w in _ENGLISH_FUNCTION_WORDS for w in words) / len(words)
    return share >= _ENGLISH_MIN_SHARE


def first_line_title(text: str) -> str | None:
    """The title line (see `title_span`), or None."""
    span = title_span(text)
    return text[span[0] : span[1]].strip() if span else None


def title_span(text: str) -> tuple[int, int] | None:
    """Where a report's headline stands (start, end): its first line of three words or more (a shorter line before
    it is a scrap of the page: an id, a section name, an agency), when that line is short, does not end a
    sentence and has text below it; None when the report opens with its lead or is one line."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            return None
        line = text[start:end].strip()
        if len(line.split()) >= 3:
            break
        start = end + 1
    if not text[end:].strip() or len(line) >= TITLE_MAX_CHARS or _SENTENCE_END.search(line):
        return None
    return start, end


def _load_manifest(path: Path) -> _Manifest | InputError:
    """Read a manifest.csv (columns file, published, outlet, url, title; others ignored) or manifest.yaml
    (a list of mappings with `file`, or a mapping file -> fields)."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return InputError(str(path), f"manifest cannot be read ({exc})")
    entries: list[tuple[str, dict[str, Any]]] = []
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(raw.splitlines())
        if "file" not in (reader.fieldnames or []):
            return InputError(str(path), "manifest has no `file` column")
        for row in reader:
            entries.append((f"{path}:{reader.line_num}", dict(row)))
    else:
        try:
            data = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            return InputError(str(path), f"manifest is not valid YAML ({str(exc).splitlines()[0]})")
        if isinstance(data, dict):
            data = [{"file": k, **(v or {})} for k, v in data.items()]
        if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
            return InputError(
                str(path), "manifest must be a list of entries with `file`, or a mapping file -> fields"
            )
        entries = [(f"{path} entry {i}", e) for i, e in enumerate(data, 1)]
    rows: dict[str, dict[str, Any]] = {}
    for where, entry in entries:
        name = str(entry.get("file") or "").strip()
        if not name:
            return InputError(where, "manifest entry without `file`")
        fields: dict[str, Any] = {k: entry.get(k) for k in METADATA_FIELDS if entry.get(k) not in (None, "")}
        if "published" in fields:
            try:
                fields["published"] = parse_date(fields["published"])
            except ValueError as exc:
                fields["published"] = InputError(where, f"published: {exc}")
        rows[Path(name).as_posix()] = fields
    return _Manifest(folder=path.parent, rows=rows)


def _manifest_metadata(path: Path, manifests: list[_Manifest]) -> dict[str, Any]:
    for manifest in manifests:
        try:
            key = path.relative_to(manifest.folder).as_posix()
        except ValueError:
            continue
        if key in manifest.rows:
            fields = manifest.rows[key]
            published = fields.get("published")
            if isinstance(published, InputError):
                raise InputError(str(path), published.args[0])
            return fields
    return {}


def _field_name(name: str) -> str:
    name = name.strip().lower()
    return FIELD_ALIASES.get(name, name)


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _looks_binary(data: bytes) -> bool:
    sample = data[:_BINARY_SAMPLE]
    if not sample:
        return False
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in sample:
        return True
    return len(sample.translate(None, _CONTROL_BYTES)) < len(sample) * (1 - _CONTROL_SHARE)


def _binary_problem(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "is UTF-16 text; convert it to UTF-8 (a .txt file can also be read with --encoding utf-16)"
    return "looks like a binary file, not text"


def _too_large(size: int, max_chars: int, what: str = "file") -> str:
    amount = f"{size / 1e6:,.1f} MB" if size >= 1_000_000 else f"{size:,} bytes"
    return (
        f"{what} is {amount}, more than the limit of {max_chars:,} characters; "
        "split it into one report per file or row"
    )


_csv_limit_raised = 0


def _raise_csv_field_limit(limit: int) -> None:
    """Let the csv module read fields up to the report size limit (its default is 128 KiB)."""
    global _csv_limit_raised
    if limit > _csv_limit_raised:
        csv.field_size_limit(max(limit + 1, csv.field_size_limit()))
        _csv_limit_raised = limit
