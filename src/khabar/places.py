"""Place mentions as the text writes them: toponyms, their type word and the hierarchy the report gives.

The gazetteer (khabar.geo) turns a chosen mention into coordinates and admin areas; this module only reads text.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from spacy.attrs import IS_ALPHA, IS_TITLE, IS_UPPER, LENGTH, SENT_START
from spacy.tokens import Doc, Span

from .config import load_data, word_classes
from .records import Location


def specific_name(name: str) -> str:
    """The name without an Arabic generic first word ("Sahl al-Ghab" -> "al-Ghab"), to compare it with the
    name an English type word follows ("the Ghab plain"); the name itself when it has none or is only one."""
    first, _, rest = name.partition(" ")
    return rest if rest and first.lower() in lexicon().generic_name_words else name


@dataclass(slots=True)
class PlaceMention:
    """One toponym in the text: its words, the type word after it ("district"), and its relation to others."""

    name: str
    start: int  # token indices in the doc, end exclusive (the name only, without the type word)
    end: int
    start_char: int
    end_char: int
    kind: str | None = None  # type word: area, district, town, province ...
    level: str = "place"  # place | admin2 | admin1 | country
    parent: str | None = None  # the enclosing place the text names ("X area of Y", "Y's X", "X in Y")
    parent_kind: str | None = None  # the type word the text gives that place there ("X in Y city")
    near: bool = False  # "near X", "outskirts of X": the event is near the place, not in it
    kind_before: bool = False  # the type word goes before the name ("the village of Mao")

    @property
    def type_end(self) -> int:
        """The token after the name and its type word or phrase ("Orlu local government area")."""
        return self.end + (len(self.kind.split()) if self.kind is not None and not self.kind_before else 0)


@dataclass(slots=True)
class PlaceLexicon:
    type_words: dict[str, str]  # type word or phrase -> level
    type_phrases: tuple[str, ...]  # the type words of several words, longest first
    settlement_words: frozenset[str]  # type words of a populated place ("village", "town")
    directions: frozenset[str]  # compass words ("east", "eastern", "north-west")
    type_prefixes: frozenset[str]  # type words before a village's name ("Barangay X")
    locative_preps: frozenset[str]
    near_words: frozenset[str]
    nesting_preps: frozenset[str]
    not_places: frozenset[str]
    of_place_heads: frozenset[str]
    particles: frozenset[str]
    # particles that are English words too: inside a name only with a hyphen
    hyphened_particles: frozenset[str]
    abbreviations: dict[str, str]  # "J&K" -> "Jammu and Kashmir"
    generic_name_words: frozenset[str]  # "Sahl", "Jabal": an Arabic name's first word that says its kind
    joined_names: frozenset[str]  # lower-cased names with "and" inside ("jammu and kashmir")


@lru_cache(maxsize=1)
def lexicon() -> PlaceLexicon:
    raw = load_data("places.yaml")
    type_words = word_classes(raw["type_words"])
    return PlaceLexicon(
        type_words=type_words,
        settlement_words=frozenset(raw["settlement_words"]),
        directions=frozenset(raw["directions"]),
        type_phrases=tuple(sorted((w for w in type_words if " " in w), key=lambda w: -len(w.split()))),
        type_prefixes=frozenset(raw["type_prefixes"]),
        locative_preps=frozenset(raw["locative_prepositions"]),
        near_words=frozenset(raw["near_words"]),
        nesting_preps=frozenset(raw["nesting_prepositions"]),
        not_places=frozenset(w.lower() for w in raw["not_places"]),
        of_place_heads=frozenset(raw["of_place_heads"]),
        particles=frozenset(str(w).lower() for w in raw["name_particles"]),
        hyphened_particles=frozenset(str(w).lower() for w in raw["hyphened_particles"]),
        abbreviations={str(k): str(v) for k, v in (raw.get("area_abbreviations") or {}).items()},
        generic_name_words=frozenset(str(w).lower() for w in raw["generic_name_words"]),
        joined_names=frozenset(str(w).lower() for w in raw.get("joined_names") or []),
    )


_PROPER = {"NNP", "NNPS"}
# The tokens that join the parts of a hyphenated name ("Deir ez-Zor", "Qala-e-Naw").
HYPHENS = frozenset({"-", "–"})
# Settlement words no people's name goes before (unlike "the Hazara community", "a Rohingya camp").
# Place words a people's name does not take: before one, a name NER called a people's (NORP) is a place ("near
# Syada town", "in the Raqqa countryside", "Idlib governorate").
_TOWN_WORDS = frozenset(
    {
        "town",
        "village",
        "city",
        "township",
        "hamlet",
        "countryside",
        "governorate",
        "province",
        "district",
        "outskirts",
    }
)
_ENT_PLACE = {"GPE", "LOC", "FAC"}
# The share of capitalised words (of four letters or more) that makes a sentence headline-case.
HEADLINE_SHARE = 0.7
_ENT_NOT_PLACE = {"DATE", "TIME", "NORP", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


def find_places(
    doc: Doc | Span,
    excluded: set[int] | frozenset[int] = frozenset(),
    countries: dict[str, str] | None = None,
    demonyms: frozenset[str] = frozenset(),
) -> list[PlaceMention]:
    """Every place mention in doc (or a span of it), in order, with type words and text hierarchy.

    excluded: token indices that belong to actor mentions (an actor's name is not a place).
    countries: lower-cased country names/aliases -> canonical name, to mark country-level mentions.
    demonyms: lower-cased demonyms; a name they open that ends in a type word is a body's ("the Ethiopian
    Refugee Agency").
    """
    lex = lexicon()
    countries = countries or {}
    tokens = doc if isinstance(doc, Doc) else doc
    base = tokens[0].i if len(tokens) else 0
    doc_ = tokens.doc if isinstance(tokens, Span) else tokens
    ent_label = {}
    for ent in tokens.ents if isinstance(tokens, Span) else doc_.ents:
        for t in ent:
            ent_label[t.i] = ent.label_
    n_end = base + len(tokens)
    headline = _headline_tokens(tokens)

    def scan(known: frozenset[str]) -> list[PlaceMention]:
        return _scan(doc_, base, n_end, excluded, ent_label, lex, countries, demonyms, headline, known)

    mentions = scan(frozenset())
    # a name the text types as a place somewhere ("the Tigray Region") is a place where it stands bare too, even
    # where NER calls it a person's ("in Kola Temben, Tigray")
    typed = frozenset(m.name for m in mentions if m.kind is not None or m.level != "place")
    if typed:
        again = scan(typed)
        if len(again) > len(mentions):
            mentions = again
    # "Kech and Quetta districts": the type word of the last name covers the coordinated names before it
    for a, b in zip(mentions, mentions[1:], strict=False):
        between = {t.lower_ for t in doc_[a.end : b.start]}
        if (
            a.kind is None
            and b.kind is not None
            and between
            and between <= {"and", ","}
            and b.kind.endswith("s")
        ):
            a.kind, a.level = b.kind, b.level
    mentions = _roads_between(doc_, mentions, base)
    _link_hierarchy(doc_, mentions, n_end, lex)
    _link_back_references(doc_, mentions, n_end, lex)
    return mentions


# "the road linking Kharba and Maaraba", "the highway between A and B", "the road from A to B": a road named by
# the two places it joins, as "the A-B road" names it.
ROAD_WORDS = frozenset({"road", "highway", "route", "motorway"})
_JOINING_WORDS = frozenset({"linking", "between", "connecting", "joining", "from"})


def _roads_between(doc, mentions: list[PlaceMention], base: int) -> list[PlaceMention]:
    out: list[PlaceMention] = []
    i = 0
    while i < len(mentions):
        a = mentions[i]
        b = mentions[i + 1] if i + 1 < len(mentions) else None
        k = a.start - 1
        while k > base and doc[k].lower_ == "the":
            k -= 1
        if (
            b is not None
            and a.kind is None
            and b.kind is None
            and a.level == b.level == "place"
            and k - 1 >= base
            and doc[k].lower_ in _JOINING_WORDS
            and doc[k - 1].lower_ in ROAD_WORDS
            and b.start == a.end + 1
            and doc[a.end].lower_ in ({"to"} if doc[k].lower_ == "from" else {"and"})
        ):
            out.append(
                PlaceMention(
                    name=f"{a.name}-{b.name}",
                    start=a.start,
                    end=b.end,
                    start_char=a.start_char,
                    end_char=b.end_char,
                    kind="road",
                    near=a.near,
                )
            )
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _scan(
    doc_: Doc,
    base: int,
    n_end: int,
    excluded,
    ent_label: dict[int, str],
    lex: PlaceLexicon,
    countries: dict[str, str],
    demonyms: frozenset[str],
    headline: set[int],
    known: frozenset[str],
) -> list[PlaceMention]:
    """One pass over the tokens: every name with a place cue (known: names the text types as places elsewhere,
    a cue by themselves)."""
    mentions: list[PlaceMention] = []
    i = base
    while i < n_end:
        tok = doc_[i]
        if not _is_name_token(tok, excluded, ent_label, lex) and not _hyphened_article(
            doc_, i, n_end, excluded, ent_label, lex
        ):
            i += 1
            continue
        j = i + 1
        while j < n_end and (
            _is_name_token(doc_[j], excluded, ent_label, lex)
            or (
                doc_[j].text in HYPHENS
                and j + 1 < n_end
                and (
                    _is_name_token(doc_[j + 1], excluded, ent_label, lex)
                    # "Qala-e-Naw", "Qala-i-Naw": a particle between two hyphens
                    or _particle_inside(doc_, j + 1, n_end, excluded, ent_label, lex)
                )
            )
            or _particle_inside(doc_, j, n_end, excluded, ent_label, lex)
        ):
            j += 1
        j = _joined_name_end(doc_, i, j, n_end, excluded, ent_label, lex)
        # Strip a sentence-initial capitalised non-name ("Earlier") is handled by tags; strip leading "The".
        m = _make_mention(doc_, i, j, base, n_end, ent_label, lex, countries, known)
        if m is not None and m.kind is not None and m.end - m.start > 1 and doc_[m.start].lower_ in demonyms:
            m = None  # "the Ethiopian Refugee Agency": a body's name (but "Iraqi Kurdistan" is a place)
        if m is not None and i in headline and not _sure_in_headline(m, doc_, ent_label, lex):
            m = None
        if m is not None:
            mentions.append(m)
        i = j
    return mentions


def _joined_name_end(doc, i: int, j: int, n_end: int, excluded, ent_label, lex: PlaceLexicon) -> int:
    """The end of a name with "and" inside that the lexicon knows ("Jammu and Kashmir"), else j."""
    if j + 1 >= n_end or doc[j].lower_ not in {"and", "&"}:
        return j
    k = j + 1
    while k < n_end and _is_name_token(doc[k], excluded, ent_label, lex):
        k += 1
    return k if k > j + 1 and doc[i:k].text.lower() in lex.joined_names else j


def _headline_tokens(tokens: Doc | Span) -> set[int]:
    """Token indices of sentences written in headline case ("Junta Troops Killed in Landmine Blast"), where
    capitals no longer mark names: HEADLINE_SHARE or more of the longer words start with a capital."""
    doc = tokens if isinstance(tokens, Doc) else tokens.doc
    lo, hi = (0, len(doc)) if isinstance(tokens, Doc) else (tokens.start, tokens.end)
    if hi <= lo:
        return set()
    arr = doc.to_array([IS_ALPHA, LENGTH, IS_TITLE, IS_UPPER, SENT_START])[lo:hi]
    word = (arr[:, 0] == 1) & (arr[:, 1] > 3)
    capital = word & ((arr[:, 2] == 1) | (arr[:, 3] == 1))
    starts = np.flatnonzero(arr[:, 4] == 1)
    if len(starts) == 0 or starts[0] != 0:
        starts = np.concatenate(([0], starts))
    n_words = np.add.reduceat(word.astype(np.int32), starts)
    n_caps = np.add.reduceat(capital.astype(np.int32), starts)
    ends = np.append(starts[1:], hi - lo)
    out: set[int] = set()
    for k in np.flatnonzero((n_words >= 4) & (n_caps >= HEADLINE_SHARE * n_words)):
        out.update(range(lo + int(starts[k]), lo + int(ends[k])))
    return out


def _sure_in_headline(m: PlaceMention, doc: Doc, ent_label: dict[int, str], lex: PlaceLexicon) -> bool:
    """In a headline-case sentence a capitalised name after "in" proves nothing; a type word ("Shan State"),
    a country name or NER's reading of every word as a place does, unless NER's place runs on over a word that
    is no place ("Landmine Blast": a thing that happened, capitalised)."""
    if m.kind is not None or m.level == "country":
        return True
    if not all(ent_label.get(k) in _ENT_PLACE for k in range(m.start, m.end)):
        return False
    k = m.end
    while k < len(doc) and ent_label.get(k) in _ENT_PLACE and doc[k].ent_iob_ == "I":
        if doc[k].lower_ in lex.not_places:
            return False
        k += 1
    return True


def _particle_inside(doc, j: int, n_end: int, excluded, ent_label, lex: PlaceLexicon) -> bool:
    """A lower-case particle inside a name ("Deir ez-Zor", "Jisr ash-Shughur", "Ciudad del Carmen"): the
    particle, an optional hyphen, then another name word."""
    if doc[j].lower_ not in lex.particles or doc[j].text[:1].isupper():
        return False
    k = j + 1
    if k < n_end and doc[k].text in HYPHENS:
        k += 1
    elif doc[j].lower_ in lex.hyphened_particles:
        return False  # "Mandera Town at Kamor": the English word, not a particle
    return k < n_end and _is_name_token(doc[k], excluded, ent_label, lex)


def _hyphened_article(doc, i: int, n_end: int, excluded, ent_label, lex: PlaceLexicon) -> bool:
    """A name that opens with a lower-case article joined by a hyphen ("near al-Burayj", "in ash-Shaddadi")."""
    return (
        i + 2 < n_end
        and doc[i].lower_ in lex.particles
        and doc[i].text.islower()
        and doc[i + 1].text in HYPHENS
        and not doc[i + 1].whitespace_
        and not doc[i].whitespace_
        and _is_name_token(doc[i + 2], excluded, ent_label, lex)
    )


def _is_name_token(tok, excluded, ent_label, lex: PlaceLexicon) -> bool:
    if tok.i in excluded:
        return False
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if tok.tag_ not in _PROPER and not _after_article(tok, lex) and not _before_type_word(tok, nxt, lex):
        return False
    label = ent_label.get(tok.i)
    if label == "NORP" and nxt is not None and nxt.lower_ in _TOWN_WORDS:
        label = None  # "near Syada town": NER took the name for a people's, but peoples have no towns
    if label in _ENT_NOT_PLACE and not (label in ("DATE", "TIME") and tok.lower_ not in lex.not_places):
        # NER stretches a date over the name before it ("in Turbat on Monday" as one DATE): a proper noun
        # that is no month or weekday name keeps its chance to be a place
        return False
    if tok.lower_ in lex.not_places or not tok.text[:1].isupper():
        return False
    return True


def _type_phrase_at(doc, k: int, n_end: int, lex: PlaceLexicon) -> str | None:
    """The type phrase of several words that starts at token k ("local government area"), longest first."""
    for phrase in lex.type_phrases:
        words = phrase.split()
        if [t.lower_ for t in doc[k : min(k + len(words), n_end)]] == words:
            return phrase
    return None


def _before_type_word(tok, nxt, lex: PlaceLexicon) -> bool:
    """A capitalised word inside a sentence right before a place's type word ("Magway and Sagaing regions") is a
    name's word, whatever the tagger called it (it tags names ending in -ing as verbs)."""
    return (
        nxt is not None
        and nxt.lower_ in lex.type_words
        and tok.text[:1].isupper()
        and not tok.is_sent_start
        and tok.is_alpha
    )


def _after_article(tok, lex: PlaceLexicon) -> bool:
    """A capitalised word joined to an article before it ("Al-Naqous", "al-Zeyyara") is a name's word, whatever
    the tagger called it (it tags rare names as adjectives)."""
    doc = tok.doc
    return (
        tok.i >= 2
        and tok.text[:1].isupper()
        and doc[tok.i - 1].text in HYPHENS
        and not doc[tok.i - 1].whitespace_
        and not doc[tok.i - 2].whitespace_
        and doc[tok.i - 2].lower_ in lex.particles
    )


def _make_mention(
    doc, i, j, base, n_end, ent_label, lex: PlaceLexicon, countries, known: frozenset[str] = frozenset()
) -> PlaceMention | None:
    name = doc[i:j].text
    if (
        j - i == 1
        and ent_label.get(i) not in _ENT_PLACE
        and (name.lower() in lex.particles or (name.isupper() and len(name) <= 3))
    ):
        return None  # a lone particle ("Al") or a short acronym ("DO", "RFA") is no place unless NER says so
    # A type phrase in capitals inside the name ("Uzo-Uwani Local Government Area") ends the name there.
    for x in range(i + 1, j):
        if _type_phrase_at(doc, x, n_end, lex) is not None:
            j = x
            name = doc[i:j].text
            break
    # A type word right after the name: "Khuzdar district", "Zehri area", "Surab city".
    kind = None
    if j < n_end and doc[j].lower_ in lex.type_words:
        kind = doc[j].lower_
    # ... or a type phrase: "Orlu local government area", "Ladakh union territory"
    kind = _type_phrase_at(doc, j, n_end, lex) or kind
    # "Kech and Quetta districts": a plural type word after a coordinated name covers this name too.
    if kind is None and j < n_end and doc[j].lower_ in {"and", ","}:
        k = j + 1
        while k < n_end and doc[k].tag_ in _PROPER:
            k += 1
        if k > j + 1 and k < n_end and doc[k].lower_ in lex.type_words and doc[k].lower_.endswith("s"):
            kind = doc[k].lower_
    # A type word inside the name ("Kech District") counts too.
    if kind is None and j - i > 1 and doc[j - 1].lower_ in lex.type_words:
        kind = doc[j - 1].lower_
        name = doc[i : j - 1].text
        j -= 1
    # A type word before the name: "Barangay Cabacungan" is the village (a place) Cabacungan.
    first = i
    prefixed = kind is None and j - i > 1 and doc[i].lower_.rstrip(".") in lex.type_prefixes
    if prefixed:
        kind = doc[i].lower_.rstrip(".")
        i += 1
        name = doc[i:j].text
    prev = _prev_word(doc, first, base)
    prev_lower = prev.lower_ if prev is not None else ""
    after = j + (len(kind.split()) if kind is not None and not prefixed else 0)
    # "of X" is locative only after a place word: "the area of X", "the outskirts of X".
    of_locative = (
        prev_lower == "of"
        and prev.i - 1 >= base
        and (
            doc[prev.i - 1].lower_ in lex.type_words
            or doc[prev.i - 1].lower_ in lex.near_words
            or doc[prev.i - 1].lower_ in lex.of_place_heads
        )
    )
    # "the village of Mao": the settlement word before the name is its type word
    # ... and so is "the countryside of X": the rural area around X
    kind_before = prefixed or (
        kind is None
        and of_locative
        and (doc[prev.i - 1].lower_ in lex.settlement_words or doc[prev.i - 1].lower_ in RURAL_KINDS)
    )
    if kind_before and not prefixed:
        kind = doc[prev.i - 1].lower_
    # "Zehri area, Khuzdar": after a named place's type word (not "in the area, <a person's name>")
    after_place_comma = (
        prev is not None
        and prev.text == ","
        and prev.i - 2 >= base
        and doc[prev.i - 1].lower_ in lex.type_words
        and doc[prev.i - 2].tag_ in _PROPER
    )
    # "at John Doe, nicknamed X, who ...", "John Doe alias X": a name given a nickname or a "who" is a person's
    nxt = doc[after] if after < n_end else None
    if nxt is not None and nxt.text == "," and after + 1 < n_end:
        nxt = doc[after + 1]
    if kind is None and nxt is not None and nxt.lower_ in _PERSON_FOLLOWERS:
        return None
    # "driving in a Jeep Gladiator": a name after the indefinite article is a thing, not a place
    if kind is None and first - 1 >= base and doc[first - 1].lower_ in {"a", "an"}:
        return None
    # "the Eswatini capital Mbabane", "the provincial capital Lashkar Gah": the name after "capital" is a town
    strong_cue = (
        kind is not None
        or (prev_lower in lex.locative_preps and prev_lower != "of")
        or of_locative
        or prev_lower == "capital"
        or name in known
    )
    # spaCy's small model often calls a rare toponym a PERSON: accept it only with a strong place cue.
    if any(ent_label.get(k) == "PERSON" for k in range(i, j)) and not strong_cue:
        return None
    cue = (
        strong_cue
        or after_place_comma
        or any(ent_label.get(k) in _ENT_PLACE for k in range(i, j))
        or (prev_lower in lex.locative_preps and prev_lower != "of")
        or of_locative
        or (after < n_end and doc[after].tag_ == "POS")
        or name.lower() in countries
    )
    # A name that modifies a following common noun is an adjective of people or things, not a place
    # ("Baloch residents", "Kashmiri militants"), unless that noun is a place type word.
    if (
        kind is None
        and j < n_end
        and doc[j].tag_ in {"NN", "NNS", "JJ"}
        and doc[j].lower_ not in lex.directions  # "X eastern of Daraa": where X lies, tagged as a noun
        and doc[j - 1].dep_ in {"compound", "amod", "nmod"}
        and doc[j - 1].head.i >= j
    ):
        return None
    # A name right after a title word is part of a title or a name ("Operation X", "Commissioner X").
    if i - 1 >= base and doc[i - 1].text[:1].isupper() and doc[i - 1].lower_ in lex.not_places:
        return None
    if not cue:
        return None
    level = "place"
    if name.lower() in countries:
        level = "country"
        name = countries[name.lower()]
    elif kind is not None:
        level = lex.type_words.get(kind, "place")  # a prefix ("Barangay") names a village
    elif first - 1 >= base and doc[first - 1].text.islower() and doc[first - 1].lower_.endswith(_COMPASS_ADJ):
        # "in northern Idlib", "southern Kandahar": a region of a province, not a quarter of its capital (the
        # gazetteer reads it as the town where no province has the name: "western Mosul")
        level = "admin1"
    near = prev_lower in lex.near_words or (
        prev is not None
        and prev.lower_ == "of"
        and prev.i - 1 >= base
        and doc[prev.i - 1].lower_ in lex.near_words
    )
    return PlaceMention(
        name=name,
        start=i,
        end=j,
        start_char=doc[i].idx,
        end_char=doc[j - 1].idx + len(doc[j - 1].text),
        kind=kind,
        level=level,
        near=near,
        kind_before=kind_before,
    )


# Compass adjectives ("northern", "south-eastern"), as opposed to compass nouns ("north of").
_COMPASS_ADJ = "ern"


def _prev_word(doc, i, base):
    """The word before a name, skipping a determiner ("in the Zehri area") and lower-case compass words, which
    say where in the place ("in south-east Kasanfara", "in eastern Homs")."""
    lex = lexicon()
    k = i - 1
    while k >= base and (
        doc[k].lower_ in {"the", "a", "an"}
        or (doc[k].text.islower() and doc[k].lower_ in lex.directions)
        or (doc[k].text in HYPHENS and k - 1 >= base and doc[k - 1].lower_ in lex.directions)
    ):
        k -= 1
    return doc[k] if k >= base else None


def _link_hierarchy(doc, mentions: list[PlaceMention], n_end: int, lex: PlaceLexicon) -> None:
    """Set each mention's parent from the text's own hierarchy.

    Patterns: "Y's X" (possessive), "X [type] in/of/on Y", "X [type], Y [type]" where Y is a wider area, and an
    apposition "X, a town of Y". The parent is the next mention reached through those words only.
    """
    by_start = {m.start: m for m in mentions}
    # the level a name has anywhere in the text ("the Tigray Region ... in Kola Temben, Tigray")
    told_level = {m.name: m.level for m in mentions if m.level != "place"}
    for idx, m in enumerate(mentions):
        after = m.type_end
        if _areas_of(doc, m, mentions[idx + 1 :], after, n_end, lex, told_level):
            continue
        # Possessive: "Balochistan's Khuzdar district" -> Balochistan is Khuzdar's parent.
        if after < n_end and doc[after].tag_ == "POS" and idx + 1 < len(mentions):
            nxt = mentions[idx + 1]
            if nxt.start in (after + 1, after + 2) and nxt.parent is None:
                nxt.parent, nxt.parent_kind = m.name, m.kind
                if m.level == "place" and nxt.level == "admin2":
                    m.level = "admin1"
            continue
        k = m.type_end
        steps = 0
        while k < n_end and steps < 8:
            t = doc[k]
            if t.is_sent_start and k > m.end:
                break
            if k in by_start:
                other = by_start[k]
                # the word before the name, past a determiner and, before a province or district, adjectives
                # ("the capital of southern Helmand province")
                b = k - 1
                while b > m.end and (
                    doc[b].lower_ == "the"
                    or (doc[b].tag_ == "JJ" and other.level in ("admin1", "admin2"))
                    or doc[b].lower_ in lex.directions  # "in the eastern Daraa countryside"
                ):
                    b -= 1
                prev = doc[k - 1]
                if _wider(other, m) and other.kind is not None and other.kind not in RURAL_KINDS:
                    pass  # "X province ... in Y town": a province does not lie in what the text calls a town
                elif doc[b].lower_ in lex.nesting_preps:
                    m.parent, m.parent_kind = other.name, other.kind
                    # "X in Y's Z district": X lies in the district Z, which lies in Y (a street or road
                    # "on Y's Z Bypass" is not an area: X stays in Y).
                    j = mentions.index(other)
                    after_other = other.type_end
                    if (
                        after_other < n_end
                        and doc[after_other].tag_ == "POS"
                        and j + 1 < len(mentions)
                        and mentions[j + 1].start in (after_other + 1, after_other + 2)
                        and mentions[j + 1].level in ("admin2", "admin1")
                    ):
                        m.parent, m.parent_kind = mentions[j + 1].name, mentions[j + 1].kind
                elif prev.text == "," and (
                    other.level in ("admin2", "admin1", "country")
                    # a name typed wider elsewhere ("the Tigray Region"), not one of a list of equals ("Kalat,
                    # Kech, Panjgur and Quetta districts")
                    or _ORDER[told_level.get(other.name, "place")] > _ORDER[told_level.get(m.name, m.level)]
                    or _wider(m, other)
                    or m.level == "admin2"
                    or (m.kind_before and m.kind in lex.type_prefixes)
                ):
                    # "X district, Y": the name after a district is the wider area it lies in; "Barangay X, Y":
                    # an address names the village's town next
                    m.parent, m.parent_kind = other.name, other.kind
                break
            if (t.pos_ == "VERB" or t.tag_.startswith("VB")) and t.lower_ not in _LOCATED:
                break  # (but "X village located in the Y district" nests)
            if t.text in {";", ":", "(", ")"}:
                break
            if t.dep_ == "mark" or t.lower_ in {"while", "whereas"}:
                break  # another clause begins: "killed in X, while forces shelled positions in Y"
            if t.lower_ in {"and", "or"} and k + 1 < n_end and doc[k + 1].tag_ == "DT":
                # "X village and the town of Y": coordinated places, neither in the other (but "X, a town and
                # tehsil of Y" nests)
                break
            if t.tag_ in _PROPER:
                break
            steps += 1
            k += 1


def _areas_of(
    doc, m: PlaceMention, following: list[PlaceMention], after: int, n_end: int, lex: PlaceLexicon, told_level
) -> bool:
    """ "the Magway townships of Kyaukhtu and Hteelin", "the Idlib villages of Kafr Nabl and Hass": a name before
    a plural type word and "of" is the wider area; the names listed after it are of that type and lie in it.
    True when the pattern applied."""
    kind = m.kind or ""
    singular = kind[:-1]
    if not (
        kind.endswith("s") and singular in lex.type_words and after + 1 < n_end and doc[after].lower_ == "of"
    ):
        return False
    k, listed = after + 1, 0
    for o in following:
        if o.start != k:
            break
        o.parent, o.parent_kind = m.name, None
        if o.kind is None:
            o.kind, o.level = singular, lex.type_words[singular]
        listed += 1
        k = o.type_end
        while k < n_end and doc[k].lower_ in {",", "and"}:
            k += 1
    if listed:
        m.kind, m.level = None, told_level.get(m.name, "place")
    return listed > 0


def _link_back_references(doc, mentions: list[PlaceMention], n_end: int, lex: PlaceLexicon) -> None:
    """ "Nam Kha village in the north of the township": a place nested in "the <type word>" with no name lies in
    the place of that type the text named last before it ("Kalaw Township")."""
    for idx, m in enumerate(mentions):
        if m.parent is not None:
            continue
        k, steps, nested = m.type_end, 0, False
        while k < n_end and steps < 8:
            t = doc[k]
            if t.is_sent_start and k > m.end or t.tag_.startswith("VB") or t.tag_ in _PROPER or t.text == ",":
                break
            if t.lower_ in lex.nesting_preps:
                nested = True
            elif (
                nested
                and t.lower_ in lex.type_words
                and doc[k - 1].lower_ == "the"
                and not (k + 1 < n_end and doc[k + 1].tag_ in _PROPER)
            ):
                named = [o for o in mentions[:idx] if o.kind == t.lower_ and o.name != m.name]
                if named:
                    m.parent, m.parent_kind = named[-1].name, named[-1].kind
                break
            steps += 1
            k += 1


# Words after a name (or its comma) that only follow a person's name.
_PERSON_FOLLOWERS = frozenset({"nicknamed", "alias", "aka", "a.k.a.", "who", "whom"})

_ORDER = {"place": 0, "admin2": 1, "admin1": 2, "country": 3}
# Participles that only say where a place lies.
_LOCATED = frozenset({"located", "situated", "lying"})


def _wider(inner: PlaceMention, outer: PlaceMention) -> bool:
    return _ORDER[outer.level] > _ORDER[inner.level]


def precision_of(mention: PlaceMention) -> int:
    """geo_precision as the text gives it: 1 the place itself, 2 an area of/near a place, 3 a district or wider."""
    if mention.level in ("admin2", "admin1", "country"):
        return 3
    if mention.near or mention.kind in {
        "area",
        "areas",
        "outskirts",
        "vicinity",
        "region",
        "countryside",
        "desert",
    }:
        return 2
    return 1


# Type words of the rural area around a place ("the Raqqa countryside"), which holds places outside the town.
RURAL_KINDS = frozenset({"countryside"})


@dataclass(slots=True)
class PlaceIndex:
    """What a whole report says about its places: every name, how often, and the hierarchy it gives."""

    parents: dict[str, str] = field(default_factory=dict)
    levels: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    first: dict[str, int] = field(default_factory=dict)
    # the type word the text gave a name's parent where it nested them ("X in Y city": {"X": "city"})
    parent_kinds: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, mentions: list[PlaceMention]) -> PlaceIndex:
        idx = cls()
        for m in mentions:
            idx.counts[m.name] = idx.counts.get(m.name, 0) + 1
            idx.first.setdefault(m.name, m.start)
            if m.parent and m.parent != m.name and m.name not in idx.parents:
                idx.parents[m.name] = m.parent
                if m.parent_kind:
                    idx.parent_kinds[m.name] = m.parent_kind
            if m.level != "place" or m.name not in idx.levels:
                idx.levels[m.name] = m.level
        for m in mentions:
            if m.kind == "region" and idx.parent_kinds.get(m.name) in RURAL_KINDS:
                # "al-Hamideya region in the northern countryside of Quneitra": an area inside a province's
                # countryside, not a province
                idx.levels[m.name] = "place"
        for name, parent in list(idx.parents.items()):
            # A parent of a named admin2 area is an admin1 area, unless the text said otherwise.
            if idx.levels.get(name) == "admin2" and idx.levels.get(parent, "place") == "place":
                idx.levels[parent] = "admin1"
        return idx

    def chain(self, name: str) -> list[str]:
        """name and its ancestors, innermost first (cycles cut)."""
        out = [name]
        while out[-1] in self.parents and self.parents[out[-1]] not in out and len(out) < 6:
            out.append(self.parents[out[-1]])
        return out

    def focus(self, exclude_levels: tuple[str, ...] = ("country",)) -> str | None:
        """The report's focus place: the most mentioned place (ties: the earliest)."""
        best = None
        for name, n in self.counts.items():
            if self.levels.get(name) in exclude_levels:
                continue
            key = (n, -self.first[name])
            if best is None or key > best[0]:
                best = (key, name)
        return best[1] if best else None

    def location(
        self, mention: PlaceMention | None, country: str | None, default_within: str | None = None
    ) -> Location:
        """The Location the text supports for a chosen mention: name, within, admin2, admin1, country, precision."""
        if mention is None:
            return Location(name=None, country=country)
        chain = self.chain(mention.name)
        if len(chain) == 1 and mention.parent and mention.parent != mention.name:
            chain = [mention.name, *self.chain(mention.parent)]  # a mention made outside the index
        loc = Location(
            name=mention.name,
            kind=mention.kind,
            start=mention.start_char,
            end=mention.end_char,
            country=country,
        )
        level = self.levels.get(mention.name, mention.level)
        settlements = lexicon().settlement_words
        for child, anc in itertools.pairwise(chain):
            anc_level = self.levels.get(anc, "place")
            told = mention.parent_kind if child == mention.name and mention.parent == anc else None
            told = told or self.parent_kinds.get(child)
            if told in settlements:
                # "al-Shayah area in Daraa city": the town, though the report also names the province Daraa
                anc_level = "place"
            if told in RURAL_KINDS:
                # "Muwayleh village in the Raqqa countryside": the rural area around X, in X's province (or
                # district), not inside the town X
                if loc.admin1 is None and loc.admin2 is None:
                    loc.admin1 = anc
            elif anc_level == "admin2" and (loc.admin2 is None or loc.admin1 is None):
                # "in the Mokolo district in Mayo Tsanaga Division": of two nested districts the outer is the
                # district proper, the inner a part of it (kept as the place it lies in)
                if loc.admin2 is not None and loc.within is None:
                    loc.within = loc.admin2
                loc.admin2 = anc
            elif anc_level == "admin1" and loc.admin1 is None:
                loc.admin1 = anc
            elif anc_level == "country":
                loc.country = anc
            elif anc_level == "place" and loc.within is None and loc.admin2 is None:
                loc.within = anc

        if level == "admin2":
            loc.admin2 = mention.name
        elif level == "admin1":
            loc.admin1 = mention.name
        elif level == "country":
            loc.country = mention.name
            loc.name = None
        if (
            loc.within is None
            and loc.admin2 is None
            and loc.admin1 is None  # the text places it itself ("near X village in Y district")
            and level == "place"
            and precision_of(mention) == 2
            and default_within
        ):
            if default_within != mention.name:
                loc.within = default_within
                # The enclosing place's own hierarchy applies too.
                outer = self.location(
                    PlaceMention(default_within, 0, 0, 0, 0, level=self.levels.get(default_within, "place")),
                    country,
                )
                loc.admin2 = loc.admin2 or outer.admin2
                loc.admin1 = loc.admin1 or outer.admin1
        loc.geo_precision = precision_of(
            PlaceMention(mention.name, 0, 0, 0, 0, kind=mention.kind, level=level, near=mention.near)
        )
        return loc
