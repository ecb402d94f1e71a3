"""Claims: who says how many were killed, injured, captured, detained, seized or destroyed, how surely.

Reads the dependency parse of a report with the lexicon in data/claims.yaml (codebook "Claims"): one
claimant per sentence, then one Claim per number a kind word governs, plus responsibility and denials.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from copy import copy
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.attrs import LOWER
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc, Span, Token

from .config import load_data, word_classes
from .errors import DataFileError
from .quantities import find_quantities
from .records import CLAIM_KINDS, Claim, Evidence, Quantity

__all__ = ["Claimant", "dedupe_claims", "find_claims", "sentence_claimants"]

ResolveActor = Callable[[str], str | None]

PERSON_CLASSES = frozenset({"state", "nonstate", "civilian", "unknown"})
# Dependency labels of a noun that the kind word governs as its object / passive subject / subject.
_OBJECT_DEPS = frozenset({"dobj", "oprd", "dative", "attr"})
# Clause types in which a speech verb or a hedge word speaks about something else than the sentence:
# "what authorities described as ...", "a town which has reportedly been ...".
_EMBEDDED_DEPS = frozenset({"relcl", "acl"})
_WH_TAGS = frozenset({"WP", "WDT", "WP$"})
_NAME_LEFT_DEPS = frozenset(
    {"compound", "amod", "nmod", "poss", "det", "punct", "case", "nummod", "quantmod"}
)
_PHRASE_LEFT_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
_NON_WORD = re.compile(r"[^\w]+")
# a name after these is a place more often than a person ("born in X"), whatever the tagger says
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "from", "to", "into", "outside", "inside"})


def _norm(text: str) -> str:
    """Lower case, every run of non-word characters one space: phrase matching on words."""
    return " " + _NON_WORD.sub(" ", text.lower()).strip() + " "


@dataclass(frozen=True, slots=True)
class _Lexicon:
    speech: frozenset[str]
    hedging_speech: frozenset[str]
    hedge_words: frozenset[str]
    hedge_phrases: re.Pattern[str]
    according: frozenset[str]
    document_nouns: frozenset[str]
    ref_pronouns: dict[str, str]
    ref_person: frozenset[str]
    ref_group: frozenset[str]
    ref_any: frozenset[str]
    ref_titles: frozenset[str]
    person_titles: frozenset[str]
    ref_dets: frozenset[str]
    ignore_speakers: frozenset[str]
    roles: tuple[tuple[str, tuple[str, ...]], ...]  # (role, normalised phrases) in priority order
    noun_class: dict[str, str]
    vehicles: frozenset[str]
    enemy: frozenset[str]
    own: frozenset[str]
    own_poss: frozenset[str]
    skip: frozenset[str]
    toll: frozenset[str]
    life_nouns: frozenset[str]
    life_verbs: frozenset[str]
    members: frozenset[str]
    member_sides: dict[str, str]
    affiliation_verbs: frozenset[str]
    affiliation_nouns: frozenset[str]
    verb_kinds: dict[str, tuple[str, ...]]
    intransitive_kinds: dict[str, tuple[str, ...]]
    noun_kinds: dict[str, tuple[str, ...]]
    loss: frozenset[str]
    person_kinds: frozenset[str]
    object_kinds: frozenset[str]
    resp_verbs: frozenset[str]
    resp_nouns: frozenset[str]
    denial_verbs: frozenset[str]
    denial_nouns: frozenset[str]
    single_pronouns: frozenset[str]
    kin_nouns: frozenset[str]
    single_dets: frozenset[str]
    collective: frozenset[str]
    triggers: frozenset[str]  # every lower-cased form that can make a sentence hold a claim
    trigger_hashes: np.ndarray  # the same as spaCy LOWER hashes, to find them with numpy
    speech_hashes: np.ndarray  # speech verbs and "according"
    hedge_hashes: np.ndarray
    statement_hashes: np.ndarray  # responsibility nouns and denial verbs


def _words(raw: object, where: str) -> frozenset[str]:
    if not isinstance(raw, list):
        raise DataFileError(f"claims.yaml: {where}: expected a list of words")
    return frozenset(str(w).lower() for w in raw)


def _add_kinds(table: dict[str, tuple[str, ...]], forms: Iterable[str], kind: str) -> None:
    for form in forms:
        form = str(form).lower()
        if kind not in table.get(form, ()):
            table[form] = (*table.get(form, ()), kind)


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    """The claims lexicon (data/claims.yaml), built once per process."""
    raw = load_data("claims.yaml")
    try:
        speech = frozenset(w.lower() for forms in raw["speech_verbs"].values() for w in forms)
        refs = raw["back_reference"]
        roles = tuple(
            (role, tuple(_norm(p) for p in phrases)) for role, phrases in raw["claimant_roles"].items()
        )
        kin = _words(raw["kin_nouns"], "kin_nouns")
        noun_class = word_classes(raw["subject_nouns"]) | {w: "unknown" for w in kin}
        verb_kinds: dict[str, tuple[str, ...]] = {}
        intransitive_kinds: dict[str, tuple[str, ...]] = {}
        noun_kinds: dict[str, tuple[str, ...]] = {}
        for kind, spec in raw["kinds"].items():
            if kind not in CLAIM_KINDS:
                raise DataFileError(f"claims.yaml: kinds: unknown kind {kind!r}")
            _add_kinds(verb_kinds, spec.get("verbs") or [], kind)
            _add_kinds(intransitive_kinds, spec.get("intransitive") or [], kind)
            _add_kinds(noun_kinds, spec.get("nouns") or [], kind)
        loss = _words(raw["kinds"]["killed"].get("loss_verbs") or [], "kinds.killed.loss_verbs")
        hedge_phrases = sorted((str(p) for p in raw["hedge_phrases"]), key=len, reverse=True)
        resp = raw["responsibility"]
        denial = raw["denial"]
        single = raw["single_person"]
        lex = _Lexicon(
            speech=speech,
            hedging_speech=_words(raw["hedging_speech_verbs"], "hedging_speech_verbs"),
            hedge_words=_words(raw["hedge_words"], "hedge_words"),
            hedge_phrases=re.compile(
                "|".join(r"\b" + r"\s+".join(map(re.escape, p.split())) + r"\b" for p in hedge_phrases),
                re.IGNORECASE,
            ),
            according=_words(raw["according_words"], "according_words"),
            document_nouns=_words(raw["document_nouns"], "document_nouns"),
            ref_pronouns={str(k).lower(): str(v) for k, v in refs["pronouns"].items()},
            ref_person=_words(refs["person"], "back_reference.person"),
            ref_group=_words(refs["group"], "back_reference.group"),
            ref_any=_words(refs["any"], "back_reference.any"),
            ref_titles=_words(refs["titles"], "back_reference.titles"),
            person_titles=_words(raw["person_titles"], "person_titles"),
            ref_dets=_words(refs["determiners"], "back_reference.determiners"),
            ignore_speakers=_words(refs["ignore"], "back_reference.ignore"),
            roles=roles,
            noun_class=noun_class,
            vehicles=_words(raw["vehicle_nouns"], "vehicle_nouns"),
            enemy=_words(raw["enemy_words"], "enemy_words"),
            own=_words(raw["own_words"], "own_words"),
            own_poss=_words(raw["own_possessives"], "own_possessives"),
            skip=_words(raw["subject_skip_words"], "subject_skip_words"),
            toll=_words(raw["toll_nouns"], "toll_nouns"),
            life_nouns=_words(raw["life_nouns"], "life_nouns"),
            life_verbs=_words(raw["life_verbs"], "life_verbs"),
            members=_words(raw["member_nouns"], "member_nouns"),
            member_sides=word_classes(raw["member_side_nouns"]),
            affiliation_verbs=_words(raw["affiliation_verbs"], "affiliation_verbs"),
            affiliation_nouns=_words(raw["affiliation_nouns"], "affiliation_nouns"),
            verb_kinds=verb_kinds,
            intransitive_kinds=intransitive_kinds,
            noun_kinds=noun_kinds,
            loss=loss,
            person_kinds=_words(raw["person_kinds"], "person_kinds"),
            object_kinds=_words(raw["object_kinds"], "object_kinds"),
            resp_verbs=_words(resp["verbs"], "responsibility.verbs"),
            resp_nouns=_words(resp["nouns"], "responsibility.nouns"),
            denial_verbs=_words(denial["verbs"], "denial.verbs"),
            denial_nouns=_words(denial["nouns"], "denial.nouns"),
            single_pronouns=_words(single["pronouns"], "single_person.pronouns"),
            kin_nouns=kin,
            single_dets=_words(single["determiners"], "single_person.determiners"),
            collective=_words(single["collective"], "single_person.collective"),
            triggers=frozenset(),  # derived below from the word lists just read
            trigger_hashes=np.zeros(0, dtype=np.uint64),
            speech_hashes=np.zeros(0, dtype=np.uint64),
            hedge_hashes=np.zeros(0, dtype=np.uint64),
            statement_hashes=np.zeros(0, dtype=np.uint64),
        )
        triggers = frozenset(
            set(verb_kinds)
            | set(intransitive_kinds)
            | set(noun_kinds)
            | loss
            | lex.toll
            | lex.life_nouns
            | lex.resp_nouns
            | lex.denial_verbs
        )
        object.__setattr__(lex, "triggers", triggers)
        object.__setattr__(lex, "hedge_hashes", _hashes(lex.hedge_words))
        object.__setattr__(lex, "statement_hashes", _hashes(lex.resp_nouns | lex.denial_verbs))
        object.__setattr__(lex, "trigger_hashes", _hashes(lex.triggers))
        object.__setattr__(lex, "speech_hashes", _hashes(lex.speech | lex.according))
    except (KeyError, TypeError, AttributeError) as exc:
        raise DataFileError(f"claims.yaml: missing or malformed entry: {exc}") from exc
    return lex


def _hashes(words: Iterable[str]) -> np.ndarray:
    return np.array(sorted({hash_string(w) for w in words}), dtype=np.uint64)


def _hits(doc: Doc, hashes: np.ndarray, lowers: np.ndarray | None = None, start: int = 0) -> list[int]:
    """Indices of the tokens whose lower-cased form is one of the hashed words (no Python loop over tokens).

    lowers: the LOWER array of doc[start:...] when the caller has it.
    """
    if lowers is None:
        if len(doc) == 0:
            return []
        lowers = doc.to_array(LOWER)
    if len(hashes) == 0 or len(lowers) == 0:
        return []
    # hashes is sorted (_hashes): binary search each token's hash instead of np.isin's sort of both arrays
    at = np.minimum(np.searchsorted(hashes, lowers), len(hashes) - 1)
    return (np.nonzero(hashes[at] == lowers)[0] + start).tolist()


# ----------------------------------------------------------------------------------------------------
# Claimants


@dataclass(slots=True)
class Claimant:
    """Who a sentence's statements come from: the name as written, its role, and the actor it speaks for."""

    name: str  # "BLA spokesperson Jeeyand Baloch", "local sources", "Commissioner of Kalat"
    role: str  # party | official | local | monitor | media
    actor: str | None  # canonical actor the claimant speaks for (a spokesperson's group); None unless a party
    start: int  # character span of the name in the text; -1 when implicit (carried over, the outlet)
    end: int
    hedged: bool = False  # the attribution verb marks the statement as unverified ("claimed", "alleged")


