"""The geocoding benchmark: country, admin1 and admin2 of each UCDP-AEC development article's event.

UCDP codes one event per article. Khabar's pick for an article is its main event (ucdp.main_event: the deadliest
the headline and lead tell); an article with no event is scored on the admin area its places point to
(ReportResult.area), else on its country. Names match leniently (geo.same_name): case, diacritics, type words
("district", "governorate"), a leading Arabic article, word breaks and doubled letters are ignored.
"""

from __future__ import annotations

import json
import shlex
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from ..geo import same_name
from ..pipeline import Extractor
from ..records import ReportResult
from ..ucdp import main_event
from .ucdp import report_of


@dataclass(slots=True)
class GeoRow:
    article: str
    gold: tuple[str, str, str]  # country, admin1, admin2 as UCDP writes them
    predicted: tuple[str | None, str | None, str | None]
    ok: tuple[bool, bool, bool]


@dataclass(slots=True)
class GeoScores:
    command: str
    rows: list[GeoRow] = field(default_factory=list)
    seconds_with: float = 0.0  # the whole pipeline on the articles, with the gazetteer resolver
    seconds_without: float = 0.0  # the same, keeping only what the text says (Config.gazetteer=False)

    def rate(self, k: int) -> tuple[int, int]:
        scored = [r for r in self.rows if r.gold[k]]
        return sum(r.ok[k] for r in scored), len(scored)

    def format(self, misses: bool = False) -> str:
        lines = [f"Command: `{self.command}`", ""]
        for k, label, bar in ((0, "country", 97), (1, "admin1", 80), (2, "admin2", 60)):
            ok, n = self.rate(k)
            lines.append(f"{label}: {ok}/{n} = {100 * ok / max(n, 1):.1f}%  (bar: {bar}%)")
        if self.seconds_without:
            extra = 100 * (self.seconds_with / self.seconds_without - 1)
            lines.append(
                f"pipeline time: {self.seconds_with:.1f} s with the gazetteer, {self.seconds_without:.1f} s "
                f"without: geocoding adds {extra:.1f}%  (bar: 10%)"
            )
        if misses:
            lines.append("")
            for r in self.rows:
                if not all(ok or not g for ok, g in zip(r.ok, r.gold, strict=True)):
                    lines.append(f"  {r.article}: gold {' / '.join(r.gold)} | predicted {r.predicted}")
        return "\n".join(lines)


def run(dev: Path, extractor: Extractor | None = None) -> GeoScores:
    ex = extractor or Extractor()
    reg = ex.registry
    gold_rows = [json.loads(line) for line in dev.read_text(encoding="utf-8").splitlines() if line.strip()]
    reports = [report_of(g) for g in gold_rows]
    scores = GeoScores(command=shlex.join(["khabar", "bench", "geo", "--dev", str(dev)]))
    # Time the pipeline with and without geocoding on the same articles, alternating, best of three each
    # (model warm; every timed run with the gazetteer starts with cold look-up caches).
    list(Extractor(Config(gazetteer=False)).run(reports[:4]))
    without, with_ = [], []
    results: list[ReportResult] = []
    for _ in range(3):
        text_only = Extractor(Config(gazetteer=False))
        start = time.perf_counter()
        list(text_only.run(reports))
        without.append(time.perf_counter() - start)
        fresh = Extractor(ex.config) if extractor is None else ex
        start = time.perf_counter()
        results = list(fresh.run(reports))
        with_.append(time.perf_counter() - start)
    scores.seconds_without, scores.seconds_with = min(without), min(with_)
    for g, result in zip(gold_rows, results, strict=True):
        ev = main_event(result)
        if ev is not None:
            loc = ev.location
            predicted = (loc.country, loc.admin1, loc.admin2)
        elif result.area is not None:  # no event: the area the report is about
            predicted = (result.area.country, result.area.admin1, result.area.admin2)
        else:
            predicted = (result.country, None, None)
        gold_country = g.get("location_root_name") or ""
        country_ok = bool(predicted[0]) and (
            reg.country_of(gold_country) == predicted[0] or reg.ucdp_name(predicted[0] or "") == gold_country
        )
        gold = (gold_country, g.get("location_adm1_name") or "", g.get("location_adm2_name") or "")
        ok = (country_ok, same_name(gold[1], predicted[1]), same_name(gold[2], predicted[2]))
        scores.rows.append(GeoRow(str(g["id"]), gold, predicted, ok))
    return scores
