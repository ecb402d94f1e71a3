"""The extraction pipeline: reports in, coded events and reported statistics out.

Stages, each its own module: nlp (spaCy) -> actors -> places -> dates -> claims -> events (+ estimates, notes)
-> geo. Resources (model, actor registry, lexicons) load once per Extractor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date

from spacy.tokens import Doc

from . import geo, nlp
from .actors import ActorRegistry, lead_end
from .claims import find_claims, sentence_claimants
from .config import Config
from .dates import find_time_expressions
from .events import ReportContext, build_events
from .linking import Linker, fold_area_events, fold_headline_events, fold_retold_events, fold_road_events
from .places import PlaceMention, find_places
from .readers import title_span
from .records import Report, ReportResult


class Extractor:
    """Holds the loaded model and data; `run` turns reports into results. Build one and reuse it."""

    def __init__(
        self, config: Config | None = None, gazetteer_progress: Callable[[str, int, int], None] | None = None
    ):
        self.config = config or Config()
        self.nlp = nlp.load(self.config.model)
        self.registry = ActorRegistry.load(self.config.actor_files)
        self._linker = Linker(self.registry)  # folds a report's area-only event into the one inside it
        self.geocoder: geo.Resolver = geo.TextOnlyResolver()
        if self.config.gazetteer:
            from .gazetteer import Gazetteer

            gazetteer = Gazetteer.open(self.config.gazetteer_path, progress=gazetteer_progress)
            self.geocoder = geo.GazetteerResolver(gazetteer, self.registry)
        self._countries = self.registry.country_lookup() if hasattr(self.registry, "country_lookup") else {}
        self._demonyms = self.registry.demonyms() if hasattr(self.registry, "demonyms") else frozenset()

    def run(
        self, reports: Iterable[Report], progress: Callable[[ReportResult], None] | None = None
    ) -> Iterator[ReportResult]:
        cfg = self.config

        def texts() -> Iterator[tuple[str, Report]]:
            for r in reports:
                yield r.text, r

        for doc, report in self.nlp.pipe(texts(), as_tuples=True, batch_size=cfg.batch_size):
            result = self.extract_doc(doc, report)
            if progress:
                progress(result)
            yield result

    def extract_doc(self, doc: Doc, report: Report) -> ReportResult:
        """All stages after spaCy, for one parsed report."""
        reg = self.registry
        votes = None
        found = find_places(doc, countries=self._countries, demonyms=self._demonyms)
        stop = lead_end(doc)
        lead_chars = doc[stop - 1].idx + len(doc[stop - 1]) if stop else 0
        if isinstance(self.geocoder, geo.GazetteerResolver):
            # the gazetteer's reading of the report's places votes on its country too
            votes = self.geocoder.place_votes(
                [p.name for p in found if p.level != "country"],
                lead=[p.name for p in found if p.start_char < lead_chars],
                parents={p.name: p.parent for p in found if p.parent},
                levels={p.name: p.level for p in found},
            )
        country = reg.infer_country(doc, place_votes=votes)
        actors = reg.find_mentions(doc, country=country)
        excluded: set[int] = set()
        for a in actors:
            span = doc.char_span(a.start, a.end, alignment_mode="expand")
            if span is not None:
                excluded.update(range(span.start, span.end))
        # an actor's name is not a place ("Balochistan Liberation Army"): drop places inside actor mentions
        places = [p for p in found if not any(i in excluded for i in range(p.start, p.end))]
        if isinstance(self.geocoder, geo.GazetteerResolver):
            link_listed_areas(doc, places, self.geocoder, reg.iso2(country) if country else None)
        times = find_time_expressions(doc.text, report.published)

        # a bare force noun the report uses for a named foreign force ("Kenyan police ... police said" in a report
        # placed in Somalia) means that force when it names a claimant too
        anaphors = {a.text.lower(): a.actor for a in actors if a.via == "anaphor"}

        def resolve_actor(text: str) -> str | None:
            a = anaphors.get(text.strip().lower()) or reg.resolve(text, country=country)
            return a.name if a is not None else None

        claimants = sentence_claimants(doc, resolve_actor=resolve_actor, outlet=report.outlet)
        claims = find_claims(
            doc, report.id, resolve_actor=resolve_actor, claimants=claimants, outlet=report.outlet
        )
        ctx = ReportContext(
            report=report,
            doc=doc,
            country=country,
            actors=actors,
            places=places,
            times=times,
            claims=claims,
            claimant_actors=[c.actor for c in claimants],
            claimant_names=[c.name for c in claimants],
            claimant_explicit=[c.start >= 0 for c in claimants],
            registry=reg,
        )
        events, statistics = build_events(ctx)
        geo_ctx = geo.GeoContext(
            country=country,
            # a country's name is no place to resolve ("in Colombia's south" is not the town of Colombia, Huila)
            places=[p.name for p in places if p.level != "country"],
            index=ctx.place_index,
            lead=frozenset(p.name for p in places if p.start_char < lead_chars),
        )
        for ev in events:
            ev.location = self.geocoder.resolve(ev.location, geo_ctx)
        # the events a separate-event marker opened, by id: the folds below drop events, which moves indices
        apart = {events[k].event_id for k in ctx.told_apart if k < len(events)}
        events = fold_area_events(events, ctx.told_apart, self._linker)
        title = title_span(report.text)
        events = fold_headline_events(events, title[1] if title else 0, self._linker)
        events = fold_retold_events(events, apart, self._linker)
        events = fold_road_events(events, self._linker)
        area = None
        if isinstance(self.geocoder, geo.GazetteerResolver):
            area = self.geocoder.report_area(geo_ctx)
        return ReportResult(report=report, events=events, statistics=statistics, country=country, area=area)


def extract(
    reports: Iterable[Report],
    config: Config | None = None,
    progress: Callable[[ReportResult], None] | None = None,
    extractor: Extractor | None = None,
) -> Iterator[ReportResult]:
    """Run the whole pipeline over reports, in batches, yielding one ReportResult per report, in order."""
    ex = extractor or Extractor(config)
    yield from ex.run(reports, progress=progress)


def extract_text(
    text: str,
    published: date | str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    config: Config | None = None,
) -> ReportResult:
    """Extract the events of one report given as a string (the library's simplest entry point). `published` is
    a date or an ISO date string ("2025-01-30"); a string that is no date raises ValueError."""
    if isinstance(published, str):
        from .readers import parse_date

        published = parse_date(published)
    report = Report(id=Report.make_id(text), text=text, title=title, published=published, outlet=outlet)
    return next(extract([report], config))


def link_listed_areas(
    doc: Doc, places: list[PlaceMention], resolver: geo.GazetteerResolver, cc: str | None
) -> None:
    """ "in Coatzacoalcos, Veracruz": a place name followed by a comma and the name of an admin area that the
    gazetteer says holds it lies in that area (places.find_places links "X, Y" only when the text's own type
    words show Y is wider). Y must end the list there ("in A, B and C" is a list, not a hierarchy)."""
    for a, b in zip(places, places[1:], strict=False):
        if a.parent is not None or b.level != "place" or a.level == "country":
            continue
        if b.start != a.end + 1 or doc[a.end].text != ",":
            continue
        after = doc[b.end] if b.end < len(doc) else None
        if after is not None and after.lower_ in {"and", "or"}:
            continue
        level = resolver.enclosing_level(b.name, a.name, cc)
        if level is not None:
            a.parent = b.name
            b.level = level
