"""Actors: the canonical parties of a report (state forces, armed groups, alliances, civilians) in text.

Data: data/actors.yaml and data/countries.yaml (their format is documented there), plus any user actor files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from .config import data_path
from .errors import DataFileError
from .places import lexicon as place_lexicon
from .records import Actor, ActorMention

__all__ = ["ActorRegistry", "Country", "read_data_file"]

ACTORS_FILE = "actors.yaml"
COUNTRIES_FILE = "countries.yaml"

STATE_KINDS = ("military", "police")
GENERATED_KINDS = ("military", "police", "civilians", "protesters", "rioters")

# infer_country: a vote in the report's lead (its first two sentences, where the title and dateline sit)
# counts this many times a vote further down.
LEAD_WEIGHT = 3.0
LEAD_SENTENCES = 2
# infer_country: "Russian-backed", "Saudi-led" name a sponsor rather than the place; such a mention votes 1/4.
SPONSOR_WEIGHT = 0.25
# infer_country: an acronym or a state unit's name ("SDF", "ISPR") may belong to another conflict: votes half.
WEAK_NAME_WEIGHT = 0.5
# infer_country: "Russian jets", "Turkish forces": reports name foreign forces by demonym and their own
# country's forces mostly without one ("regime forces", "the army"), so a demonym heading a force phrase
# votes half.
FORCES_WEIGHT = 0.5
# infer_country: a demonym ("Turkish post", "Russian airstrikes") says whose, a name ("Turkey") or a place says
# where: a demonym votes half (and a demonym heading a force phrase half of that again).
DEMONYM_WEIGHT = 0.5

# Mention priorities when two candidate spans have the same length: a listed name beats a generic phrase,
# which beats an organisation only NER found.
_PRIO_NAME, _PRIO_GENERIC, _PRIO_NER = 0, 1, 2

_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ACTOR_KEYS = frozenset({"name", "inter", "country", "aliases", "units", "member_of"})
_UNIT_KEYS = frozenset({"name", "aliases"})
_COUNTRY_KEYS = frozenset({"name", "iso2", "demonyms", "aliases", "ucdp"})
_TOP_KEYS = frozenset({"actors", "countries", "generic", "generated"})
_GENERIC_LISTS = (
    "force_nouns",
    "police_nouns",
    "qualified_nouns",
    "force_modifiers",
    "police_words",
    "civilian_nouns",
    "protester_nouns",
    "rioter_nouns",
    "not_state_modifiers",
    "not_group_words",
    "state_unit_words",
    "member_nouns",
    "speaker_nouns",
    "speaker_modifiers",
    "speaker_ranks",
)

# "Long Name (ACR)": the long name and the acronym also match on their own (only when the bracket holds an
# acronym, so "Communist Party of India (Maoist)" does not make "Maoist" a name).
_NAME_WITH_ACRONYM = re.compile(r"^(?P<long>.+?)\s*\((?P<acr>[^()a-z]*[A-Z][^()a-z]*)\)$")
_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^(?:the)\s+", re.IGNORECASE)
_TRAILING_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_INNER_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
_POSSESSIVE_TOKENS = frozenset({"'s", "’s", "'", "’"})
_DETERMINERS = frozenset({"the", "a", "an", "its", "their"})
_NAME_ENTS = frozenset({"NORP", "ORG", "PERSON"})
_QUOTES = "\"'“”‘’«»"
_OF_COUNTRY = re.compile(r"^(?P<left>.+?)\s+of\s+(?:the\s+)?(?P<right>.+)$", re.IGNORECASE)


def read_data_file(path: Path) -> dict[str, Any]:
    """One YAML data file as a mapping; DataFileError naming the file when it is unreadable or malformed."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read the file ({exc})") from exc
    try:
        raw = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path}: not valid YAML: {' '.join(str(exc).split())}") from exc
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise DataFileError(f"{path}: expected a mapping with `actors:` and/or `countries:` at the top level")
    return raw


def _fold(text: str) -> str:
    """The case-insensitive lookup key of a phrase: lower case, one kind of apostrophe, single spaces."""
    return _SPACES.sub(" ", text.replace("’", "'").replace("‘", "'")).strip().lower()


def _is_acronym(phrase: str) -> bool:
    """A phrase with capitals and no lower-case letter ("BLA", "IS-K", "M23") matches case-sensitively."""
    return any(c.isupper() for c in phrase) and not any(c.islower() for c in phrase)


def _expand(phrase: str) -> list[str]:
    """A name plus, for "Long Name (ACR)", "Long Name" and "ACR" on their own."""
    out = [phrase]
    m = _NAME_WITH_ACRONYM.match(phrase)
    if m:
        out += [m.group("long").strip(), m.group("acr").strip()]
    return out


def _plural(phrase: str) -> str | None:
    """The regular plural of a phrase's last word ("Houthi" -> "Houthis"), None when it already ends in s."""
    if not phrase[-1:].isalpha() or phrase[-1:].lower() == "s":
        return None
    return phrase + "s"


def _all_lower(text: str) -> bool:
    return any(c.isalpha() for c in text) and text == text.lower()


def _clean(text: str) -> str:
    """A phrase as a lookup wants it: no quotes, no leading "the", no trailing possessive, single spaces."""
    t = _SPACES.sub(" ", text).strip().strip(_QUOTES).strip()
    t = _LEADING_THE.sub("", t)
    return _TRAILING_POSSESSIVE.sub("", t).strip()


@dataclass(frozen=True, slots=True)
class Country:
    """A country from countries.yaml: canonical name, ISO code, demonyms and other names."""

    name: str
    iso2: str | None = None
    demonyms: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    ucdp: str | None = None  # the name UCDP uses when it differs ("Myanmar (Burma)")


@dataclass(slots=True)
class _Spec:
    """An actor as the data files define it, before the registry turns it into an Actor."""

    name: str
    inter: int
    country: str | None
    source: str  # "file: actors entry N" for error messages
    aliases: list[str] = field(default_factory=list)
    units: list[tuple[str, list[str]]] = field(default_factory=list)
    member_of: list[str] = field(default_factory=list)
    generated: bool = False  # made from a template and not touched by any file


