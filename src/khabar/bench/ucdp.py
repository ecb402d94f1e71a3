"""The UCDP-AEC benchmark: Khabar's UCDP-form records scored against UCDP's own coding of the same articles.

Scores follow the UCDP-AEC paper (Simon et al., KONVENS 2025): per-field exact match after trimming, sides
permutation-invariant (when swapping side A and B, with their deaths, matches better, they are swapped), group
means (actor: the two sides; date: start and end; location: country, admin1, admin2, place; deaths: the six
deaths fields; aggregate: the mean of the four groups), and RMSE for dates (days; a missing date counts as the
publication date) and deaths (a missing number counts as 0).

Khabar adds a lenient match for names, because UCDP's spellings ("Hamah governorate", "Taleban") are one
convention among several: places match when `geo.same_name` says they name the same place (case, diacritics,
type words, an Arabic article, word breaks and doubled letters ignored; a place given as "X in Y" or "X (Y)" is
compared by X; transliteration variants with the same consonant skeleton, gazetteer.skeleton, match); sides
match when they are the same party (the same canonical actor for the registry, or equal after folding case and
punctuation; a gold side listing allied groups "A, B" matches any of them).
"""

from __future__ import annotations

import math
import re
import shlex
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..actors import ActorRegistry
from ..gazetteer import place_skeletons
from ..geo import same_name
from ..records import Report
from ..ucdp import DATE_FIELDS, DEATH_FIELDS, FIELDS, NAME_FIELDS, day

GROUPS: dict[str, tuple[str, ...]] = {
    "actor": FIELDS[:2],
    "date": DATE_FIELDS,
    "location": FIELDS[4:8],
    "deaths": DEATH_FIELDS,
}
# The bars, on the development sample.
BARS = {
    ("deaths", "exact"): 86.0,
    ("date", "exact"): 80.0,
    ("location_root_name", "exact"): 97.0,
    ("location", "lenient"): 70.0,
    ("actor", "lenient"): 65.0,
}
# Reference points: the paper's best fine-tuned models (test split) and this sample's trivial baseline.
PAPER_DEATHS = {"Flan-T5-Large": 81.0, "DEGREE": 81.3, "Text2Event": 53.4}
_QUALIFIER = re.compile(r"\s+\(.*\)\s*$|\s+in\s+.*$", re.IGNORECASE)
_PUNCT = re.compile(r"[^\w]+")


def report_of(row: dict[str, Any]) -> Report:
    """A UCDP-AEC line as a Report: its id, text (title on the first line) and publication date."""
    return Report(
        id=str(row["id"]), text=str(row.get("source_article") or ""), published=day(row.get("source_date"))
    )


def _place_core(name: str) -> str:
    return _QUALIFIER.sub("", name).strip()


def lenient_place(gold: str, predicted: str) -> bool:
    if not gold and not predicted:
        return True
    if not gold or not predicted:
        return False
    g, p = _place_core(gold), _place_core(predicted)
    if same_name(gold, predicted) or same_name(g, p):
        return True
    # transliteration variants: "Al-Mayadeen" ~ "Al Mayadin town"
    return bool(place_skeletons(g) & place_skeletons(p))


def make_lenient_side(registry: ActorRegistry) -> Callable[[str, str], bool]:
    def canonical(name: str) -> str:
        actor = registry.resolve(name) if name else None
        return actor.name if actor is not None else _PUNCT.sub(" ", name.lower()).strip()

    def same(gold: str, predicted: str) -> bool:
        if gold == predicted:
            return True
        if not gold or not predicted:
            return False
        parts = {canonical(p.strip()) for p in gold.split(",")}  # UCDP joins allied groups with commas
        return canonical(predicted) in parts or canonical(gold) == canonical(predicted)

    return same


@dataclass(slots=True)
class Row:
    gold: dict[str, Any]
    predicted: dict[str, Any]
    exact: dict[str, bool]
    lenient: dict[str, bool]