@dataclass(slots=True)
class _Speaker:
    """A speaker found in one sentence before back-references are resolved."""

    claimant: Claimant | None  # None for a back-reference
    ref: str | None  # back-reference type: person | group | any | title
    phrase: str  # the words as written
    start: int
    end: int
    hedged: bool
    words: tuple[str, ...] = ()  # a back-reference's words without determiners
    person: bool = False  # the name is a person (a PERSON entity or a title word)
    proper: bool = False  # every word of the name is a proper noun ("Khan", "BLA")


class _ActorCache:
    """resolve_actor, called once per phrase."""

    __slots__ = ("fn", "memo")

    def __init__(self, fn: ResolveActor | None):
        self.fn = fn
        self.memo: dict[str, str | None] = {}

    def __call__(self, phrase: str) -> str | None:
        if self.fn is None or not phrase:
            return None
        if phrase not in self.memo:
            self.memo[phrase] = self.fn(phrase)
        return self.memo[phrase]


def _depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok = tok.head
        d += 1
    return d


def _child(tok: Token, deps: frozenset[str] | set[str] | tuple[str, ...]) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _subject_of(verb: Token) -> Token | None:
    """The verb's subject, or the one it shares: "..., adding that", "continue to deny", "reported losing"."""
    h = verb
    for _ in range(6):
        subjects = [c for c in h.children if c.dep_ == "nsubj"]
        if subjects:
            # two subjects are a parse of a headline "X Killed in Y, Z Say": the one nearest the verb speaks
            return min(subjects, key=lambda c: abs(c.i - h.i))
        for c in h.children:
            if c.dep_ == "agent":
                return _child(c, ("pobj",))
        if h.dep_ not in ("xcomp", "advcl", "conj") or h.head.i == h.i:
            return None
        h = h.head
    return None


def _speaker_of_verb(verb: Token, lex: _Lexicon) -> Token | None:
    """The speaker of a speech verb, or None when the verb does not attribute the sentence.

    A verb in a relative clause or with a wh-word object ("what authorities described as safe havens",
    "which officials said") characterises a noun; it does not attribute the sentence.
    """
    if verb.dep_ in _EMBEDDED_DEPS or verb.dep_ in ("amod", "csubj", "csubjpass"):
        return None
    if any(c.dep_ == "dobj" and c.lower_ in lex.life_nouns for c in verb.children):
        return None  # "the attack claimed the lives of ...": a death, not a statement
    for c in verb.children:
        if c.tag_ in _WH_TAGS and c.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "pobj"):
            return None
    speaker = _subject_of(verb)
    if speaker is None or speaker.tag_ in _WH_TAGS or speaker.lower_ in lex.ignore_speakers:
        return None
    # "used loudspeakers to announce ...": the subject the parser gives a to-infinitive is no speaker
    if speaker.head.i == verb.i and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children):
        return None
    return speaker


def _author_of_document(tok: Token, lex: _Lexicon) -> Token:
    """ "a statement released by X", "a report by X", "X's statement", "a statement from X" speak for X."""
    if tok.lower_ not in lex.document_nouns:
        return tok
    for c in tok.children:
        if c.dep_ == "poss" and c.tag_ not in ("PRP$",):
            return c
        if c.dep_ == "prep" and c.lower_ in ("by", "from", "of"):
            p = _child(c, ("pobj",))
            if p is not None and p.lower_ not in lex.document_nouns:
                return p
        if c.dep_ == "acl":
            for a in c.children:
                if a.dep_ == "agent" or (a.dep_ == "prep" and a.lower_ in ("by", "from")):
                    p = _child(a, ("pobj",))
                    if p is not None:
                        return p
    return tok


def _name_bounds(head: Token) -> tuple[int, int]:
    """Token bounds [left, right] of a speaker's noun phrase: compounds, titles, "of X", an apposition."""
    doc = head.doc
    left = right = head.i
    for c in head.lefts:
        if c.dep_ in _NAME_LEFT_DEPS:
            left = min(left, c.left_edge.i)
    for c in head.rights:
        if c.dep_ == "appos" and (c.tag_ in ("NNP", "NNPS") or doc[c.i - 1].text == "("):
            right = max(right, c.right_edge.i)
        elif c.dep_ == "prep" and c.lower_ == "of":
            p = _child(c, ("pobj",))
            if p is not None:
                right = max(right, p.i)
        elif c.dep_ in ("compound", "flat") or (c.dep_ == "punct" and c.text == ")"):
            right = max(right, c.i)
        elif c.dep_ == "conj" or c.dep_ == "cc":
            right = max(right, c.right_edge.i if c.dep_ == "conj" else c.i)
    if head.ent_iob_ != "O":
        for ent in doc.ents:
            if ent.start <= head.i < ent.end:
                end = ent.end - 1
                if head.i < head.head.i <= end:
                    end = head.head.i - 1  # "NLF Fighters Say" read as one name: the verb is no part of it
                left, right = min(left, ent.start), max(right, end)
                break
    left = _after_break(doc, left, head.i)
    # close a parenthesis the phrase opens: "Baloch Liberation Army (BLA)"
    span = doc[left : right + 1]
    if right + 1 < len(doc) and doc[right + 1].text == ")" and "(" in span.text and ")" not in span.text:
        right += 1
    # trim determiners and punctuation at the edges
    while left < right and (
        doc[left].lower_ in ("the", "a", "an") or doc[left].is_punct and doc[left].text != "("
    ):
        left += 1
    while right > left and doc[right].is_punct and doc[right].text != ")":
        right -= 1
    return left, right


def role_of(name: str, actor: str | None = None) -> str:
    """A claimant's role from its name (claims.yaml claimant_roles, in order); a named actor is a party."""
    lex = lexicon()
    norm = _norm(name)
    for role, phrases in lex.roles:
        for p in phrases:
            if p in norm:
                return role
    return "party" if actor else "media"


_POSSESSIVES = frozenset({"'s", "’s"})
_PEOPLE_KINDS = frozenset({"civilian"})
# "two of whom": a part of people counted already
_PARTITIVE_PRONOUNS = frozenset({"whom", "them", "which"})
# Heads of "the latest of N people killed": the one told is part of a tally, which counts other events too.
_PART_OF_TALLY = frozenset({"latest", "last", "newest", "first", "one"})


def _resolve_in(span: Span, resolve: _ActorCache) -> str | None:
    """The actor a name speaks for: the whole name, else a capitalised run in it, else one capitalised word
    ("BLA spokesperson Jeeyand Baloch" -> the BLA)."""
    found = resolve(span.text)
    if found:
        return found
    runs: list[list[Token]] = []
    run: list[Token] = []
    for t in span:
        if (t.text[:1].isupper() and t.is_alpha) or (run and t.lower_ in _POSSESSIVES):
            run.append(t)  # a possessive stays inside the name ("People's Defence Force")
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    for r in runs:
        if len(r) < len(span):
            found = resolve(span.doc[r[0].i : r[-1].i + 1].text)
            if found:
                return found
    kinds = lexicon().noun_class
    for r in runs:
        if len(r) > 1:
            for t in r:
                if t.i != r[-1].i and kinds.get(t.lower_) in _PEOPLE_KINDS:
                    continue  # a kind of people before the head qualifies it: "Civilian Fighters"
                found = resolve(t.text)
                if found:
                    return found
    return None