@dataclass(slots=True)
class _Generic:
    """Word lists for mentions that name no actor, and for recognising unknown armed groups."""

    force_nouns: frozenset[str]
    police_nouns: frozenset[str]
    qualified_nouns: frozenset[str]
    force_modifiers: frozenset[str]
    police_words: frozenset[str]
    civilian_nouns: frozenset[str]
    protester_nouns: frozenset[str]
    rioter_nouns: frozenset[str]
    not_state_modifiers: frozenset[str]
    group_words: dict[str, int]
    not_group_words: frozenset[str]
    state_unit_words: frozenset[str]
    member_nouns: frozenset[str]
    speaker_nouns: frozenset[str]
    speaker_modifiers: frozenset[str]
    speaker_ranks: frozenset[str]

    @property
    def heads(self) -> frozenset[str]:
        return (
            self.force_nouns
            | self.police_nouns
            | self.qualified_nouns
            | self.civilian_nouns
            | self.protester_nouns
            | self.rioter_nouns
        )

    def kind_of(self, head: str, words: Sequence[str]) -> str:
        """military | police | civilians | protesters | rioters for a head noun and the words before it."""
        if head in self.civilian_nouns:
            return "civilians"
        if head in self.protester_nouns:
            return "protesters"
        if head in self.rioter_nouns:
            return "rioters"
        if head in self.police_words or any(w in self.police_words for w in words):
            return "police"
        return "military"


def _state_kind(actor: Actor) -> str | None:
    """military | police for a state's forces (inter 1, named by the generated templates), else None."""
    if actor.inter != 1:
        return None
    if actor.name.startswith("Military Forces of"):
        return "military"
    if actor.name.startswith("Police Forces of"):
        return "police"
    return None


@dataclass(slots=True)
class _Candidate:
    start: int  # token indices, end exclusive
    end: int
    prio: int
    actor: Actor
    unit: str | None
    via: str
    # A weak name (an acronym, or a unit of some state's forces) of an actor from another country than the
    # report's counts only if that country or the actor's full name also appears in the report.
    weak: bool = False


@dataclass(slots=True)
class _Matchers:
    """spaCy phrase matchers built once per vocab: actor names (acronyms by exact case, the rest by lower
    case) and country names."""

    vocab: Vocab
    names_exact: PhraseMatcher
    names_folded: PhraseMatcher
    countries_exact: PhraseMatcher
    countries_folded: PhraseMatcher


