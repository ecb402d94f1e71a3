"""Ingest: read reports, extract the ones the store has not seen, and store them with their links.

Idempotent (a report's id is the hash of its normalised text: the same text read again, from the same or
another place, adds at most a source), incremental (only new reports go through the pipeline) and
transactional per report (store.Store.add), so a killed ingest loses at most the report it was writing and a
re-run completes the job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from .errors import InputError
from .pipeline import Extractor
from .records import Report, ReportResult
from .store import Store


@dataclass(slots=True)
class IngestSummary:
    """What one ingest did."""

    read: int = 0  # readable reports in the input
    new: int = 0  # of them, stored now
    known: int = 0  # stored before (a new source of them may have been added)
    new_sources: int = 0
    events: int = 0  # report events stored now
    linked: int = 0  # of them, joined to an event another report told
    problems: list[InputError] = field(default_factory=list)


def canonical(report: Report) -> Report:
    """The report under the store's id, the hash of its normalised text (a row's own id is kept in its
    source)."""
    rid = Report.make_id(report.text)
    if report.id == rid:
        return report
    source = f"{report.source} (id {report.id})" if report.source else f"id {report.id}"
    return replace(report, id=rid, source=source)


def ingest(
    items: Iterable[Report | InputError],
    store: Store,
    extractor: Callable[[], Extractor],
    on_problem: Callable[[InputError], None] | None = None,
    progress: Callable[[ReportResult | None], None] | None = None,
) -> IngestSummary:
    """Store every new report of items and link its events; a report stored already gains its source only.
    `extractor` makes the pipeline (the model loads only when some report is new); `progress` is called once
    per readable report (with None for a known one)."""
    summary = IngestSummary()
    fresh: list[Report] = []
    seen: set[str] = set()
    reports: list[Report] = []
    for item in items:
        if isinstance(item, InputError):
            summary.problems.append(item)
            if on_problem:
                on_problem(item)
            continue
        reports.append(canonical(item))
    summary.read = len(reports)
    known = store.known(r.id for r in reports)
    later: dict[str, list[str]] = {}  # sources of a text read twice in this batch, added once it is stored
    for r in reports:
        if r.id in seen:
            summary.known += 1
            if r.source:
                later.setdefault(r.id, []).append(r.source)
            if progress:
                progress(None)
            continue
        if r.id in known:
            summary.known += 1
            if r.source and store.add_source(r.id, r.source):
                summary.new_sources += 1
            if progress:
                progress(None)
            continue
        seen.add(r.id)
        fresh.append(r)

    def results() -> Iterator[ReportResult]:
        if fresh:
            yield from extractor().run(fresh)

    for result in results():
        added = store.add(result, result.report.source)
        if added.new:
            summary.new += 1
            summary.events += added.events
            summary.linked += added.linked
        else:  # another ingest stored it meanwhile
            summary.known += 1
            summary.new_sources += added.new_source
        for source in later.get(result.report.id, ()):
            summary.new_sources += store.add_source(result.report.id, source)
        if progress:
            progress(result)
    return summary