def _is_proper(t: Token) -> bool:
    """A proper noun, an acronym the tagger missed ("the BLA") or a capitalised word inside the sentence."""
    if t.tag_ in ("NNP", "NNPS") or (t.is_upper and len(t) > 1):
        return True
    return t.is_title and not t.is_sent_start


def _speaker(head: Token, verb: Token | None, lex: _Lexicon, resolve: _ActorCache) -> _Speaker:
    head = _author_of_document(head, lex)
    left, right = _name_bounds(head)
    doc = head.doc
    span = doc[left : right + 1]
    phrase = span.text
    words = [t.lower_ for t in span if not t.is_punct]
    content = [w for w in words if w not in lex.ref_dets]
    hedged = bool(
        verb is not None
        and verb.lower_ in lex.hedging_speech
        and not any(c.dep_ == "dobj" and c.lower_ in lex.resp_nouns for c in verb.children)
    )
    # a person: a speaker noun or title ("spokesperson", "official"), or a PERSON entity that is not an
    # actor's own name
    person = any(w in lex.person_titles for w in words) or (
        any(t.ent_type_ == "PERSON" for t in span) and resolve(phrase) is None
    )
    refs = lex.ref_person | lex.ref_group | lex.ref_any | lex.ref_titles | set(lex.ref_pronouns)
    if content and all(w in refs for w in content) and not any(t.tag_ in ("NNP", "NNPS") for t in span):
        if len(content) == 1 and content[0] in lex.ref_pronouns:
            ref = lex.ref_pronouns[content[0]]
        elif any(w in lex.ref_titles for w in content):
            ref = "title"
        elif any(w in lex.ref_person for w in content):
            ref = "person"
        elif any(w in lex.ref_group for w in content):
            ref = "group"
        else:
            ref = "any"
        return _Speaker(None, ref, phrase, span.start_char, span.end_char, hedged, tuple(content), person)
    actor = _resolve_in(span, resolve)
    role = role_of(phrase, actor)
    claimant = Claimant(
        phrase, role, actor if role == "party" else None, span.start_char, span.end_char, hedged
    )
    proper = all(_is_proper(t) for t in span if not t.is_punct and t.lower_ not in lex.ref_dets)
    return _Speaker(claimant, None, phrase, span.start_char, span.end_char, hedged, (), person, proper)


def _attribution(sent: Span, lex: _Lexicon, hits: Iterable[int]) -> tuple[Token, Token | None] | None:
    """The sentence's speaker head and speech verb: "X said ...", "according to X", "..., the statement said".

    hits: the indices of the sentence's speech words. Of several attributions, the one highest in the parse
    tree wins (the main clause's speaker), then the leftmost.
    """
    doc = sent.doc
    best: tuple[int, int, Token, Token | None] | None = None
    for i in hits:
        tok = doc[int(i)]
        low = tok.lower_
        cand: tuple[Token, Token | None] | None = None
        if low in lex.according and tok.i + 1 < sent.end and doc[tok.i + 1].lower_ == "to":
            pobj = _child(doc[tok.i + 1], ("pobj",))
            if pobj is not None:
                cand = (pobj, None)
        elif low in lex.speech and tok.tag_.startswith("VB"):
            speaker = _speaker_of_verb(tok, lex)
            if speaker is not None:
                cand = (speaker, tok)
        if cand is not None:
            key = (_depth(tok), tok.i)
            if best is None or key < best[:2]:
                best = (key[0], key[1], cand[0], cand[1])
    return None if best is None else (best[2], best[3])


def _same_claimant(
    new: Claimant, new_person: bool, new_proper: bool, old: Claimant, old_person: bool
) -> bool:
    """A later short mention of a named claimant: "Khan" after "BRAS spokesperson Baloch Khan", "BLA" after
    "Baloch Liberation Army (BLA)", "the BLA spokesperson" after "BLA spokesperson Jeeyand Baloch".

    The words of the short mention must all occur in the earlier name; a person matches only a person and a
    group only a group; common nouns ("officials") match only when both are persons with a title.
    """
    if new_person != old_person:
        return False
    new_words = _norm(new.name).split()
    if not new_words or not (new_proper or (new_person and old_person)):
        return False
    old_words = set(_norm(old.name).split())
    return all(w in old_words for w in new_words)


def _subject_claimant(sent: Span, sp: _Speaker, lex: _Lexicon, resolve: _ActorCache) -> Claimant | None:
    """The actor that is the main subject of sent, as a claimant, for a pronoun speaker of the same kind ("it"
    for an organisation, "he"/"she" for a person); None otherwise."""
    if not (len(sp.words) == 1 and sp.words[0] in lex.ref_pronouns):
        return None
    subj = next((c for c in sent.root.children if c.dep_ == "nsubj"), None)
    if subj is None or (sp.ref == "person") != (subj.ent_type_ == "PERSON"):
        return None
    # the subject's appositive first ("the media wing, ISPR"), then its name words, then the whole phrase
    doc = sent.doc
    options = [doc[c.left_edge.i : c.right_edge.i + 1] for c in subj.children if c.dep_ == "appos"]
    name_words = [t for t in subj.subtree if t.dep_ in ("compound", "amod") or t.i == subj.i]
    options.append(doc[min(t.i for t in name_words) : subj.i + 1])
    for opt in options:
        phrase = opt.text
        actor = resolve(phrase)
        if actor:
            return Claimant(phrase, role_of(phrase, actor), actor, sp.start, sp.end, sp.hedged)
    return None


def _back_reference(
    sp: _Speaker, history: list[tuple[Claimant, bool]], resolve: _ActorCache, lex: _Lexicon
) -> Claimant | None:
    """The named claimant a back-reference ("he", "the group", "the statement") means, else None.

    A noun phrase that names an actor takes the latest claimant speaking for it; then the latest claimant
    whose name holds the same word ("the spokesperson" -> "BLA spokesperson X"); then, by type, the latest
    person (he, the spokesperson), group (it, the group) or claimant (they, the statement). A title that
    matches no earlier claimant ("the commissioner", "the army") is a claimant in its own right.
    """
    pronoun = len(sp.words) == 1 and sp.words[0] in lex.ref_pronouns
    actor = None if pronoun else resolve(sp.phrase)
    if actor:
        for c, _ in reversed(history):
            if c.actor == actor:
                return c
    nouns = [w for w in sp.words if w in lex.ref_titles or w in lex.ref_person]
    for c, _ in reversed(history):
        name_words = set(_norm(c.name).split())
        if nouns and any(w in name_words for w in nouns):
            return c
    if sp.ref == "title" or (actor and not history):
        role = role_of(sp.phrase, actor)
        return Claimant(sp.phrase, role, actor if role == "party" else None, sp.start, sp.end, sp.hedged)
    if sp.ref == "person":
        for c, is_person in reversed(history):
            if is_person:
                return c
    elif sp.ref == "group":
        for c, is_person in reversed(history):
            if not is_person and c.role in ("party", "monitor"):
                return c
            if is_person and c.actor:
                # the spokesperson's group: its earlier mention if there is one, else the actor itself
                for g, g_person in reversed(history):
                    if not g_person and g.actor == c.actor:
                        return g
                return Claimant(c.actor, "party", c.actor, sp.start, sp.end)
    if history:
        return history[-1][0]
    return None


_NEWLINE = re.compile("\n")


def _paragraph_breaks(text: str) -> list[int]:
    return [m.start() for m in _NEWLINE.finditer(text)]