class ActorRegistry:
    """Every known actor and country, with lookups by name, alias, unit and generic phrase."""

    def __init__(
        self,
        countries: dict[str, Country],
        specs: dict[str, _Spec],
        generic: _Generic,
        templates: dict[str, tuple[str, int, str | None]],
    ) -> None:
        self._countries = countries
        self._generic = generic
        self._templates = templates
        self._iso2_index: dict[str, str] | None = None
        self._names_index: frozenset[str] | None = None
        self._actors: dict[str, Actor] = {}
        for spec in specs.values():
            self._actors[spec.name] = Actor(
                name=spec.name,
                inter=spec.inter,
                country=spec.country,
                aliases=list(spec.aliases),
                member_of=list(spec.member_of),
                units=[u for u, _ in spec.units],
            )
        # Name index: lookup key -> [(actor name, unit or None)], in file order. Acronyms are keyed by their
        # exact text, everything else by its folded form.
        self._exact: dict[str, list[tuple[str, str | None]]] = {}
        self._folded: dict[str, list[tuple[str, str | None]]] = {}
        # Folded keys with a phrase written in lower case ("station house officer"): they match any case.
        self._lower_ok: set[str] = set()
        # Phrases for the matchers: matcher key -> {dedupe key: surface form}, plurals included.
        self._match_phrases: dict[str, dict[str, str]] = {}
        for spec in specs.values():
            self._index(spec.name, spec.name, None, in_matcher=not spec.generated)
            for alias in spec.aliases:
                self._index(alias, spec.name, None)
            for unit, unit_aliases in spec.units:
                for phrase in (unit, *unit_aliases):
                    self._index(phrase, spec.name, unit)
        # Country index: names, aliases and demonyms (with regular plurals: "Pakistanis").
        self._country_exact: dict[str, str] = {}
        self._country_folded: dict[str, str] = {}
        self._country_lower_ok: set[str] = set()
        for c in countries.values():
            for phrase in (c.name, *c.aliases, *c.demonyms):
                self._index_country(phrase, c.name)
            for demonym in c.demonyms:
                plural = _plural(demonym)
                if plural and not demonym.endswith(("sh", "ch", "ese", "x", "z")):
                    self._index_country(plural, c.name)
        # Alliances: each actor's ancestors through member_of, transitively.
        self._ancestors: dict[str, frozenset[str]] = {}
        for name in self._actors:
            seen: set[str] = set()
            stack = list(self._actors[name].member_of)
            while stack:
                a = stack.pop()
                if a not in seen and a != name:
                    seen.add(a)
                    stack.extend(self._actors[a].member_of if a in self._actors else ())
            self._ancestors[name] = frozenset(seen)
        self._members: dict[str, set[str]] = {}
        for name, ancestors in self._ancestors.items():
            for a in ancestors:
                self._members.setdefault(a, set()).add(name)
        self._matchers: _Matchers | None = None

    # ------------------------------------------------------------------------------------------------------
    # Loading
    # ------------------------------------------------------------------------------------------------------

    @classmethod
    def load(cls, extra_files: Iterable[Path | str] | None = None) -> ActorRegistry:
        """The built-in actors and countries plus user files (later files win).

        Raises DataFileError naming the file and the entry when a file is unreadable or malformed.
        """
        files = [data_path(COUNTRIES_FILE), data_path(ACTORS_FILE), *(Path(p) for p in extra_files or ())]
        raws = [(path, read_data_file(path)) for path in files]
        for path, raw in raws:
            unknown = set(raw) - _TOP_KEYS
            if unknown:
                raise DataFileError(
                    f"{path}: unknown top-level key(s) {sorted(unknown)}; allowed: {sorted(_TOP_KEYS)}"
                )

        countries: dict[str, Country] = {}
        for path, raw in raws:
            for i, entry in enumerate(_as_list(raw.get("countries"), path, "countries")):
                c = _parse_country(entry, f"{path}: countries entry {i + 1}", countries)
                countries[c.name] = c
        country_key = {_fold(p): c.name for c in countries.values() for p in (c.name, *c.aliases)}

        templates: dict[str, tuple[str, int, str | None]] = {}
        generic_raw: dict[str, Any] = {}
        for path, raw in raws:
            gen = raw.get("generated")
            if gen is not None:
                templates.update(_parse_templates(gen, path))
            g = raw.get("generic")
            if g is not None:
                if not isinstance(g, dict):
                    raise DataFileError(f"{path}: `generic:` must be a mapping of word lists")
                for key, value in g.items():
                    _merge_generic(generic_raw, key, value, path)
        missing = [k for k in GENERATED_KINDS if k not in templates]
        if missing:
            raise DataFileError(f"{data_path(ACTORS_FILE)}: `generated:` lacks {missing}")
        generic = _make_generic(generic_raw, data_path(ACTORS_FILE))

        specs: dict[str, _Spec] = {}
        for kind in GENERATED_KINDS:
            template, inter, bare = templates[kind]
            for c in countries.values():
                name = template.format(country=c.name)
                specs[name] = _Spec(name, inter, c.name, f"generated {kind} of {c.name}", generated=True)
            if bare:
                specs[bare] = _Spec(bare, inter, None, f"generated {kind}", generated=True)

        for path, raw in raws:
            for i, entry in enumerate(_as_list(raw.get("actors"), path, "actors")):
                _apply_actor(entry, f"{path}: actors entry {i + 1}", specs, country_key)

        for spec in specs.values():
            for alliance in spec.member_of:
                if alliance not in specs:
                    raise DataFileError(
                        f"{spec.source} ({spec.name!r}): member_of names unknown actor {alliance!r}"
                    )
        return cls(countries, specs, generic, templates)

    @classmethod
    def default(cls) -> ActorRegistry:
        """The built-in registry, loaded once per process."""
        return _default_registry()

    def _index(self, phrase: str, actor: str, unit: str | None, in_matcher: bool = True) -> None:
        for form in _expand(phrase):
            form = _SPACES.sub(" ", form).strip()
            if not form:
                continue
            if _is_acronym(form):
                key, table = form, self._exact
            else:
                key, table = _fold(form), self._folded
                if form[0].islower():
                    self._lower_ok.add(key)
            targets = table.setdefault(key, [])
            if (actor, unit) not in targets:
                targets.append((actor, unit))
            if in_matcher:
                if table is self._exact:
                    self._match_phrases.setdefault("=" + key, {})[form] = form
                else:
                    forms = self._match_phrases.setdefault("~" + key, {})
                    for f in (form, _plural(form)):
                        if f:
                            forms.setdefault(_fold(f), f)
                            if "'" in f:  # the typographic apostrophe tokenises apart: "People’s"
                                curly = f.replace("'", "’")
                                forms.setdefault(curly.lower(), curly)

    def _index_country(self, phrase: str, country: str) -> None:
        if _is_acronym(phrase):
            self._country_exact.setdefault(phrase, country)
        else:
            key = _fold(phrase)
            self._country_folded.setdefault(key, country)
            if phrase[0].islower():
                self._country_lower_ok.add(key)

    # ------------------------------------------------------------------------------------------------------
    # Lookups by string
    # ------------------------------------------------------------------------------------------------------

    def get(self, name: str) -> Actor | None:
        """The actor with this canonical name (listed or generated), or None."""
        return self._actors.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._actors

    def __len__(self) -> int:
        return len(self._actors)

    def country(self, name: str) -> Country | None:
        """The country entry for a canonical country name."""
        return self._countries.get(name)

    def _targets(self, text: str) -> list[tuple[str, str | None]]:
        """Name-index targets of a cleaned phrase: exact acronyms, then case-insensitive, then singular."""
        for t in (
            text,
            text[:-1] if text.endswith("s") else None,
            text[:-2] if text.endswith("es") else None,
        ):
            if not t:
                continue
            if t in self._exact:
                return self._exact[t]
            key = _fold(t)
            if key in self._folded and (key in self._lower_ok or not _all_lower(t)):
                return self._folded[key]
        return []

    def _pick(
        self, targets: list[tuple[str, str | None]], country: str | None
    ) -> tuple[str, str | None] | None:
        """One target of an alias: the one of the report's country, else the one listed first."""
        if not targets:
            return None
        if country is not None and len(targets) > 1:
            for t in targets:
                if self._actors[t[0]].country == country:
                    return t
        return targets[0]

    def _country_arg(self, country: str | None) -> str | None:
        if country is None or country in self._countries:
            return country
        return self.country_of(country) or country

    def resolve(self, text: str, country: str | None = None) -> Actor | None:
        """The canonical actor a phrase means: a name, alias or unit, "<demonym> <force noun>", or a generic
        force/civilian noun ("security forces", "residents") taken as `country`'s. None when unknown."""
        country = self._country_arg(country)
        t = _clean(text)
        if not t:
            return None
        target = self._pick(self._targets(t), country)
        if target:
            return self._actors[target[0]]
        return self._resolve_generic(_INNER_POSSESSIVE.sub("", t), country)

    def unit_of(self, text: str, country: str | None = None) -> tuple[Actor, str] | None:
        """(parent actor, unit name) when the phrase names a sub-unit, wing or spokes-body ("Fateh Squad")."""
        target = self._pick(self._targets(_clean(text)), self._country_arg(country))
        if target and target[1] is not None:
            return self._actors[target[0]], target[1]
        return None

    def country_of(self, text: str) -> str | None:
        """The canonical country a name, alias or demonym means ("Pakistani" -> "Pakistan"), or None."""
        t = _clean(text)
        if t in self._country_exact:
            return self._country_exact[t]
        for form in (t, t[:-1] if t.endswith("s") else ""):
            key = _fold(form)
            if key and key in self._country_folded:
                return self._country_folded[key]
        return None

    def iso2(self, country: str) -> str | None:
        c = self._countries.get(country)
        return c.iso2 if c else None

    def country_of_iso2(self, code: str) -> str | None:
        """The canonical country name for an ISO 3166-1 alpha-2 code ("PK" -> "Pakistan")."""
        return self._by_iso2().get(code.upper())

    def _by_iso2(self) -> dict[str, str]:
        if self._iso2_index is None:
            self._iso2_index = {c.iso2: c.name for c in self._countries.values() if c.iso2}
        return self._iso2_index

    def ucdp_name(self, country: str) -> str:
        """The country's name in UCDP's data ("Myanmar" -> "Myanmar (Burma)"); the canonical name otherwise."""
        c = self._countries.get(country)
        return c.ucdp if c is not None and c.ucdp else country

    def _country_names(self) -> frozenset[str]:
        if self._names_index is None:
            self._names_index = frozenset(self.country_lookup())
        return self._names_index

    def demonyms(self) -> frozenset[str]:
        """Lower-cased demonyms of every country ("ethiopian", "afghan")."""
        return frozenset(d.lower() for c in self._countries.values() for d in c.demonyms)

    def country_lookup(self) -> dict[str, str]:
        """Lower-cased country names and aliases (not demonyms) -> canonical name, for place matching."""
        return {_fold(p): c.name for c in self._countries.values() for p in (c.name, *c.aliases)}

    def _parse_generic(self, text: str) -> tuple[str, str | None] | None:
        """(kind, country named) for "<demonym|country> <modifiers> <head>", "<modifiers> <head> of <country>"
        or a bare generic phrase ("security forces": no country named); None when it is not generic."""
        g = self._generic
        words = text.split()
        named: str | None = None
        m = _OF_COUNTRY.match(text)
        if m and self.country_of(m.group("right")):
            named, words = self.country_of(m.group("right")), m.group("left").split()
        else:
            for k in range(min(4, len(words) - 1), 0, -1):
                c = self.country_of(" ".join(words[:k]))
                if c:
                    named, words = c, words[k:]
                    break
        lowered = [w.lower() for w in words]
        if not lowered:
            return None
        head, mods = lowered[-1], lowered[:-1]
        if head in g.speaker_nouns:
            # "security sources", "Pakistani military officials": they speak for those forces
            allowed = g.force_modifiers | g.speaker_modifiers | g.speaker_ranks
            if not any(w in g.speaker_modifiers for w in mods) or any(w not in allowed for w in mods):
                return None
            return g.kind_of(head, mods), named
        if head not in g.heads or any(w not in g.force_modifiers for w in mods):
            return None
        if head in g.qualified_nouns and not mods and named is None:
            return None  # "personnel", "drones" alone denote nobody in particular
        return g.kind_of(head, mods), named

    def _resolve_generic(self, text: str, country: str | None) -> Actor | None:
        parsed = self._parse_generic(text)
        if parsed is None:
            return None
        kind, named = parsed
        return self._generated(kind, named or country)

    # ------------------------------------------------------------------------------------------------------
    # Generated actors, alliances
    # ------------------------------------------------------------------------------------------------------

    def _generated(self, kind: str, country: str | None) -> Actor | None:
        template, inter, bare = self._templates[kind]
        if country is None:
            return self._actors.get(bare) if bare else None
        name = template.format(country=country)
        return self._actors.get(name) or Actor(name=name, inter=inter, country=country)

    def state_forces(self, country: str, kind: str = "military") -> Actor:
        """ "Military Forces of X" (kind "military") or "Police Forces of X" (kind "police"), inter 1."""
        if kind not in STATE_KINDS:
            raise ValueError(f"kind must be one of {STATE_KINDS}, not {kind!r}")
        actor = self._generated(kind, self._country_arg(country))
        assert actor is not None
        return actor

    def civilians(self, country: str | None) -> Actor:
        """ "Civilians (X)", inter 7; plain "Civilians" when the country is unknown."""
        actor = self._generated("civilians", self._country_arg(country))
        assert actor is not None
        return actor

    def _canonical(self, name: str) -> str:
        if name in self._actors:
            return name
        actor = self.resolve(name)
        return actor.name if actor else name

    def members(self, alliance: str) -> set[str]:
        """Every actor that belongs to the alliance, directly or through a member alliance."""
        return set(self._members.get(self._canonical(alliance), ()))

    def same_side(self, a: str, b: str) -> bool:
        """Whether a and b are one actor, or one is an alliance the other is in, or both belong to one."""
        a, b = self._canonical(a), self._canonical(b)
        if a == b:
            return True
        anc_a, anc_b = self._ancestors.get(a, frozenset()), self._ancestors.get(b, frozenset())
        return a in anc_b or b in anc_a or bool(anc_a & anc_b)

    # ------------------------------------------------------------------------------------------------------
    # Matching in parsed documents
    # ------------------------------------------------------------------------------------------------------

    def prepare(self, nlp: Language | Vocab) -> None:
        """Build the spaCy matchers for this pipeline's vocab now (otherwise the first document does it)."""
        vocab = nlp.vocab if isinstance(nlp, Language) else nlp
        if self._matchers is not None and self._matchers.vocab is vocab:
            return
        tokenizer: Tokenizer = (
            nlp.tokenizer if isinstance(nlp, Language) else spacy.blank("en", vocab=vocab).tokenizer
        )
        self._matchers = self._build_matchers(vocab, tokenizer)

    def _matchers_for(self, vocab: Vocab) -> _Matchers:
        if self._matchers is None or self._matchers.vocab is not vocab:
            self.prepare(vocab)
        assert self._matchers is not None
        return self._matchers

    def _build_matchers(self, vocab: Vocab, tokenizer: Tokenizer) -> _Matchers:
        names_exact = PhraseMatcher(vocab, attr="ORTH")
        names_folded = PhraseMatcher(vocab, attr="LOWER")
        for mkey, forms in self._match_phrases.items():
            matcher = names_exact if mkey[0] == "=" else names_folded
            matcher.add(mkey, list(tokenizer.pipe(forms.values())))

        countries_exact = PhraseMatcher(vocab, attr="ORTH")
        countries_folded = PhraseMatcher(vocab, attr="LOWER")
        for phrase in self._country_exact:
            countries_exact.add("=" + phrase, [tokenizer(phrase)])
        for key in self._country_folded:
            countries_folded.add("~" + key, [tokenizer(key)])
        return _Matchers(vocab, names_exact, names_folded, countries_exact, countries_folded)

    def _name_candidates(self, doc: Doc, m: _Matchers, country: str | None) -> list[_Candidate]:
        out: list[_Candidate] = []
        strings = doc.vocab.strings
        for matcher in (m.names_exact, m.names_folded):
            for match_id, start, end in matcher(doc):
                mkey = strings[match_id]
                key, exact = mkey[1:], mkey[0] == "="
                span = doc[start:end]
                if exact:
                    targets = self._exact.get(key, [])
                    # Two-letter acronyms ("IS", "FC", "AA") in a line set in capitals are ordinary words.
                    if len(key) <= 2 and _in_capitals_line(doc, start, end):
                        continue
                else:
                    # A capitalised name never matches an all-lower-case phrase ("levies", "turkey").
                    if key not in self._lower_ok and _all_lower(span.text):
                        continue
                    targets = self._folded.get(key, [])
                target = self._pick(targets, country)
                if target is None:
                    continue
                actor = self._actors[target[0]]
                via = "unit" if target[1] else "name"
                weak = exact or (target[1] is not None and actor.inter == 1)
                out.append(_Candidate(start, end, _PRIO_NAME, actor, target[1], via, weak))
        return out

    def _generic_candidates(self, doc: Doc, country: str | None) -> list[_Candidate]:
        """ "<demonym|country>['s] <modifiers> <head>" (that country's), "<modifiers> <head> of <country>",
        and the longest bare "<modifiers> <head>" (the report's country's); one pass over the tokens."""
        g = self._generic
        heads, mods = g.heads, g.force_modifiers
        lowers = [t.lower_ for t in doc]
        n = len(lowers)
        out: list[_Candidate] = []
        for i, w in enumerate(lowers):
            if w not in heads:
                continue
            j = i
            while j > 0 and lowers[j - 1] in mods:
                j -= 1
            words = lowers[j:i]
            kind = g.kind_of(w, words)
            if kind == "civilians" and not _is_noun_head(doc[i]):
                continue  # "civilian homes": an adjective
            # A country word before: "Pakistani troops", "Pakistan's army", "South Sudanese soldiers".
            k = j - 1 if j > 0 and lowers[j - 1] in _POSSESSIVE_TOKENS else j
            named: tuple[str, int, int] | None = None
            for size in range(min(4, k), 0, -1):
                if doc[k - size].is_space:
                    continue  # a line break is no part of the name ("...\nKenyan police")
                c = self._country_of_span(doc[k - size : k])
                if c:
                    named = (c, k - size, i + 1)
                    break
            # ... or after: "the armed forces of Pakistan".
            if named is None and i + 2 < n and lowers[i + 1] == "of":
                p = i + 3 if lowers[i + 2] == "the" else i + 2
                for size in range(min(4, n - p), 0, -1):
                    c = self._country_of_span(doc[p : p + size])
                    if c:
                        named = (c, j, p + size)
                        break
            if named is not None:
                actor = self._generated(kind, named[0])
                if actor is not None:
                    out.append(_Candidate(named[1], named[2], _PRIO_GENERIC, actor, None, "demonym"))
                continue
            if not self._bare_ok(doc, j, i + 1, w, words):
                continue
            actor = self._generated(kind, country)
            if actor is not None:
                out.append(_Candidate(j, i + 1, _PRIO_GENERIC, actor, None, "generic"))
        return out

    def _bare_ok(self, doc: Doc, start: int, end: int, head: str, mods: list[str]) -> bool:
        """Whether a generic phrase without a demonym ("security forces", "the army") can stand for a state's
        forces or for civilians, judged from the word before it."""
        g = self._generic
        kind = g.kind_of(head, mods)
        if kind in ("civilians", "protesters", "rioters"):
            return True  # nobody's forces; "civilian homes" was ruled out by the caller
        if head in g.qualified_nouns and not mods:
            return False  # "personnel", "officers", "drones" need a modifier: "security personnel"
        if start == 0:
            return True
        prev = doc[start - 1]
        # Someone else's forces: "rebel forces", "its fighters", "the group's forces",
        # "pro-government forces", "Saudi-led forces".
        if prev.lower_ in g.not_state_modifiers or prev.tag_ == "PRP$" or prev.text in _POSSESSIVE_TOKENS:
            return False
        if _attached_hyphen(doc, start - 1) or (prev.is_alpha and _attached_hyphen(doc, start - 2)):
            return False
        # A capitalised word right before ("Kurdish forces", "... Liberation Army") makes the phrase part of a
        # name or another group's forces, unless it is a place ("Quetta police" are the state's police). At a
        # sentence start only a proper name counts ("Other soldiers" are still soldiers).
        if (
            prev.is_alpha
            and prev.text[0].isupper()
            and prev.ent_type_ not in ("GPE", "LOC", "FAC")
            # "Khyber District police", "Imo State police" (with "state" read as a modifier): a place's police
            and not _admin_type_word(prev)
            and not (doc[start].text[:1].isupper() and _admin_type_word(doc[start]))
            and (not prev.is_sent_start or prev.tag_ in ("NNP", "NNPS") or prev.ent_type_ in _NAME_ENTS)
        ):
            return False
        return True

    def _country_of_span(self, span: Span) -> str | None:
        """The country a span of tokens names, with the matching rules of names (acronyms exact, no
        capitalised name matching an all-lower-case span)."""
        text = span.text
        if text in self._country_exact:
            return self._country_exact[text]
        key = _fold(text)
        if key not in self._country_folded:
            return None
        if key not in self._country_lower_ok and _all_lower(text):
            return None
        return self._country_folded[key]

    def _ner_candidates(self, doc: Doc, country: str | None) -> list[_Candidate]:
        """Organisations NER found whose name has a group word ("Front", "Army", "Militia"): unlisted actors.
        A numbered or arm-of-service formation ("303rd Infantry Brigade") is a unit of the country's army."""
        g = self._generic
        out: list[_Candidate] = []
        for ent in doc.ents:
            if ent.label_ != "ORG":
                continue
            start, end = ent.start, ent.end
            # NER spans can run across a line break or into a bracket: keep the name before either.
            for i in range(start, end):
                if doc[i].is_space or "\n" in doc[i].whitespace_ or doc[i].text == "(":
                    end = i + 1 if doc[i].text != "(" and not doc[i].is_space else i
                    break
            while start < end and (doc[start].lower_ in _DETERMINERS or doc[start].is_punct):
                start += 1
            while end > start and (
                doc[end - 1].lower_ in g.member_nouns
                or doc[end - 1].text in _POSSESSIVE_TOKENS
                or doc[end - 1].is_punct
            ):
                end -= 1
            if end <= start:
                continue
            words = [t.text for t in doc[start:end]]
            inters = [g.group_words[w] for w in words if w in g.group_words]
            if not inters or any(w in g.not_group_words for w in words):
                continue
            name = doc[start:end].text
            actor = self.resolve(name, country)
            if actor is not None:
                out.append(_Candidate(start, end, _PRIO_NER, actor, None, "name"))
                continue
            parsed = self._parse_generic(_INNER_POSSESSIVE.sub("", name))
            if parsed is not None and parsed[0] in STATE_KINDS:
                continue  # "National Guard" with no country known: a state's forces, not a new group
            if doc[start].like_num or any(w in g.state_unit_words for w in words):
                if country is not None:
                    forces = self.state_forces(country)
                    out.append(_Candidate(start, end, _PRIO_NER, forces, name, "unit"))
                continue
            actor = Actor(name=name, inter=max(inters), country=country, listed=False)
            out.append(_Candidate(start, end, _PRIO_NER, actor, None, "ner"))
        return out

    def _countries_in(self, doc: Doc, m: _Matchers) -> list[tuple[str, int, int]]:
        """(country, start, end) for every country name, alias or demonym, outside PERSON entities."""
        person = bytearray(len(doc))
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                person[ent.start : ent.end] = b"\x01" * (ent.end - ent.start)
        out = []
        for matcher in (m.countries_exact, m.countries_folded):
            for _match_id, start, end in matcher(doc):
                if any(person[start:end]):
                    continue
                c = self._country_of_span(doc[start:end])
                if c is not None:
                    out.append((c, start, end))
        return out

    def find_mentions(self, doc: Doc, country: str | None = None) -> list[ActorMention]:
        """Every actor mention in the document, in text order, non-overlapping, longest first. Generic force
        nouns without a demonym ("troops", "the army") are `country`'s forces and are skipped without one."""
        country = self._country_arg(country)
        m = self._matchers_for(doc.vocab)
        names = self._name_candidates(doc, m, country)
        if country is not None and any(c.weak and c.actor.country not in (None, country) for c in names):
            # "TDF", "EMC", "SOG" mean other things elsewhere: a foreign actor's acronym or state unit
            # counts only when its country, or its full name, also appears in the report.
            present = {c for c, _, _ in self._countries_in(doc, m)} | {
                c.actor.name for c in names if not c.weak
            }
            names = [
                c
                for c in names
                if not c.weak
                or c.actor.country in (None, country)
                or c.actor.country in present
                or c.actor.name in present
            ]
        named = names + self._generic_candidates(doc, country)
        taken_by_named = bytearray(len(doc))
        for c in named:
            taken_by_named[c.start : c.end] = b"\x01" * (c.end - c.start)
        # An organisation NER found that overlaps a listed name or generic phrase is that actor, not a new
        # one.
        ner = [c for c in self._ner_candidates(doc, country) if not any(taken_by_named[c.start : c.end])]
        chosen = _select(named + ner, len(doc))
        chosen = _merge_acronyms(doc, chosen)
        chosen = self._bare_forces_follow_named(doc, chosen, country)
        return [
            ActorMention(
                actor=c.actor,
                start=doc[c.start].idx,
                end=doc[c.end - 1].idx + len(doc[c.end - 1]),
                text=doc[c.start : c.end].text,
                unit=c.unit,
                via=c.via,
            )
            for c in chosen
        ]

    def _bare_forces_follow_named(
        self, doc: Doc, chosen: list[_Candidate], country: str | None
    ) -> list[_Candidate]:
        """A bare "soldiers"/"the troops" after "Kenyan troops" in a report placed in Somalia refers back to
        the foreign troops named last, not to the report's country: rule of the nearest named antecedent of the
        same kind (military or police), where the antecedent's head is a noun of people ("troops", "forces",
        not "jets" or "drones", whose crews are not the soldiers on the ground)."""
        g = self._generic
        last: dict[str, _Candidate] = {}
        out: list[_Candidate] = []
        for c in chosen:
            kind = _state_kind(c.actor)
            if kind is not None and c.via == "generic" and kind in last:
                ante = last[kind]
                if ante.actor.country not in (None, country):
                    c = _Candidate(c.start, c.end, c.prio, ante.actor, None, "anaphor", c.weak)
            elif (
                kind is not None
                and c.via == "demonym"
                and doc[c.end - 1].lower_ in (g.force_nouns | g.police_nouns)
            ):
                last[kind] = c
            elif kind is not None and c.via in ("name", "unit"):
                last[kind] = c
            out.append(c)
        return out

    def infer_country(self, doc: Doc, place_votes: Mapping[str, float] | None = None) -> str | None:
        """The report's main country, by weighted votes.

        Rule: every mention of a country (name, alias or demonym, not inside a PERSON entity) votes for it.
        One that only qualifies another word with a hyphen ("Russian-backed", "Saudi-led") names a sponsor,
        not the place, and votes SPONSOR_WEIGHT; one that heads a state-force phrase ("Russian jets") may name
        foreign forces and votes FORCES_WEIGHT. Every mention of a listed actor votes for the actor's home
        country (an acronym or a state unit's name, which other conflicts may share, WEAK_NAME_WEIGHT). A vote
        in the lead (the first two sentences, where title and dateline sit) counts LEAD_WEIGHT times.
        `place_votes` (country -> weight, e.g. from the gazetteer's reading of the report's places) are added
        as given. Most votes wins; a tie goes to the country mentioned first. None when nothing votes.
        """
        m = self._matchers_for(doc.vocab)
        lead_stop = lead_end(doc)
        votes: dict[str, float] = {}
        first: dict[str, int] = {}

        def vote(c: str | None, start: int, weight: float = 1.0) -> None:
            if c is None:
                return
            votes[c] = votes.get(c, 0.0) + weight * (LEAD_WEIGHT if start < lead_stop else 1.0)
            first.setdefault(c, start)

        forces_at = {
            c.start for c in self._generic_candidates(doc, None) if c.via == "demonym" and c.actor.inter == 1
        }
        names = self._country_names()
        for c, start, end in self._countries_in(doc, m):
            if _attached_hyphen(doc, end):
                vote(c, start, SPONSOR_WEIGHT)
                continue
            weight = 1.0 if _fold(doc[start:end].text) in names else DEMONYM_WEIGHT
            vote(c, start, weight * (FORCES_WEIGHT if start in forces_at else 1.0))
        for cand in self._name_candidates(doc, m, None):
            if cand.actor.inter != 7:
                vote(cand.actor.country, cand.start, WEAK_NAME_WEIGHT if cand.weak else 1.0)
        for c, weight in (place_votes or {}).items():
            votes[c] = votes.get(c, 0.0) + weight
            first.setdefault(c, len(doc))
        if not votes:
            return None
        return max(votes, key=lambda c: (votes[c], -first[c]))


