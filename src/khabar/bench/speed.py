"""Throughput benchmark: Khabar's whole pipeline against spaCy's own nlp.pipe on the same texts, same run.

Reads the UCDP-AEC development articles, repeats them to a minimum count, reports reports/s and time ratios.
"""

from __future__ import annotations

import math
import os
import platform
import shlex
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from threadpoolctl import threadpool_limits

from .. import nlp as khabar_nlp
from .. import pipeline
from ..config import Config
from ..errors import InputError, KhabarError
from ..readers import read_reports
from ..records import Report

# Reports run through each pipeline before timing, so that model loading and first-call setup are not counted.
WARMUP_REPORTS = 8


@dataclass(slots=True)
class Timing:
    """One timed run over the benchmark texts."""

    label: str
    components: list[str]
    seconds: float


@dataclass(slots=True)
class SpeedResult:
    """Khabar's throughput and spaCy's on the same texts; `format()` gives Markdown for docs/BENCHMARKS.md."""

    command: str
    model: str
    model_version: str
    n_articles: int
    n_reports: int
    n_chars: int
    n_process: int
    events: int
    khabar: Timing
    spacy_as_loaded: Timing  # the model with the components Khabar loads
    spacy_full: Timing  # the model with all its default components
    machine: str = field(
        default_factory=lambda: f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    )

    def reports_per_second(self, timing: Timing) -> float:
        return self.n_reports / timing.seconds if timing.seconds else float("inf")

    def ratio(self, timing: Timing) -> float:
        """Khabar's time divided by this run's time (2.0: Khabar takes twice as long)."""
        return self.khabar.seconds / timing.seconds if timing.seconds else float("inf")

    def format(self) -> str:
        rows = []
        for timing in (self.khabar, self.spacy_as_loaded, self.spacy_full):
            rate = self.reports_per_second(timing)
            rows.append(
                f"| {timing.label} | {', '.join(timing.components)} | {timing.seconds:.1f} | {rate:.1f} "
                f"| {rate / self.n_process:.1f} | {self.ratio(timing):.2f} |"
            )
        return "\n".join(
            [
                "### Speed",
                "",
                f"Command: `{self.command}`",
                "",
                f"Machine: {self.machine}; Python {platform.python_version()}, spaCy {spacy.__version__}, "
                f"model {self.model} {self.model_version}; {self.n_process} process(es).",
                "",
                f"Corpus: {self.n_articles} UCDP-AEC development articles repeated to "
                f"{self.n_reports:,} reports "
                f"({self.n_chars / 1e6:.1f} M characters); Khabar found {self.events:,} events.",
                "",
                "| Run | Components | Seconds | Reports/s | Reports/s per core | Khabar time / this |",
                "|---|---|---:|---:|---:|---:|",
                *rows,
            ]
        )


def run(dev: Path, min_reports: int = 1000, n_process: int = 1, config: Config | None = None) -> SpeedResult:
    """Time pipeline.extract and spaCy's nlp.pipe (as Khabar loads the model, and stock: spacy.load with all
    its default components and thinc's default ops) on the articles of `dev` (a UCDP-AEC JSONL file) repeated
    to at least `min_reports`. BLAS runs on one thread per process, so that reports/s per core is honest."""
    with threadpool_limits(limits=1):
        return _run(dev, min_reports, n_process, config)


def _run(dev: Path, min_reports: int, n_process: int, config: Config | None) -> SpeedResult:
    config = config or Config()
    config.n_process = n_process
    articles = [r for r in read_reports([dev], max_chars=config.max_chars) if isinstance(r, Report)]
    if not articles:
        raise InputError(str(dev), "holds no readable articles to time")
    reports = articles * max(1, math.ceil(min_reports / len(articles)))
    texts = [r.text for r in reports]

    as_loaded = khabar_nlp.load(config.model)
    try:
        full = spacy.load(config.model)
    except OSError as exc:  # nlp.load above has already said so for a missing model; this is belt and braces
        raise KhabarError(f"spaCy model {config.model!r} cannot be loaded: {exc}") from exc
    full.max_length = as_loaded.max_length

    _drain(pipeline.extract(reports[:WARMUP_REPORTS], config))
    _drain(khabar_nlp.pipe(as_loaded, texts[:WARMUP_REPORTS], config.batch_size))
    _drain(full.pipe(texts[:WARMUP_REPORTS], batch_size=config.batch_size))

    start = time.perf_counter()
    events = sum(len(result.events) for result in pipeline.extract(reports, config))
    khabar_seconds = time.perf_counter() - start

    start = time.perf_counter()
    _drain(khabar_nlp.pipe(as_loaded, texts, config.batch_size, n_process))
    as_loaded_seconds = time.perf_counter() - start

    start = time.perf_counter()
    _drain(full.pipe(texts, batch_size=config.batch_size, n_process=n_process))
    full_seconds = time.perf_counter() - start

    command = shlex.join(
        ["khabar", "bench", "speed", "--dev", str(dev), "--min-reports", str(min_reports)]
        + ["--processes", str(n_process)]
    )
    return SpeedResult(
        command=command,
        model=config.model,
        model_version=str(as_loaded.meta.get("version", "?")),
        n_articles=len(articles),
        n_reports=len(reports),
        n_chars=sum(len(t) for t in texts),
        n_process=n_process,
        events=events,
        khabar=Timing("Khabar pipeline.extract", [*as_loaded.pipe_names, "Khabar's stages"], khabar_seconds),
        spacy_as_loaded=Timing(
            "spaCy nlp.pipe, model as Khabar loads it (NumPy matmul ops)",
            as_loaded.pipe_names,
            as_loaded_seconds,
        ),
        spacy_full=Timing(
            "spaCy nlp.pipe, stock spacy.load (thinc's default ops)", full.pipe_names, full_seconds
        ),
    )


def _drain(items: Iterable[object]) -> None:
    for _ in items:
        pass