def sentence_claimants(
    doc: Doc, resolve_actor: ResolveActor | None = None, outlet: str | None = None
) -> list[Claimant]:
    """One Claimant per sentence of doc.sents, in order (codebook "Claims": claimant, claimant_role).

    Explicit attribution first ("X said", "according to X"); then back-references ("he", "the group")
    take the most recent named claimant that fits; an unattributed sentence continues the claimant of the
    sentence before it in the same paragraph; leading unattributed sentences take the report's dominant
    claimant, and any other unattributed sentence is the outlet's own reporting (role media).
    """
    lex = lexicon()
    resolve = _ActorCache(resolve_actor)
    sents = list(doc.sents)
    speakers: list[_Speaker | None] = []
    by_sent: dict[int, list[int]] = {}
    if sents:
        starts = np.array([s.start for s in sents], dtype=np.int64)
        hits = _hits(doc, lex.speech_hashes)
        for i, k in zip(hits, (np.searchsorted(starts, hits, side="right") - 1).tolist(), strict=True):
            by_sent.setdefault(k, []).append(i)
    for k, sent in enumerate(sents):
        found = _attribution(sent, lex, by_sent[k]) if k in by_sent else None
        speakers.append(None if found is None else _speaker(found[0], found[1], lex, resolve))

    # Resolve names and back-references in text order.
    history: list[tuple[Claimant, bool]] = []  # named claimants in text order, with "is a person"
    person_of: dict[str, bool] = {}
    explicit: list[Claimant | None] = []
    for k, sp in enumerate(speakers):
        if sp is None:
            explicit.append(None)
            continue
        if sp.claimant is None and k > 0 and speakers[k - 1] is None:
            # "The military's media wing, ISPR, gave another account. It said ...": a pronoun speaker refers
            # to the subject of the sentence before when that sentence quotes nobody and its subject is an
            # actor.
            subject = _subject_claimant(sents[k - 1], sp, lex, resolve)
            if subject is not None:
                person_of.setdefault(subject.name, sp.ref == "person")
                history.append((subject, person_of[subject.name]))
                explicit.append(
                    Claimant(subject.name, subject.role, subject.actor, sp.start, sp.end, sp.hedged)
                )
                continue
        if sp.claimant is not None:
            c = sp.claimant
            for old, old_person in reversed(history):
                if _same_claimant(c, sp.person, sp.proper, old, old_person):
                    c = Claimant(old.name, old.role, old.actor, c.start, c.end, c.hedged)
                    break
            person_of.setdefault(c.name, sp.person)
            history.append((c, person_of[c.name]))
            explicit.append(c)
            continue
        ref = _back_reference(sp, history, resolve, lex)
        if ref is None:
            explicit.append(None)
            continue
        c = Claimant(ref.name, ref.role, ref.actor, sp.start, sp.end, sp.hedged)
        if not history or history[-1][0].name != ref.name:
            person_of.setdefault(ref.name, sp.ref == "person")
            history.append((ref, person_of[ref.name]))
        explicit.append(c)

    media = Claimant(outlet or "report", "media", None, -1, -1)
    dominant = _dominant(explicit) or media
    newlines = _paragraph_breaks(doc.text)
    out: list[Claimant] = []
    seen_attribution = False
    for i, sent in enumerate(sents):
        named = explicit[i]
        if named is not None:
            seen_attribution = True
            out.append(named)
            continue
        if not seen_attribution:
            out.append(Claimant(dominant.name, dominant.role, dominant.actor, -1, -1, dominant.hedged))
            continue
        prev = sents[i - 1]
        prev_end = prev.start_char + len(prev.text.rstrip())
        same_paragraph = bisect_right(newlines, sent.start_char - 1) == bisect_right(newlines, prev_end - 1)
        if same_paragraph and out[-1] is not media:
            p = out[-1]
            out.append(Claimant(p.name, p.role, p.actor, -1, -1, p.hedged))
        else:
            out.append(media)
    return out


def _dominant(explicit: list[Claimant | None]) -> Claimant | None:
    """The named claimant cited in the most sentences (one actor's names count together); ties: the first."""
    counts: dict[str, int] = {}
    first: dict[str, tuple[int, Claimant]] = {}
    for i, c in enumerate(explicit):
        if c is None:
            continue
        key = c.actor or c.name.lower()
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, (i, c))
    if not counts:
        return None
    key = max(counts, key=lambda k: (counts[k], -first[k][0]))
    return first[key][1]


# ----------------------------------------------------------------------------------------------------
# Claims


@dataclass(slots=True)
class _Count:
    """A quantity anchored in the parse: its head token and its tokens."""

    q: Quantity
    head: Token
    tokens: frozenset[int]


def _is_noun(tok: Token) -> bool:
    return tok.tag_.startswith("NN")


def _noun_class(tok: Token, lex: _Lexicon) -> str | None:
    """The subject class of a noun, or None when it is not a noun of people or things Khabar counts."""
    cls = lex.noun_class.get(tok.lower_)
    if cls is not None:
        return cls
    if tok.ent_type_ in ("NORP", "ORG", "PERSON") and _is_noun(tok):
        return "unknown"
    return None


def _noun_of(num: Token, lex: _Lexicon) -> tuple[Token | None, Token]:
    """The noun a number counts and the token that carries its role in the clause.

    "15 soldiers" -> soldiers; "dozens of soldiers", "six of its fighters" -> (fighters, six);
    "destroying two", "one of which" -> (None, the number): the noun is implicit.
    """
    h = num.head
    if num.dep_ == "det":
        # "A New People's Army (NPA) rebel": the article parsed onto the name before the noun; the noun the name
        # modifies is what is counted
        for _ in range(4):
            if h.tag_ in ("NNP", "NNPS") and h.dep_ in ("compound", "poss", "nmod") and h.head.i > h.i:
                h = h.head
            else:
                break
    if (
        h.i > num.i
        and _is_noun(h)
        and num.dep_ in ("nummod", "amod", "det", "quantmod", "compound", "nmod", "advmod", "npadvmod")
    ):
        return h, h
    for c in num.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            p = _child(c, ("pobj",))
            if p is not None and p.tag_ not in _WH_TAGS and p.tag_ != "PRP" and _is_noun(p):
                return p, num
    return None, num


def _of_a_party(noun: Token) -> bool:
    """The noun names whose people they are: "members of the IS group", "Taliban commanders"."""
    return any(
        (c.dep_ == "prep" and c.lower_ == "of")
        or (
            c.dep_ in ("compound", "amod")
            and (c.tag_ in ("NNP", "NNPS") or c.ent_type_ in ("ORG", "NORP") or (c.is_upper and len(c) > 1))
        )
        for c in noun.children
    )


def _first_conjunct(tok: Token) -> Token:
    """Climb "A, B and C" / "A, B" (apposition) to A, through nominal heads only."""
    for _ in range(20):
        h = tok.head
        if tok.dep_ in ("conj", "appos") and h.i != tok.i and (_is_noun(h) or h.tag_ in ("CD", "PRP")):
            tok = h
        else:
            break
    return tok


def _trigger_candidates(
    anchor: Token, noun: Token | None, lex: _Lexicon
) -> Iterator[tuple[Token, tuple[str, ...], str, Token]]:
    """Kind words that may govern the counted noun, best first, as (trigger, kinds, mode, base).

    mode: "verb" (a kind verb/adjective), "post" (one after the count: "seven injured"), "loss" ("lost six
    of its fighters"), "noun" ("the death of 20"), "toll" ("the death toll rose to 12").
    base is the token whose clause role the kind word governs (the first conjunct of a list).
    """
    # "seven injured", "several others injured", "120 soldiers killed in May": the kind word after the count
    for c in anchor.rights:
        if c.dep_ in ("amod", "acl") and (c.lower_ in lex.verb_kinds or c.lower_ in lex.intransitive_kinds):
            yield (
                c,
                lex.verb_kinds.get(c.lower_, ()) + lex.intransitive_kinds.get(c.lower_, ()),
                "post",
                anchor,
            )
    # "two fighters of jihadist factions killed in ...": a headline's participle parsed onto the body the counted
    # people belong to; a body of people does not die, its people do
    for prep in anchor.rights:
        body = _child(prep, ("pobj",)) if prep.dep_ == "prep" and prep.lower_ == "of" else None
        if body is None or lex.noun_class.get(body.lower_) in PERSON_CLASSES:
            continue
        for c in body.rights:
            if c.dep_ in ("amod", "acl") and (
                c.lower_ in lex.verb_kinds or c.lower_ in lex.intransitive_kinds
            ):
                kinds = lex.verb_kinds.get(c.lower_, ()) + lex.intransitive_kinds.get(c.lower_, ())
                yield c, kinds, "post", anchor
    # "shot dead two farmers", "two wounded soldiers": the kind word before the counted noun
    if noun is not None and anchor.i == noun.i:
        for c in anchor.lefts:
            if c.dep_ == "amod" and c.lower_ in lex.intransitive_kinds:
                yield c, lex.intransitive_kinds[c.lower_], "post", anchor
    base = _first_conjunct(anchor)
    h = base.head
    dep = base.dep_
    low = h.lower_
    if h.i != base.i:
        # "killed 15 soldiers", "seized 20 rifles": object of a kind verb
        if dep in _OBJECT_DEPS and low in lex.verb_kinds:
            yield h, lex.verb_kinds[low], "verb", base
        # "15 soldiers were killed", "one vehicle was destroyed"
        if dep == "nsubjpass" and (low in lex.verb_kinds or low in lex.intransitive_kinds):
            yield h, lex.verb_kinds.get(low, ()) + lex.intransitive_kinds.get(low, ()), "verb", base
        # "four soldiers died", "four personnel dead", "fifteen enemy personnel eliminated", "5 are missing";
        # never the agent of an active verb with an object ("five gunmen killed two soldiers")
        if dep == "nsubj" and low in lex.intransitive_kinds and _child(h, ("dobj",)) is None:
            yield h, lex.intransitive_kinds[low], "verb", base
        # "lost six soldiers", "losing six of its own fighters"
        if dep in _OBJECT_DEPS and low in lex.loss:
            yield h, ("killed",), "loss", base
        # "the death of 20 people", "bodies of five militants", "the arrest of 5 suspects"
        if dep == "pobj" and low == "of" and h.head.lower_ in lex.noun_kinds:
            yield h.head, lex.noun_kinds[h.head.lower_], "noun", base
        # "claimed the lives of 20 people", "took the lives of 20"
        if (
            dep == "pobj"
            and low == "of"
            and h.head.lower_ in lex.life_nouns
            and h.head.head.lower_ in lex.life_verbs
        ):
            yield h.head, ("killed",), "verb", base
        # "20 people lost their lives"
        if (
            dep == "nsubj"
            and low in lex.life_verbs
            and any(c.dep_ == "dobj" and c.lower_ in lex.life_nouns for c in h.children)
        ):
            yield h, ("killed",), "verb", base
        # "the death toll rose to 12", "the toll reached 12", "the toll stood at 12"
        verb = h.head if dep == "pobj" and h.tag_ == "IN" else h
        if dep in ("pobj", "dobj", "attr") and verb.tag_.startswith("VB"):
            subj = _child(verb, ("nsubj",))
            if subj is not None and subj.lower_ in lex.toll:
                yield verb, ("killed",), "toll", base
        # "shot dead three passengers", "took five soldiers hostage", "were found dead"
        if h.tag_.startswith("VB") and dep in ("dobj", "nsubjpass", "nsubj"):
            for c in h.children:
                if c.i == base.i or c.dep_ not in (
                    "acomp",
                    "oprd",
                    "advmod",
                    "xcomp",
                    "dobj",
                    "npadvmod",
                    "ccomp",
                ):
                    continue
                kinds = lex.intransitive_kinds.get(c.lower_, ()) + lex.noun_kinds.get(c.lower_, ())
                if kinds and not c.tag_.startswith("VB"):
                    yield c, kinds, "verb", base
                if c.dep_ == "xcomp" and c.tag_.startswith("VB"):
                    # "was found shot dead": the result word hangs on the participle of the finding verb
                    for r in c.children:
                        if r.dep_ in ("acomp", "oprd") and r.lower_ in lex.intransitive_kinds:
                            yield r, lex.intransitive_kinds[r.lower_], "verb", base
    # "20 deaths", "five bodies were found"
    if noun is not None and noun.lower_ in lex.noun_kinds:
        yield noun, lex.noun_kinds[noun.lower_], "noun", base