# ----------------------------------------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------------------------------------


def _admin_type_word(tok: Token) -> bool:
    """A capitalised admin area's type word after its name ("Imo State", "Khyber District")."""
    level = place_lexicon().type_words.get(tok.lower_)
    return tok.i > 0 and tok.nbor(-1).text[:1].isupper() and level in ("admin1", "admin2")


@lru_cache(maxsize=1)
def _default_registry() -> ActorRegistry:
    return ActorRegistry.load()


def _as_list(value: Any, path: Path, key: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise DataFileError(f"{path}: `{key}:` must be a list of entries")
    return value


def _str_list(value: Any, where: str, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(f"{where}: `{key}` must be a list of non-empty strings")
    return [v.strip() for v in value]


def _parse_country(entry: Any, where: str, known: dict[str, Country]) -> Country:
    if not isinstance(entry, dict):
        raise DataFileError(f"{where}: expected a mapping with name, iso2, demonyms, aliases")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise DataFileError(f"{where}: `name` is missing or not a string")
    where = f"{where} ({name!r})"
    unknown = set(entry) - _COUNTRY_KEYS
    if unknown:
        raise DataFileError(f"{where}: unknown key(s) {sorted(unknown)}")
    old = known.get(name.strip())
    iso2 = entry.get("iso2", old.iso2 if old else None)
    if iso2 is not None and not (isinstance(iso2, str) and len(iso2) == 2):
        raise DataFileError(f"{where}: `iso2` must be a two-letter code")
    demonyms = _str_list(entry["demonyms"], where, "demonyms") if "demonyms" in entry else None
    aliases = _str_list(entry["aliases"], where, "aliases") if "aliases" in entry else None
    ucdp = entry.get("ucdp", old.ucdp if old else None)
    if ucdp is not None and not isinstance(ucdp, str):
        raise DataFileError(f"{where}: `ucdp` must be a string")
    kept_aliases = tuple(aliases if aliases is not None else (old.aliases if old else ()))
    taken = {n.lower() for c in known.values() if c.name != name.strip() for n in (c.name, *c.aliases)}
    if ucdp and ucdp not in kept_aliases and ucdp.lower() not in taken:
        kept_aliases += (ucdp,)  # UCDP's form names the country too, unless it names another ("Congo")
    return Country(
        name=name.strip(),
        iso2=iso2,
        demonyms=tuple(demonyms if demonyms is not None else (old.demonyms if old else ())),
        aliases=kept_aliases,
        ucdp=ucdp,
    )


def _parse_templates(gen: Any, path: Path) -> dict[str, tuple[str, int, str | None]]:
    if not isinstance(gen, dict):
        raise DataFileError(f"{path}: `generated:` must be a mapping of kind -> {{name, inter, bare}}")
    out: dict[str, tuple[str, int, str | None]] = {}
    for kind, spec in gen.items():
        where = f"{path}: generated entry {kind!r}"
        if kind not in GENERATED_KINDS:
            raise DataFileError(f"{where}: unknown kind; expected one of {GENERATED_KINDS}")
        if (
            not isinstance(spec, dict)
            or not isinstance(spec.get("name"), str)
            or "{country}" not in spec["name"]
        ):
            raise DataFileError(f"{where}: needs a `name` template containing {{country}}")
        inter: Any = spec.get("inter")
        if not _valid_inter(inter):
            raise DataFileError(f"{where}: `inter` must be an integer 1..8")
        bare = spec.get("bare")
        if bare is not None and not isinstance(bare, str):
            raise DataFileError(f"{where}: `bare` must be a string")
        out[kind] = (spec["name"], int(inter), bare)
    return out


def _merge_generic(into: dict[str, Any], key: str, value: Any, path: Path) -> None:
    where = f"{path}: generic entry {key!r}"
    if key == "group_words":
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and _valid_inter(v) for k, v in value.items()
        ):
            raise DataFileError(f"{where}: must map capitalised words to interaction codes 1..8")
        into.setdefault(key, {}).update(value)
    elif key in _GENERIC_LISTS:
        into.setdefault(key, []).extend(_str_list(value, where, key))
    else:
        raise DataFileError(f"{where}: unknown key; expected group_words or one of {list(_GENERIC_LISTS)}")


def _make_generic(raw: dict[str, Any], path: Path) -> _Generic:
    missing = [k for k in (*_GENERIC_LISTS, "group_words") if k not in raw]
    if missing:
        raise DataFileError(f"{path}: `generic:` lacks {missing}")

    def low(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in raw[key])

    return _Generic(
        force_nouns=low("force_nouns"),
        police_nouns=low("police_nouns"),
        qualified_nouns=low("qualified_nouns"),
        force_modifiers=low("force_modifiers"),
        police_words=low("police_words"),
        civilian_nouns=low("civilian_nouns"),
        protester_nouns=low("protester_nouns"),
        rioter_nouns=low("rioter_nouns"),
        not_state_modifiers=low("not_state_modifiers"),
        group_words=dict(raw["group_words"]),
        not_group_words=frozenset(raw["not_group_words"]),  # capitalised words, matched as written
        state_unit_words=frozenset(raw["state_unit_words"]),
        member_nouns=low("member_nouns"),
        speaker_nouns=low("speaker_nouns"),
        speaker_modifiers=low("speaker_modifiers"),
        speaker_ranks=low("speaker_ranks"),
    )


def _valid_inter(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 8


def _apply_actor(entry: Any, where: str, specs: dict[str, _Spec], country_key: dict[str, str]) -> None:
    """Add an actor entry to specs, or update the fields it gives of an actor already known."""
    if not isinstance(entry, dict):
        raise DataFileError(f"{where}: expected a mapping with at least `name` and `inter`")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise DataFileError(f"{where}: `name` is missing or not a string")
    name = _SPACES.sub(" ", name).strip()
    where = f"{where} ({name!r})"
    unknown = set(entry) - _ACTOR_KEYS
    if unknown:
        raise DataFileError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_ACTOR_KEYS)}")
    spec = specs.get(name)
    if "inter" in entry:
        if not _valid_inter(entry["inter"]):
            raise DataFileError(f"{where}: `inter` must be an ACLED interaction code 1..8")
    elif spec is None:
        raise DataFileError(f"{where}: `inter` is required for a new actor")
    country = None
    if entry.get("country") is not None:
        raw_country = entry["country"]
        if not isinstance(raw_country, str) or _fold(raw_country) not in country_key:
            raise DataFileError(f"{where}: unknown country {raw_country!r} (add it to a `countries:` list)")
        country = country_key[_fold(raw_country)]
    units: list[tuple[str, list[str]]] | None = None
    if "units" in entry:
        units = []
        raw_units = entry["units"] if entry["units"] is not None else []
        if not isinstance(raw_units, list):
            raise DataFileError(f"{where}: `units` must be a list")
        for u in raw_units:
            if isinstance(u, str) and u.strip():
                units.append((u.strip(), []))
            elif isinstance(u, dict) and isinstance(u.get("name"), str) and not set(u) - _UNIT_KEYS:
                units.append((u["name"].strip(), _str_list(u.get("aliases"), where, "units.aliases")))
            else:
                raise DataFileError(
                    f"{where}: each unit must be a name or a mapping {{name, aliases}}; got {u!r}"
                )
    if spec is None:
        spec = _Spec(name, int(entry["inter"]), country, where)
        specs[name] = spec
    else:
        spec.source, spec.generated = where, False
        if "inter" in entry:
            spec.inter = int(entry["inter"])
        if "country" in entry:
            spec.country = country
    if "aliases" in entry:
        spec.aliases = _str_list(entry["aliases"], where, "aliases")
    if units is not None:
        spec.units = units
    if "member_of" in entry:
        spec.member_of = _str_list(entry["member_of"], where, "member_of")