@dataclass(slots=True)
class UcdpScores:
    command: str
    rows: list[Row] = field(default_factory=list)
    seconds: float = 0.0
    square_error: dict[str, float] = field(default_factory=dict)
    baseline: UcdpScores | None = None  # the same articles coded blank: publication date, zeros, no names

    def accuracy(self, name: str, kind: str = "exact") -> float:
        """A field's or group's accuracy in per cent ("exact" or "lenient"; lenient only differs for names)."""
        fields = GROUPS.get(name, (name,))
        if name == "aggregate":
            return sum(self.accuracy(g, kind) for g in GROUPS) / len(GROUPS)
        n = max(len(self.rows), 1)
        return sum(100 * sum(getattr(r, kind)[f] for r in self.rows) / n for f in fields) / len(fields)

    def rmse(self, name: str) -> float:
        fields = GROUPS.get(name, (name,))
        n = max(len(self.rows), 1)
        return sum(math.sqrt(self.square_error.get(f, 0.0) / n) for f in fields) / len(fields)

    def format(self, errors: int = 0) -> str:
        lines = [f"Command: `{self.command}`", f"{len(self.rows)} articles, {self.seconds:.1f} s", ""]
        lines.append(f"{'field':<22} {'exact':>7} {'lenient':>8} {'RMSE':>8}")
        for f in FIELDS:
            rmse = f"{self.rmse(f):8.2f}" if f in DATE_FIELDS + DEATH_FIELDS else " " * 8
            lenient = f"{self.accuracy(f, 'lenient'):8.1f}" if f in NAME_FIELDS else " " * 8
            lines.append(f"{f:<22} {self.accuracy(f):7.1f} {lenient} {rmse}")
        lines.append("")
        lines.append(f"{'group':<22} {'exact':>7} {'lenient':>8} {'RMSE':>8}")
        for g in (*GROUPS, "aggregate"):
            rmse = f"{self.rmse(g):8.2f}" if g in ("date", "deaths") else " " * 8
            lines.append(f"{g:<22} {self.accuracy(g):7.1f} {self.accuracy(g, 'lenient'):8.1f} {rmse}")
        lines.append("")
        for (name, kind), bar in BARS.items():
            value = self.accuracy(name, kind)
            mark = "ok" if value >= bar else "BELOW"
            lines.append(f"bar: {name} {kind} {value:.1f} >= {bar:g}  {mark}")
        if self.baseline is not None:
            lines.append(
                "baseline on these articles (publication date, zero deaths, no names): "
                + ", ".join(f"{g} {self.baseline.accuracy(g):.1f}" for g in (*GROUPS, "aggregate"))
            )
        lines.append(
            "reference (paper, test split, deaths accuracy): "
            + ", ".join(f"{k} {v:g}" for k, v in PAPER_DEATHS.items())
        )
        lines.append("")
        lines.append(
            "worst fields (exact): "
            + ", ".join(f"{f} {self.accuracy(f):.0f}%" for f in sorted(FIELDS, key=self.accuracy)[:5])
        )
        for f in sorted(FIELDS, key=self.accuracy)[:3]:
            wrong = [r for r in self.rows if not r.exact[f]]
            missing = sum(1 for r in wrong if r.predicted.get(f) in ("", 0, None))
            lines.append(f"  {f}: {len(wrong)} wrong, {missing} of them left empty or zero")
        if errors:
            lines.append("")
            shown = [r for r in self.rows if not all(r.lenient[f] for f in FIELDS)][:errors]
            for r in shown:
                lines.append(f"article {r.gold['id']} (published {r.gold.get('source_date', '')}):")
                for f in FIELDS:
                    mark = " " if r.exact[f] else ("~" if r.lenient[f] else "x")
                    lines.append(f"  {mark} {f:<21} gold {r.gold.get(f)!s:<40} khabar {r.predicted.get(f)!s}")
        return "\n".join(lines)


def score(
    gold_rows: Sequence[dict[str, Any]],
    predictions: Sequence[dict[str, Any]],
    registry: ActorRegistry,
    command: str = "",
) -> UcdpScores:
    """Score predictions (one per gold row, matched by id) as the paper does, plus the lenient name match."""
    by_id = {str(p.get("id")): p for p in predictions}
    lenient_side = make_lenient_side(registry)
    scores = UcdpScores(command=command)
    for g in gold_rows:
        gold = {k: (v.strip() if isinstance(v, str) else v) for k, v in g.items()}
        pred = {k: (v.strip() if isinstance(v, str) else v) for k, v in by_id.get(str(g["id"]), {}).items()}
        a_ok, b_ok = (
            pred.get("side_a_name") == gold["side_a_name"],
            pred.get("side_b_name") == gold["side_b_name"],
        )
        crossed = (
            pred.get("side_b_name") == gold["side_a_name"] or pred.get("side_a_name") == gold["side_b_name"]
        )
        if not a_ok and not b_ok and crossed:
            pred = _swapped(pred)
        exact = {f: str(pred.get(f, "")) == str(gold.get(f, "")) for f in FIELDS}
        lenient = dict(exact)
        for f in NAME_FIELDS[2:]:
            lenient[f] = lenient_place(str(gold.get(f, "")), str(pred.get(f, "")))
        straight = [lenient_side(gold[f], str(pred.get(f, ""))) for f in ("side_a_name", "side_b_name")]
        across = [
            lenient_side(gold["side_a_name"], str(pred.get("side_b_name", ""))),
            lenient_side(gold["side_b_name"], str(pred.get("side_a_name", ""))),
        ]
        lenient["side_a_name"], lenient["side_b_name"] = max(straight, across, key=sum)
        for f in DEATH_FIELDS:
            diff = float(gold.get(f) or 0) - float(pred.get(f) or 0)
            scores.square_error[f] = scores.square_error.get(f, 0.0) + diff * diff
        published = report_of(g).published
        for f in DATE_FIELDS:
            gd = day(gold.get(f)) or published
            pd = day(pred.get(f)) or published
            diff = (gd - pd).days if gd and pd else 0
            scores.square_error[f] = scores.square_error.get(f, 0.0) + diff * diff
        scores.rows.append(Row(gold, pred, exact, lenient))
    return scores


def _swapped(pred: dict[str, Any]) -> dict[str, Any]:
    out = dict(pred)
    out["side_a_name"], out["side_b_name"] = pred.get("side_b_name"), pred.get("side_a_name")
    out["deaths_side_a"], out["deaths_side_b"] = pred.get("deaths_side_b"), pred.get("deaths_side_a")
    return out


def run(gold_path: Path, extractor: Any = None) -> UcdpScores:
    """Predict every article of a UCDP-AEC file with the normal pipeline and score it."""
    from ..pipeline import Extractor
    from ..ucdp import UcdpCoder, blank_record, read_labels

    start = time.perf_counter()
    ex = extractor or Extractor()
    gold_rows = list(read_labels(gold_path))
    coder = UcdpCoder(ex.registry)
    predictions = [coder.code(r) for r in ex.run([report_of(g) for g in gold_rows])]
    scores = score(
        gold_rows,
        predictions,
        ex.registry,
        command=shlex.join(["khabar", "bench", "ucdp-aec", str(gold_path)]),
    )
    scores.seconds = time.perf_counter() - start
    blank = [blank_record(str(g["id"]), report_of(g).published) for g in gold_rows]
    scores.baseline = score(gold_rows, blank, ex.registry)
    return scores