def _phrase_bounds(noun: Token, skip: set[int], lex: _Lexicon) -> tuple[int, int]:
    """[left, right] of a subject's words without the number: "Pakistani soldiers", "rounds of ammunition"."""
    left = noun.i
    for c in noun.lefts:
        if (
            c.dep_ in _PHRASE_LEFT_DEPS
            and c.i not in skip
            and c.lower_ not in lex.skip
            and c.lower_ not in lex.intransitive_kinds  # "shot dead two farmers": the kind is no part of who
        ):
            left = min(left, c.left_edge.i)
    right = noun.i
    if lex.noun_class.get(noun.lower_) == "object":
        for c in noun.rights:
            if c.dep_ == "prep" and c.lower_ == "of":
                p = _child(c, ("pobj",))
                if p is not None and lex.noun_class.get(p.lower_) == "object":
                    right = p.i
    member_of = _member_of(noun, lex)
    if member_of is not None:
        right = member_of.i
    doc = noun.doc
    left = _after_break(doc, left, noun.i)
    while left < noun.i and (
        doc[left].i in skip or doc[left].is_punct or doc[left].lower_ in lex.skip or doc[left].tag_ == "DT"
    ):
        left += 1
    return left, right


def _after_break(doc: Doc, left: int, head: int) -> int:
    """Move a phrase start past a line break or a headline bar before its head ("South of X | Two men")."""
    for i in range(left, head):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_ or doc[i].text == "|":
            left = i + 1
    return left


def _member_of(noun: Token, lex: _Lexicon) -> Token | None:
    """ "members of the regime forces": the side the members belong to (a noun after "of"), if any."""
    if noun.lower_ not in lex.members:
        return None
    for c in noun.rights:
        if c.dep_ == "prep" and c.lower_ == "of":
            p = _child(c, ("pobj",))
            if p is not None and _is_noun(p):
                return p
    return None


def _affiliation(noun: Token, lex: _Lexicon) -> Token | None:
    """ "a man working for the security service", "a collaborator with the regime forces": the body named."""
    for c in noun.rights:
        if c.dep_ in ("acl", "relcl") and c.lower_ in lex.affiliation_verbs:
            for p in c.children:
                body = None
                if p.dep_ == "prep" and p.lower_ in ("for", "with", "in"):
                    body = _child(p, ("pobj",))
                elif p.dep_ == "dobj":
                    body = p  # "who had joined the regime's Military Security"
                if body is not None and _is_noun(body):
                    return body
        if c.dep_ == "prep" and c.lower_ in ("with", "for") and noun.lower_ in lex.affiliation_nouns:
            body = _child(c, ("pobj",))
            if body is not None and _is_noun(body):
                return body
    return None


def _side_of_members(noun: Token, cls: str | None, lex: _Lexicon) -> str | None:
    """The class of the body a person of class `cls` belongs to or works for, if the text names one: "members of
    the regime forces" (state), "a man working for the army's intelligence branch" (state). A civilian stays a
    civilian ("a civilian working for a militia"): None."""
    if cls == "civilian":
        return None
    body = _member_of(noun, lex) or _affiliation(noun, lex)
    if body is None:
        if cls == "unknown":
            # "security force members", "army officers": the words before the noun name the body
            for w in reversed([c for c in noun.subtree if c.i < noun.i and c.dep_ in ("compound", "amod")]):
                side = lex.noun_class.get(w.lower_) or lex.member_sides.get(w.lower_)
                if side in ("state", "nonstate"):
                    return side
        return None
    # "the regime security services": the body, else the nearest word before it that says whose it is
    for w in (body, *reversed(list(body.lefts))):
        side = lex.noun_class.get(w.lower_) or lex.member_sides.get(w.lower_)
        if side in ("state", "nonstate", "civilian"):
            return side
    return None


def _phrase(noun: Token, skip: set[int], lex: _Lexicon) -> str:
    left, right = _phrase_bounds(noun, skip, lex)
    return noun.doc[left : right + 1].text


def _antecedent(sent: Span, before: int, want: str, used: set[int], lex: _Lexicon) -> Token | None:
    """The nearest earlier noun of the wanted sort in the sentence: "destroying two" -> vehicles,
    "two others were wounded" -> soldier."""
    doc = sent.doc
    for i in range(before - 1, sent.start - 1, -1):
        t = doc[i]
        if i in used or not _is_noun(t) or t.lower_ == "others":
            continue
        cls = lex.noun_class.get(t.lower_)
        if want == "person" and cls in PERSON_CLASSES:
            return t
        if want == "vehicle" and t.lower_ in lex.vehicles:
            return t
        if want == "object" and cls == "object":
            return t
    return None


def _coordinated_kind(trigger: Token, kind: str, lex: _Lexicon) -> str | None:
    """The other kind in "were killed or wounded" / "killed and wounded" (one subject for both), else None."""
    cands = [c for c in trigger.children if c.dep_ == "conj"]
    if trigger.dep_ == "conj":
        cands.append(trigger.head)
    doc = trigger.doc
    for c in cands:
        lo, hi = sorted((trigger.i, c.i))
        if any(not (t.is_punct or t.dep_ == "cc") for t in doc[lo + 1 : hi]):
            continue  # only "killed or wounded" side by side shares one count
        if any(x.dep_ in ("nsubj", "nsubjpass", "dobj") for x in c.children):
            continue  # "one was killed and two others were wounded", "killed 3 and injured 5": two counts
        for k in lex.verb_kinds.get(c.lower_, ()) + lex.intransitive_kinds.get(c.lower_, ()):
            if k in lex.person_kinds and k != kind:
                return k
    return None


def _choose_kind(kinds: tuple[str, ...], cls: str, noun: Token | None, lex: _Lexicon) -> str | None:
    for k in kinds:
        if cls == "object":
            if k not in lex.object_kinds:
                continue
            if k == "vehicles_destroyed" and (noun is None or noun.lower_ not in lex.vehicles):
                continue
            return k
        if k in lex.person_kinds:
            return k
    return None


def _hedged(sent: Span, trigger: Token, claimant: Claimant, lex: _Lexicon, hedge_words: list[int]) -> bool:
    """Hedged: the claimant's verb ("claimed"), a hedging verb above the kind word ("with X claiming that"),
    a hedge word in the clause ("reportedly"), or a phrase anywhere ("could not be independently verified").
    """
    if claimant.hedged or lex.hedge_phrases.search(sent.text):
        return True
    a = trigger
    for _ in range(30):
        if a.head.i == a.i:
            break
        a = a.head
        if a.lower_ in lex.hedging_speech and a.tag_.startswith("VB"):
            if not any(
                c.dep_ == "dobj" and (c.lower_ in lex.resp_nouns or c.lower_ in lex.life_nouns)
                for c in a.children
            ):
                return True
    for i in hedge_words:
        t = sent.doc[i]
        # a hedge word inside a relative clause that does not hold the kind word hedges something else
        a, inside = t, True
        for _ in range(30):
            if a.dep_ in _EMBEDDED_DEPS and not (a.left_edge.i <= trigger.i <= a.right_edge.i):
                inside = False
                break
            if a.head.i == a.i:
                break
            a = a.head
        if inside:
            return True
    return False