def _is_noun_head(token: Token) -> bool:
    """A noun used as a noun, not as a modifier of another noun ("civilians", not "civilian homes")."""
    return token.tag_.startswith("NN") and token.dep_ not in ("amod", "compound")


def _attached_hyphen(doc: Doc, i: int) -> bool:
    """Token i is a hyphen joining two words ("pro-government", "Saudi-led"), not a spaced dash."""
    return 0 < i < len(doc) and doc[i].text == "-" and not doc[i].whitespace_ and not doc[i - 1].whitespace_


def _in_capitals_line(doc: Doc, start: int, end: int) -> bool:
    neighbours = [doc[i] for i in (start - 1, end) if 0 <= i < len(doc)]
    words = [t for t in neighbours if t.is_alpha and len(t) > 1]
    return bool(words) and all(t.is_upper for t in words)


def _select(cands: list[_Candidate], n_tokens: int) -> list[_Candidate]:
    """Non-overlapping candidates, longest first, then by priority, then leftmost; returned in text order."""
    taken = bytearray(n_tokens)
    out: list[_Candidate] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.prio, c.start)):
        if any(taken[c.start : c.end]):
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        out.append(c)
    out.sort(key=lambda c: c.start)
    return out


def _merge_acronyms(doc: Doc, chosen: list[_Candidate]) -> list[_Candidate]:
    """ "Baloch Liberation Army (BLA)": a name followed by its bracketed acronym is one mention."""
    out: list[_Candidate] = []
    i = 0
    while i < len(chosen):
        c = chosen[i]
        if i + 1 < len(chosen):
            nxt = chosen[i + 1]
            if (
                nxt.start == c.end + 1
                and nxt.end < len(doc)
                and doc[c.end].text == "("
                and doc[nxt.end].text == ")"
                and nxt.actor.name == c.actor.name
                and nxt.unit == c.unit
            ):
                out.append(_Candidate(c.start, nxt.end + 1, c.prio, c.actor, c.unit, c.via))
                i += 2
                continue
        out.append(c)
        i += 1
    return out


def lead_end(doc: Doc) -> int:
    """Token index where the report's lead (its first LEAD_SENTENCES sentences) ends."""
    if doc.has_annotation("SENT_START"):
        for i, sent in enumerate(doc.sents):
            if i + 1 >= LEAD_SENTENCES:
                return sent.end
        return len(doc)
    return min(len(doc), 60)
