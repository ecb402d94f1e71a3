"""The extraction pipeline: reports in, coded events and reported statistics out.

Stages (each its own module): nlp (spaCy) -> actors -> dates -> claims -> events -> geo -> estimates -> notes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date

from .config import Config
from .records import Report, ReportResult


def extract(
    reports: Iterable[Report],
    config: Config | None = None,
    progress: Callable[[ReportResult], None] | None = None,
) -> Iterator[ReportResult]:
    """Run the whole pipeline over reports, in batches, yielding one ReportResult per report, in order."""
    config = config or Config()
    for report in reports:
        result = ReportResult(report=report)
        if progress:
            progress(result)
        yield result


def extract_text(
    text: str,
    published: date | None = None,
    outlet: str | None = None,
    title: str | None = None,
    config: Config | None = None,
) -> ReportResult:
    """Extract the events of one report given as a string (the library's simplest entry point)."""
    report = Report(id=Report.make_id(text), text=text, title=title, published=published, outlet=outlet)
    return next(extract([report], config))