def _subject_class(
    noun: Token | None,
    phrase: str,
    cls: str,
    mode: str,
    trigger: Token,
    claimant_span: tuple[int, int],
    lex: _Lexicon,
) -> str:
    words = set(_norm(phrase).split())
    if words & lex.enemy:
        return "claimant_enemy"
    if noun is not None:
        poss = [c for c in noun.children if c.dep_ == "poss" and c.lower_ in lex.own_poss]
        if poss and (mode == "loss" or any(c.lower_ in lex.own for c in noun.children)):
            return "claimant_side"
    if mode == "loss":
        # "the group reported losing six fighters": the loser is the speaker
        subj = _subject_of(trigger)
        if subj is None or subj.tag_ == "PRP" or claimant_span[0] <= subj.idx < claimant_span[1]:
            return "claimant_side"
        if subj.lower_ in lex.ref_group or subj.lower_ in lex.ref_any:
            return "claimant_side"
    return cls


# Words that open the list of the members of a counted group ("three of the gunmen, namely ..."), and how many
# tokens after the count they may stand.
_ENUMERATORS = frozenset({"namely", "viz", "viz."})
ENUMERATION_REACH = 6


def _interval(qs: list[Quantity]) -> tuple[int, int | None, str, bool]:
    """The sum of several counts ("two women and a child"): low, high, qualifier, approximate."""
    low = sum(q.value_low for q in qs)
    vague = next((q.qualifier for q in qs if q.vague), None)
    if vague is not None:
        return low, None, vague, False
    if any(q.value_high is None for q in qs):
        return low, None, "at_least", False
    high = sum(q.value_high or 0 for q in qs)
    approx = any(q.approximate for q in qs)
    return low, high, ("about" if approx else "exact"), approx


class _SentenceClaims:
    """Claims of one sentence (only sentences holding a kind word are read)."""

    def __init__(
        self,
        sent: Span,
        claimant: Claimant,
        report_id: str,
        lex: _Lexicon,
        resolve: _ActorCache,
        lowers: np.ndarray,
    ) -> None:
        self.sent = sent
        sent_lowers = lowers[sent.start : sent.end]
        self.hedge_words = _hits(sent.doc, lex.hedge_hashes, sent_lowers, sent.start)
        self.statement_words = _hits(sent.doc, lex.statement_hashes, sent_lowers, sent.start)
        self.doc = sent.doc
        self.claimant = claimant
        self.lex = lex
        self.resolve = resolve
        text = sent.text.rstrip()
        self.evidence_span = (sent.start_char, sent.start_char + len(text), text)
        self.report_id = report_id
        self.used_tokens: set[int] = set()  # tokens of composite subjects already counted
        self.counts: dict[int, _Count] = {}
        for q in find_quantities(sent.text, offset=sent.start_char, include_articles=True):
            span = self.doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            head = span.root
            self.counts[head.i] = _Count(q, head, frozenset(t.i for t in span))
        self.number_tokens = {i for c in self.counts.values() for i in c.tokens}

    def evidence(self, quote: str | None) -> Evidence:
        start, end, text = self.evidence_span
        return Evidence(self.report_id, start, end, text, quote)

    def from_body(self, person: Token | None) -> str | None:
        """The armed body a person is from, when the text says so: "a man from the X cartel", "a man identified
        as Y, from the X cartel" (on the person or on the participle that names them); a place after "from" is
        not a body and resolves to no actor."""
        if person is None or self.lex.noun_class.get(person.lower_) not in PERSON_CLASSES:
            return None
        heads = [person, *(c for c in person.children if c.dep_ == "acl")]
        for h in heads:
            for c in h.children:
                p = _child(c, ("pobj",)) if c.dep_ == "prep" and c.lower_ == "from" else None
                if p is not None:
                    actor = self.resolve(self.doc[p.left_edge.i : p.i + 1].text)
                    if actor is not None:
                        return actor
        return None

    def count_of(self, member: Token) -> Quantity | None:
        """The count of one member of a list: its number, its article ("a child") or 1 for a named person."""
        for c in member.children:
            if c.i in self.counts and c.i < member.i:
                return self.counts[c.i].q
        if member.i in self.counts:
            return self.counts[member.i].q
        if (member.tag_ == "NNP" and member.ent_type_ in ("PERSON", "")) or member.lower_ == "another":
            # a named person; "a member of X and another of Y": one more
            return Quantity(1, 1, "exact", False, member.text, member.idx, member.idx + len(member))
        return None

    def claims(self) -> list[Claim]:
        out: list[Claim] = []
        done: set[int] = self.enumerated_counts()
        for head_i in sorted(self.counts):
            if head_i in done or head_i in self.used_tokens:
                continue
            out.extend(self.count_claims(self.counts[head_i], done))
        out.extend(self.single_person_claims())
        out.extend(self.statement_claims())
        return out

    def enumerated_counts(self) -> set[int]:
        """The counts inside a list that "namely" opens after a count ("three of the gunmen, namely X, a
        commander, and two others"): members of the counted group, not people of their own."""
        out: set[int] = set()
        for t in self.sent:
            if t.lower_ not in _ENUMERATORS:
                continue
            if any(i in self.counts for i in range(max(self.sent.start, t.i - ENUMERATION_REACH), t.i)):
                out.update(i for i in self.counts if i > t.i)
        return out

    # -- one person told without a number ------------------------------------------------------------------

    def single_person_claims(self) -> list[Claim]:
        """Claims about people told one by one without a number: "killing him", "he was shot dead", "causing
        his death", "the officer was killed", "John Doe died". Each counts 1 (`counted` False: when a number
        counts the same group, that number stands)."""
        lex = self.lex
        out: list[Claim] = []
        seen: set[int] = set()
        for t in self.sent:
            found = self.single_patient(t)
            if found is None:
                continue
            patient, kinds = found
            members = [patient, *(c for c in patient.conjuncts if c.i > patient.i)]
            if any(m.i in seen or not self.single_person(m) for m in members):
                continue
            if any(c.dep_ == "neg" for c in t.children) or (
                t.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
            ):
                continue  # "was not killed", "tried to kill him": nobody died
            seen.update(m.i for m in members)
            subject_tok, cls = self.single_subject(patient)
            kind = _choose_kind(kinds, cls, subject_tok, lex)
            if kind is None or kind not in lex.person_kinds:
                continue
            subject = (
                _phrase(subject_tok, self.number_tokens, lex)
                if subject_tok.tag_ != "PRP"
                else subject_tok.text
            )
            if len(members) > 1:
                subject = self.doc[patient.left_edge.i : members[-1].i + 1].text
            cspan = (self.claimant.start, self.claimant.end)
            subject_class = _subject_class(subject_tok, subject, cls, "verb", t, cspan, lex)
            out.append(
                Claim(
                    claimant=self.claimant.name,
                    claimant_role=self.claimant.role,
                    kind=kind,
                    subject=subject,
                    value_low=len(members),
                    value_high=len(members),
                    qualifier="exact",
                    evidence=self.evidence(self.doc[patient.left_edge.i : patient.i + 1].text),
                    subject_actor=self.claimant.actor
                    if subject_class == "claimant_side"
                    else (
                        (self.resolve(subject) or self.from_body(subject_tok))
                        if subject_tok.tag_ != "PRP"
                        else None
                    ),
                    subject_class=subject_class,
                    hedged=_hedged(self.sent, t, self.claimant, lex, self.hedge_words),
                    claimant_actor=self.claimant.actor,
                    counted=False,
                )
            )
        return out

    def single_patient(self, t: Token) -> tuple[Token, tuple[str, ...]] | None:
        """Whom a kind word says was killed (injured, ...): its passive subject or object ("he was killed",
        "killing him"), the subject of an intransitive form ("John Doe died"), the verb's patient for a result
        word ("shot him dead", "was found dead") or the owner of a kind noun ("his death", "the death of the
        officer")."""
        lex = self.lex
        low = t.lower_
        if _is_noun(t):
            if low not in lex.noun_kinds:
                return None
            owner = _child(t, ("poss",))
            if owner is None:
                for c in t.children:
                    if c.dep_ == "prep" and c.lower_ == "of":
                        owner = _child(c, ("pobj",))
            return (owner, lex.noun_kinds[low]) if owner is not None else None
        patient: Token | None = None
        kinds: tuple[str, ...] = ()
        if low in lex.verb_kinds and t.tag_.startswith("VB"):
            patient, kinds = _child(t, ("nsubjpass",)) or _child(t, ("dobj",)), lex.verb_kinds[low]
        if patient is None and low in lex.intransitive_kinds:
            kinds = lex.intransitive_kinds[low]
            h = t.head
            if t.dep_ == "amod" and h.i > t.i and _is_noun(h):
                patient = h  # "shot dead John Doe", "the dead officer"
            elif t.dep_ in ("acomp", "oprd", "xcomp", "advmod") and h.i != t.i and h.tag_.startswith("VB"):
                patient = _child(h, ("nsubjpass", "dobj"))
                if patient is None and h.lemma_ == "be":
                    patient = _child(h, ("nsubj",))
                if patient is None and h.dep_ == "xcomp" and h.head.tag_.startswith("VB"):
                    patient = _child(h.head, ("nsubjpass", "dobj"))  # "was found shot dead"
            elif _child(t, ("dobj",)) is None:
                patient = _child(t, ("nsubj", "nsubjpass"))
        return (patient, kinds) if patient is not None else None

    def single_person(self, tok: Token) -> bool:
        """One person named, referred to or told by a singular noun of people, and not counted by a number."""
        lex = self.lex
        if any(c.i in self.number_tokens for c in tok.subtree):  # its subtree holds the token itself
            return False
        if tok.tag_ in ("PRP", "PRP$"):
            return tok.lower_ in lex.single_pronouns
        if tok.tag_ == "NNP":
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            # "Jalalabad (BNA) ...": a dateline's town followed by the agency, whatever the tagger says
            return tok.ent_type_ == "PERSON" and not (nxt is not None and nxt.text == "(")
        if tok.tag_ != "NN" or tok.lower_ in lex.collective:
            return False
        if lex.noun_class.get(tok.lower_) not in PERSON_CLASSES:
            return False
        det = _child(tok, ("det", "poss"))
        return det is None or det.lower_ in lex.single_dets or det.dep_ == "poss"

    def single_subject(self, patient: Token) -> tuple[Token, str]:
        """The words that say who the one person is, and their class: a name's apposition ("John Doe, a
        teacher"), a pronoun's nearest earlier person in this or the previous sentence, or the noun itself."""
        lex = self.lex
        if patient.tag_ == "NNP":
            for c in patient.children:
                if c.dep_ == "appos" and lex.noun_class.get(c.lower_) in PERSON_CLASSES:
                    return c, lex.noun_class[c.lower_]
            for c in patient.subtree:  # a rank or title in the name: "Major John Doe", "Police Constable X"
                if (
                    c.i < patient.i
                    and c.dep_ == "compound"
                    and lex.noun_class.get(c.lower_) in PERSON_CLASSES
                ):
                    return patient, lex.noun_class[c.lower_]
            return patient, "unknown"
        if patient.tag_ in ("PRP", "PRP$"):
            doc = self.doc
            first = doc[self.sent.start - 1].sent.start if self.sent.start > 0 else 0
            for i in range(patient.i - 1, first - 1, -1):
                t = doc[i]
                if (
                    t.tag_ == "NN"
                    and lex.noun_class.get(t.lower_) in PERSON_CLASSES
                    and t.lower_ not in lex.collective
                    and not any(c.dep_ == "poss" and c.lower_ == "whose" for c in t.children)
                ):  # "a guard, whose son works there, ... shot him": the son is an aside, not whom "him" means
                    cls = lex.noun_class[t.lower_]
                    return t, _side_of_members(t, cls, lex) or cls
                if (
                    t.tag_ == "NNP"
                    and t.ent_type_ == "PERSON"
                    and t.dep_ != "compound"
                    and not (t.dep_ == "pobj" and t.head.lower_ in _PLACE_PREPOSITIONS)
                ):
                    return self.single_subject(t)
            return patient, "unknown"
        cls = lex.noun_class.get(patient.lower_, "unknown")
        return patient, _side_of_members(patient, cls, lex) or cls

    def count_claims(self, count: _Count, done: set[int]) -> list[Claim]:
        lex = self.lex
        num = count.head
        is_article = count.q.text.strip().lower() in ("a", "an")
        if num.i > 0 and self.doc[num.i - 1].lower_ in ("no", "not", "none"):
            return []  # "killed no one", "not one soldier": a negation, not a count
        after = self.doc[num.i + 1 : num.i + 3]
        if len(after) == 2 and after[0].lower_ == "of" and after[1].lower_ in _PARTITIVE_PRONOUNS:
            return []  # "three militiamen, two of whom ...": a part of people counted already
        first = min(count.tokens)
        if (
            first > 1
            and self.doc[first - 1].lower_ == "the"
            and self.doc[first - 2].lower_ in ("among", "of")
        ):
            return []  # "officials were among the 13 killed": the 13 were counted where they were first told
        if first > 1 and self.doc[first - 1].lower_ == "of" and self.doc[first - 2].lower_ in _PART_OF_TALLY:
            return []  # "the dead man, the latest of 30 people killed in two weeks": a tally he is part of
        noun, anchor = _noun_of(num, lex)
        if is_article and (noun is None or num.dep_ != "det"):
            return []
        if noun is not None and num.dep_ == "compound" and noun.dep_ in ("compound", "amod", "nmod"):
            return []  # "a 35-vehicle convoy", "a 13-kilometre area": a modifier, not a count
        others = noun is not None and noun.lower_ in lex.skip
        cls: str | None = None
        if noun is not None and not others:
            cls = _noun_class(noun, lex)
            if cls is None and noun.tag_ in ("NNP", "NNPS") and self.resolve(noun.text):
                cls = "unknown"  # "Thirteen Houthis": members of a named party (its actor resolves below)
            if cls is None and noun.lower_ not in lex.noun_kinds:
                return []
            cls = _side_of_members(noun, cls, lex) or cls
        out: list[Claim] = []
        first_trigger = -1
        for trigger, kinds, mode, base in _trigger_candidates(anchor, noun, lex):
            subject_tok = noun if noun is not None and not others else None
            if mode == "noun" and noun is not None and trigger.i == noun.i:
                subject_tok, cls = noun, "unknown"
                kind = kinds[0] if kinds[0] in lex.person_kinds else None
            elif subject_tok is None:
                want = (
                    "person"
                    if all(k in lex.person_kinds for k in kinds)
                    else (
                        "vehicle"
                        if all(k == "vehicles_destroyed" for k in kinds)
                        else ("object" if all(k in lex.object_kinds for k in kinds) else "any")
                    )
                )
                if is_article:
                    continue
                if want == "any":
                    subject_tok = _antecedent(
                        self.sent, anchor.i, "object", self.used_tokens, lex
                    ) or _antecedent(self.sent, anchor.i, "person", self.used_tokens, lex)
                else:
                    subject_tok = _antecedent(self.sent, anchor.i, want, self.used_tokens, lex)
                cls = _noun_class(subject_tok, lex) if subject_tok is not None else "unknown"
                kind = _choose_kind(kinds, cls or "unknown", subject_tok, lex)
            else:
                kind = _choose_kind(kinds, cls or "unknown", subject_tok, lex)
            if kind is None or cls is None:
                continue
            if mode == "loss" and cls not in PERSON_CLASSES:
                continue
            if out and (kind != "killed" or trigger.i == first_trigger):
                continue  # after the first kind, only the death of those taken (below)
            own = noun if not others else None
            claim = self.make_claim(count, kind, mode, trigger, base, subject_tok, cls, own, done)
            partner = (
                _coordinated_kind(trigger, kind, lex) if mode == "verb" and kind in lex.person_kinds else None
            )
            if partner is None:
                out.append(claim)
                first_trigger = trigger.i
                if claim.kind not in ("captured", "detained") or len(out) > 1:
                    return out
                # "a tailor abducted by gunmen was found shot dead": the people taken were killed too
                continue
            # "20 soldiers were killed or wounded": the count covers both kinds, so each kind is given [0, N]
            high = claim.value_high if claim.value_high is not None else claim.value_low
            claim.value_low, claim.value_high, claim.qualifier, claim.approximate = 0, high, "at_most", False
            other = copy(claim)
            other.kind = partner
            return [*out, claim, other]
        return out

    def make_claim(
        self,
        count: _Count,
        kind: str,
        mode: str,
        trigger: Token,
        base: Token,
        subject_tok: Token | None,
        cls: str,
        own_noun: Token | None,
        done: set[int],
    ) -> Claim:
        lex = self.lex
        done.add(count.head.i)
        q = count.q
        value = (q.value_low, q.value_high, q.qualifier, q.approximate)
        quote = q.text.strip()
        if quote.lower().endswith(" of"):
            quote = quote[:-3]
        subject = _phrase(subject_tok, self.number_tokens, lex) if subject_tok is not None else ""
        actor_phrase = subject
        # "two women and a child were killed": one claim for the list when every member is counted and the
        # kind word governs the whole list (not "three guards dead and nine [guards] injured")
        if cls in PERSON_CLASSES and own_noun is not None and mode != "post":
            # the parser hangs "and two others" on an apposition of the first member ("a commander in the
            # outfit, the Eastern Network, and two others"): the apposition renames it, its conjuncts are members
            joined = [
                *base.conjuncts,
                # (but an apposition "namely" opens lists the counted group: "three, namely X and two others")
                *(
                    x
                    for a in base.children
                    if a.dep_ == "appos"
                    and a.i > base.i
                    and not any(c.lower_ in _ENUMERATORS for c in a.children)
                    for x in a.conjuncts
                ),
            ]
            if base.dep_ == "pobj" and base.head.lower_ == "of":
                # "the killing of a member of X and another of Y": the parser hangs "another" on "killing"
                joined += [x for x in base.head.head.conjuncts if x.lower_ == "another"]
            members = [
                base,
                *[
                    c
                    for c in joined
                    if c.i > base.i and (_is_noun(c) or c.tag_ == "CD" or c.lower_ == "another")
                ],
            ]
            if len(members) > 1:
                qs = [self.count_of(m) for m in members]
                # a member of no known side and no named party ("a commander and three other fighters") is one
                # of the others; "12 members of the IS group" is the group's
                classes = {
                    lex.noun_class.get(m.lower_)
                    for m in members
                    # a name is nobody's kind; a kind word capitalised in a headline ("Civilian") still is
                    if (m.tag_ not in ("NNP", "NNPS") or m.lower_ in lex.noun_class)
                    and not (lex.noun_class.get(m.lower_) == "unknown" and not _of_a_party(m))
                } - {None}
                if all(x is not None for x in qs) and len(classes) <= 1:
                    value = _interval([x for x in qs if x is not None])
                    for m in members:
                        for c in [*m.children, m]:
                            if c.i in self.counts:
                                done.add(c.i)
                    first = self.doc[_phrase_bounds(members[0], set(), lex)[0]]
                    lo = min(first.i, min(m.left_edge.i for m in members if m.dep_ == "conj"))
                    subject = self.doc[lo : members[-1].i + 1].text
                    q_lo = min(lo, *(t for t in self.counts[count.head.i].tokens))
                    quote = self.doc[q_lo : members[-1].i + 1].text
                    if classes:
                        cls = classes.pop() or cls
                        # the actor of the members that are not names: "SHO X and several police personnel"
                        named = [m for m in members if m.tag_ not in ("NNP", "NNPS")]
                        actor_phrase = _phrase(named[0], self.number_tokens, lex)
        # "three people, including two women": one claim, its subject keeps the detail
        if subject_tok is not None and own_noun is not None and subject_tok.i == own_noun.i:
            for c in subject_tok.children:
                if c.dep_ == "prep" and c.lower_ in ("including", "incl"):
                    p = _child(c, ("pobj",))
                    if p is not None:
                        # the detail is the listed people only ("two women", "71 women and 144 children")
                        last = max(
                            [p.i]
                            + [
                                x.i
                                for x in p.conjuncts
                                if x.i > p.i and lex.noun_class.get(x.lower_) in PERSON_CLASSES
                            ]
                        )
                        sub = self.doc[p.left_edge.i : last + 1]
                        subject = f"{subject} incl. {sub.text}"
                        self.used_tokens.update(range(sub.start, sub.end))
                        for t in sub:
                            done.add(t.i)
        cspan = (self.claimant.start, self.claimant.end)
        subject_class = _subject_class(subject_tok, subject, cls, mode, trigger, cspan, lex)
        if subject_class == "claimant_side":
            subject_actor = self.claimant.actor
        elif subject_class in ("claimant_enemy", "object") or not subject:
            subject_actor = None
        else:
            subject_actor = self.resolve(actor_phrase) or self.from_body(subject_tok)
        if mode == "loss" and subject_actor is None:
            loser = _subject_of(trigger)  # "ISIS lost 11 members": the loser's people
            if loser is not None and loser.tag_ != "PRP":
                subject_actor = self.resolve(_phrase(loser, self.number_tokens, lex))
        low, high, qualifier, approx = value
        return Claim(
            claimant=self.claimant.name,
            claimant_role=self.claimant.role,
            kind=kind,
            subject=subject,
            value_low=low,
            value_high=high,
            qualifier=qualifier,
            evidence=self.evidence(quote),
            subject_actor=subject_actor,
            subject_class=subject_class,
            approximate=approx,
            hedged=_hedged(self.sent, trigger, self.claimant, lex, self.hedge_words),
            claimant_actor=self.claimant.actor,
        )

    def statement_claimant(self, verb: Token) -> Claimant:
        """The claimant of a responsibility/denial verb: its named subject, else the sentence's claimant."""
        subj = _subject_of(verb)
        c = self.claimant
        if subj is None or subj.tag_ == "PRP" or (c.start <= subj.idx < c.end):
            return c
        sp = _speaker(subj, verb, self.lex, self.resolve)
        if sp.claimant is None:
            return c
        return sp.claimant

    def statement_claims(self) -> list[Claim]:
        """ "X claimed responsibility for the attack" and "X denied involvement": claims without a number."""
        lex = self.lex
        out: list[Claim] = []
        for i in self.statement_words:
            t = self.doc[i]
            kind: str | None = None
            verb: Token | None = None
            obj: Token | None = None
            if (
                t.lower_ in lex.resp_nouns
                and t.dep_ in ("dobj", "attr", "nsubjpass")
                and t.head.lower_ in lex.resp_verbs
            ):
                kind, verb, obj = "responsibility", t.head, t
            elif t.lower_ in lex.denial_verbs and t.tag_.startswith("VB"):
                o = _child(t, ("dobj",))
                if o is not None and o.lower_ in lex.denial_nouns:
                    kind, verb, obj = "denial", t, o
            if kind is None or verb is None or obj is None:
                continue
            if _negated_statement(verb):
                continue  # "no group has claimed responsibility", "it did not claim the attack": nobody claims
            claimant = self.statement_claimant(verb)
            subject = ""
            if kind == "responsibility":
                for c in obj.children:
                    if c.dep_ == "prep" and c.lower_ in ("for", "of"):
                        p = _child(c, ("pobj", "pcomp"))
                        if p is not None:
                            left, right = p.left_edge.i, p.right_edge.i
                            while left < right and self.doc[left].tag_ == "DT":
                                left += 1
                            subject = self.doc[left : right + 1].text
            else:
                subject = _phrase(obj, set(), lex)
            hedged = bool(lex.hedge_phrases.search(self.sent.text)) or any(
                self.doc[x].head.i == verb.i for x in self.hedge_words
            )
            out.append(
                Claim(
                    claimant=claimant.name,
                    claimant_role=claimant.role,
                    kind=kind,
                    subject=subject,
                    value_low=None,
                    value_high=None,
                    qualifier=None,
                    evidence=self.evidence(self.doc[min(verb.i, obj.i) : max(verb.i, obj.i) + 1].text),
                    subject_actor=None,
                    subject_class="unknown",
                    hedged=hedged,
                    stance="denies" if kind == "denial" else "asserts",
                    claimant_actor=claimant.actor,
                )
            )
        return out


_NEGATIVE_SUBJECT_WORDS = frozenset({"no", "none", "nobody", "neither", "nor"})


def _negated_statement(verb: Token) -> bool:
    """A negated statement verb ("did not claim") or one whose subject is negative ("no group", "none of")."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    subj = _subject_of(verb)
    if subj is None:
        return False
    return subj.lower_ in _NEGATIVE_SUBJECT_WORDS or any(
        c.dep_ == "det" and c.lower_ in _NEGATIVE_SUBJECT_WORDS for c in subj.children
    )


def find_claims(
    doc: Doc,
    report_id: str,
    resolve_actor: ResolveActor | None = None,
    claimants: list[Claimant] | None = None,
    outlet: str | None = None,
) -> list[Claim]:
    """Every claim in a parsed report, in text order (duplicates kept: see dedupe_claims).

    claimants: one per sentence, as sentence_claimants returns them (computed here when not given).
    """
    lex = lexicon()
    if claimants is None:
        claimants = sentence_claimants(doc, resolve_actor, outlet)
    resolve = _ActorCache(resolve_actor)
    out: list[Claim] = []
    if len(doc) == 0:
        return out
    lowers = doc.to_array(LOWER)
    hits = _hits(doc, lex.trigger_hashes, lowers)
    if not hits:
        return out
    sents = list(doc.sents)
    starts = np.array([s.start for s in sents], dtype=np.int64)
    # only sentences holding a kind word are read
    for k in sorted(set((np.searchsorted(starts, hits, side="right") - 1).tolist())):
        out.extend(_SentenceClaims(sents[k], claimants[k], report_id, lex, resolve, lowers).claims())
    return out


# ----------------------------------------------------------------------------------------------------
# Duplicates


def _claimant_key(c: Claim) -> str:
    return c.claimant_actor or c.claimant.lower()


def _same_subject_class(a: str, b: str) -> bool:
    """Equal classes; "enemy personnel" (claimant_enemy) matches a named side (state or nonstate)."""
    if a == b:
        return True
    pair = {a, b}
    return "claimant_enemy" in pair and bool(pair & {"state", "nonstate"})


def dedupe_claims(claims: list[Claim]) -> list[Claim]:
    """Drop repeats within one event: the same claimant, kind, subject class and value told twice ("more than
    15" in the lead, "over fifteen" in the quote) keep the first. Called by the events stage per event."""
    kept: list[Claim] = []
    for c in claims:
        dup = False
        for k in kept:
            if (
                k.kind == c.kind
                and _claimant_key(k) == _claimant_key(c)
                and k.value_low == c.value_low
                and k.value_high == c.value_high
                and (
                    k.kind in ("responsibility", "denial")
                    or _same_subject_class(k.subject_class, c.subject_class)
                )
            ):
                dup = True
                break
        if not dup:
            kept.append(c)
    return kept
