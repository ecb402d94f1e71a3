"""Event detection, typing and segmentation: which sentences report which distinct events.

Input: one parsed report with its actor, place, time and claim mentions. Output: coded events and reported
statistics. Rules are general patterns of news prose; the words they use live in data/events.yaml.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from .actors import ActorRegistry
from .claims import PERSON_CLASSES
from .claims import lexicon as claims_lexicon
from .config import load_data, word_classes
from .dates import apply_relative
from .geo import same_name
from .places import HYPHENS, PlaceIndex, PlaceMention
from .places import lexicon as places_lexicon
from .quantities import parse_quantity
from .records import (
    Actor,
    ActorMention,
    Claim,
    Event,
    Evidence,
    Location,
    Quantity,
    Report,
    ReportedStatistic,
    TimeSpan,
)

# ------------------------------------------------------------------------------------------------------------
# Lexicon


@dataclass(slots=True)
class TriggerSpec:
    action: str
    event_type: str
    sub_event_type: str
    strength: str


@dataclass(slots=True)
class EventLexicon:
    triggers: dict[str, TriggerSpec]  # action -> spec
    forms: dict[str, str]  # lower-cased form -> action
    priority: dict[str, int]
    takeover_objects: frozenset[str]
    generic_modifiers: frozenset[str]
    generic_adverbs: frozenset[str]
    tally_adverbs: frozenset[str]  # with a perfect verb, a count up to now: "has killed 850 nationwide"
    irrealis: frozenset[str]
    separate_markers: frozenset[str]
    soft_separate_markers: frozenset[str]  # "meanwhile": a new event, unless the sentence refers back
    part_nouns: frozenset[str]
    launch_verbs: frozenset[str]  # "fired rockets": the rockets are one attack's means
    explosive_nouns: frozenset[str]  # what "went off" must be said of
    aircraft_nouns: frozenset[str]  # "warplanes struck": the subject makes a striking verb an air strike
    disarm_verbs: frozenset[str]  # forms: "recovered 16 IEDs", "a bomb was defused": no explosion
    strike_verbs: frozenset[str]
    anaphoric: frozenset[str]
    target_words: dict[str, str]  # word -> side class
    speech_verbs: frozenset[str]
    reaction_verbs: frozenset[str]  # "condemned the attack": the subject tells of or reacts to the event
    killing_non_objects: frozenset[str]
    dead_words: frozenset[str]
    finding_forms: frozenset[str]  # forms that tell a killing only of the dead they find ("found")
    reference_heads: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> EventLexicon:
    raw = load_data("events.yaml")
    triggers: dict[str, TriggerSpec] = {}
    forms: dict[str, str] = {}
    finding: set[str] = set()
    for entry in raw["triggers"]:
        spec = TriggerSpec(entry["action"], entry["event_type"], entry["sub_event_type"], entry["strength"])
        triggers[spec.action] = spec
        found = [str(f).lower() for f in entry.get("finding_forms") or []]
        finding.update(found)
        for f in [*entry["forms"], *found]:
            forms.setdefault(str(f).lower(), spec.action)
    target_words = word_classes(raw["target_words"])
    return EventLexicon(
        triggers=triggers,
        forms=forms,
        priority={a: i for i, a in enumerate(raw["action_priority"])},
        takeover_objects=frozenset(raw["takeover_objects"]),
        generic_modifiers=frozenset(raw["generic_modifiers"]),
        generic_adverbs=frozenset(raw["generic_adverbs"]),
        tally_adverbs=frozenset(raw["tally_adverbs"]),
        irrealis=frozenset(raw["irrealis_words"]),
        separate_markers=frozenset(str(w) for w in raw["separate_markers"]),
        soft_separate_markers=frozenset(str(w) for w in raw["soft_separate_markers"]),
        part_nouns=frozenset(str(w) for w in raw["part_nouns"]),
        launch_verbs=frozenset(str(w) for w in raw["launch_verbs"]),
        explosive_nouns=frozenset(str(w) for w in raw["explosive_nouns"]),
        aircraft_nouns=frozenset(str(w) for w in raw["aircraft_nouns"]),
        disarm_verbs=frozenset(str(w) for w in raw["disarm_verbs"]),
        strike_verbs=frozenset(str(w) for w in raw["strike_verbs"]),
        anaphoric=frozenset(raw["anaphoric_determiners"]),
        target_words=target_words,
        speech_verbs=frozenset(raw["speech_verbs"]),
        reaction_verbs=frozenset(raw["reaction_verbs"]),
        killing_non_objects=frozenset(raw["killing_non_objects"]),
        dead_words=frozenset(raw["dead_words"]),
        finding_forms=frozenset(finding),
        reference_heads=frozenset(raw["reference_heads"]),
    )


_MATCHERS: dict[int, PhraseMatcher] = {}


def _matcher(vocab: Vocab) -> PhraseMatcher:
    key = id(vocab)
    if key not in _MATCHERS:
        lex = lexicon()
        m = PhraseMatcher(vocab, attr="LOWER")
        tokenizer_docs: dict[str, list[Doc]] = {}
        for form, action in lex.forms.items():
            tokenizer_docs.setdefault(action, []).append(Doc(vocab, words=form.split()))
        for action, docs in tokenizer_docs.items():
            m.add(action, docs)
        _MATCHERS[key] = m
    return _MATCHERS[key]


# ------------------------------------------------------------------------------------------------------------
# Inputs: everything the earlier stages found in one report


@dataclass(slots=True)
class ReportContext:
    """One parsed report with the mentions of the earlier stages (all spans in character offsets of doc)."""

    report: Report
    doc: Doc
    country: str | None
    actors: list[ActorMention]
    places: list[PlaceMention]
    times: list[TimeSpan]
    claims: list[Claim]
    claimant_actors: list[str | None]  # per sentence: the actor the sentence's claimant speaks for
    claimant_names: list[str]  # per sentence: the claimant's name
    registry: ActorRegistry
    claimant_explicit: list[bool] = field(
        default_factory=list
    )  # per sentence: the sentence names its speaker
    # Set by build_events: the indices of the events a separate-event marker opened ("in a separate attack")
    told_apart: set[int] = field(default_factory=set)
    # Derived once per report, read by every step below:
    place_index: PlaceIndex = field(init=False)  # the text's own place hierarchy, from places
    sents: list[Span] = field(init=False)  # doc.sents as a list
    sent_of_token: list[int] = field(init=False)  # token index -> sentence index
    _sent_starts: list[int] = field(init=False)  # each sentence's first character

    def __post_init__(self) -> None:
        self.place_index = PlaceIndex.build(self.places)
        self.sents = list(self.doc.sents)
        self.sent_of_token = [0] * len(self.doc)
        for i, sent in enumerate(self.sents):
            self.sent_of_token[sent.start : sent.end] = [i] * (sent.end - sent.start)
        self._sent_starts = [sent.start_char for sent in self.sents]

    def sentence_of_char(self, ch: int) -> int:
        """The index of the sentence a character offset falls in."""
        return max(0, bisect.bisect_right(self._sent_starts, ch) - 1)


# ------------------------------------------------------------------------------------------------------------
# Mentions of events


@dataclass(slots=True)
class Mention:
    """One trigger (or group of triggers in one clause) in one sentence."""

    sent_index: int
    tokens: list[Token]
    actions: list[str]
    anaphoric: bool = False
    generic: bool = False
    counted: bool = False  # "two separate attacks", "111 operations": an aggregate
    strength: str = "weak"
    own_time: TimeSpan | None = None
    statement_time: TimeSpan | None = None
    relative_time: TimeSpan | None = None
    place: PlaceMention | None = None
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    others: list[ActorMention] = field(default_factory=list)
    target_side: str | None = None  # military | police | civilian | nonstate

    @property
    def head(self) -> Token:
        return self.tokens[0]

    def main_action(self) -> str:
        lex = lexicon()
        return min(self.actions, key=lambda a: lex.priority.get(a, 99))


@dataclass(slots=True)
class Draft:
    """An event being assembled from one or more mentions."""

    mentions: list[Mention]
    sentences: list[int]
    actions: list[str]
    own_time: TimeSpan | None
    statement_time: TimeSpan | None
    place: PlaceMention | None
    actor1: ActorMention | None
    actor2: ActorMention | None
    others: list[ActorMention]
    target_sides: list[str]
    claims: list[Claim] = field(default_factory=list)
    separate: bool = False
    inherited_time: TimeSpan | None = None

    @classmethod
    def of(cls, m: Mention, separate: bool = False) -> Draft:
        """A new event started by one mention."""
        return cls(
            mentions=[m],
            sentences=[m.sent_index],
            actions=list(m.actions),
            own_time=m.own_time,
            statement_time=m.statement_time,
            place=m.place,
            actor1=m.actor1,
            actor2=m.actor2,
            others=list(m.others),
            target_sides=[m.target_side] if m.target_side else [],
            separate=separate,
        )

    def time_key(self):
        t = self.own_time
        return (t.date, t.date_end) if t and t.date else None


def _sent_text_has(sent: Span, words: frozenset[str]) -> bool:
    return any(t.lower_ in words for t in sent)


def find_mentions(ctx: ReportContext) -> list[Mention]:
    """Every event trigger in the report, grouped per clause, with generic and anaphoric uses marked."""
    lex = lexicon()
    doc = ctx.doc
    matches = _matcher(doc.vocab)(doc)
    # Longest match wins where phrases overlap ("suicide attack" over "attack").
    spans = sorted(
        ((doc.vocab.strings[mid], s, e) for mid, s, e in matches), key=lambda x: (x[1], -(x[2] - x[1]))
    )
    chosen: list[tuple[str, int, int]] = []
    last_end = -1
    for action, s, e in spans:
        if s < last_end:
            continue
        chosen.append((action, s, e))
        last_end = e
    # "warplanes struck a garage": a striking verb said of aircraft is an air strike, matched or not
    taken = {i for _, s, e in chosen for i in range(s, e)}
    chosen = [
        ("air_strike" if e - s == 1 and _aircraft_strike(doc[s], lex) else action, s, e)
        for action, s, e in chosen
    ]
    chosen += [("air_strike", t.i, t.i + 1) for t in doc if t.i not in taken and _aircraft_strike(t, lex)]
    chosen.sort(key=lambda x: x[1])
    sent_of = ctx.sent_of_token
    by_sent: dict[int, list[tuple[str, Token]]] = {}
    for action, s, e in chosen:
        tok = _head_of(doc[s:e])
        if not _trigger_applies(action, tok, doc[s:e], lex):
            continue
        by_sent.setdefault(sent_of[s], []).append((action, tok))
    mentions: list[Mention] = []
    for si in sorted(by_sent):
        mentions.extend(_group_clause(si, by_sent[si], lex))
    for m in mentions:
        _drop_settings_of_arrests(m)
    for m in mentions:
        _qualify(m, lex)
    return mentions


# Actions a weapon noun names ("IEDs", "grenades", "rockets").
_WEAPON_ACTIONS = frozenset({"ied", "grenade", "shelling"})


def _disarmed(tok: Token, lex: EventLexicon) -> bool:
    """The weapon noun is what a disarming or possessing verb governs: its object or passive subject, directly or
    as an item of a list or a prepositional phrase under it ("recovered guns, 16 IEDs and a detonator")."""
    t = tok
    for _ in range(8):
        head = t.head
        if head.i == t.i:
            return False
        if head.tag_.startswith("VB"):
            return head.lower_ in lex.disarm_verbs and t.dep_ in {"dobj", "nsubjpass", "conj", "appos"}
        t = head
    return False


def _aircraft_strike(tok: Token, lex: EventLexicon) -> bool:
    """A striking verb whose subject, or passive agent, is an aircraft ("Russian warplanes struck", "was hit by a
    drone")."""
    if tok.lower_ not in lex.strike_verbs or not tok.tag_.startswith("VB"):
        return False
    for c in tok.children:
        if c.dep_ == "nsubj" and c.lower_ in lex.aircraft_nouns:
            return True
        if c.dep_ == "agent" and any(g.dep_ == "pobj" and g.lower_ in lex.aircraft_nouns for g in c.children):
            return True
    return False


def _drop_settings_of_arrests(m: Mention) -> None:
    """ "arrested two suspects in a raid on a house", "detained during a search operation": the raid or operation
    is how the arrest was made, not a second action; the arrest types the event (killings in the same clause
    stay and still outrank it)."""
    arrests = [t for t, a in zip(m.tokens, m.actions, strict=True) if a in {"arrest", "detention"}]
    if not arrests:
        return
    keep = [
        (t, a)
        for t, a in zip(m.tokens, m.actions, strict=True)
        if not (
            a in {"attack", "operation"}
            and t.dep_ == "pobj"
            and t.head.lower_ in {"in", "during"}
            and any(t.head.head.i == x.i for x in arrests)
        )
    ]
    if len(keep) < len(m.tokens):
        m.tokens = [t for t, _ in keep]
        m.actions = [a for _, a in keep]


def _head_of(span: Span) -> Token:
    """The syntactic head of a matched phrase ("drone strike" -> strike, "took control" -> took)."""
    for t in span:
        if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i:
            return t
    return span[0]


# The action of words that only refer back to an event ("the incident"): events.yaml.
REFERENCE = "reference"


def _trigger_applies(action: str, tok: Token, span: Span, lex: EventLexicon) -> bool:
    low = tok.lower_
    if action == REFERENCE:
        # "the incident", "this incident" refers back; "an incident" names nothing Khabar can code
        return any(c.dep_ in {"det", "poss"} and c.lower_ in lex.anaphoric for c in tok.children)
    if action == "takeover" and len(span) == 1 and low not in {"takeover", "take-over"}:
        # take/capture/seize/occupy verbs change territory only with a place or "control" as their object
        # ("took control of X", "captured the town", "seized X"); "seized rifles", "occupying forces" do not.
        if not tok.tag_.startswith("VB") or tok.dep_ == "amod":
            return False
        if any(c.dep_ == "prt" and c.lower_ == "up" for c in tok.children):
            return False  # "took up positions at the monastery": troops deployed, nothing changed hands
        objs = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass", "attr"}]
        ok = False
        for o in objs:
            if o.lower_ in lex.takeover_objects:
                ok = True
            elif o.tag_ in {"NNP", "NNPS"} and o.ent_type_ not in {"NORP"}:
                ok = True
        return ok
    if action in _WEAPON_ACTIONS and not tok.tag_.startswith("VB") and _disarmed(tok, lex):
        return False  # "recovered sixteen IEDs and a bomb detonator", "the bomb was defused"
    if action == "ied" and low == "went":
        # "went off" alone tells an explosion only of a thing that explodes (an alarm goes off too)
        return any(c.dep_ == "nsubj" and c.lower_ in lex.explosive_nouns for c in tok.children)
    if low in lex.finding_forms:
        # "the bodies of four people were found", "was found dead": a finding verb tells a killing only of the
        # dead
        if not tok.tag_.startswith("VB"):
            return False
        return any(
            c.dep_ in {"nsubjpass", "dobj", "acomp", "oprd", "advmod", "xcomp"} and c.lower_ in lex.dead_words
            for c in tok.children
        )
    if action == "killing" and tok.tag_.startswith("VB"):
        # "executed the mission", "killed the deal": a killing verb needs people as its object, if it has one
        for c in tok.children:
            if c.dep_ == "dobj" and c.lower_ in lex.killing_non_objects:
                return False
    if action == "detention" and tok.tag_ not in {"VBD", "VBG", "VBN", "NN"}:
        return False
    if action == "operation" and tok.lower_ in {"operation", "operations"}:
        # "Operation Herof", "operations room": a named campaign or a compound is not an event.
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if tok.text[0].isupper() and nxt is not None and nxt.tag_ in {"NNP", "NNPS"}:
            return False
        if tok.dep_ == "compound":
            return False
    if action == "attack" and low in {"targeted", "targeting"} and tok.dep_ in {"amod"}:
        return False
    if action == "killing" and low == "shot" and tok.dep_ == "compound":
        return False
    if action in {"protest", "riot"} and (
        tok.dep_ == "compound" or any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)
    ):
        # "a demonstration of strength" is not a protest
        return False
    if tok.dep_ == "compound" and action not in {"ied", "air_strike", "suicide", "grenade"}:
        return False
    if tok.dep_ == "compound" and len(span) == 1 and tok.head.lower_ not in lex.forms:
        # "bomb blast", "drone attack": a weapon before an event word tells the event; before a thing ("a bomb
        # detonator", "the IED factory", "grenade launchers") it tells the thing
        return False
    if _refers_back(tok, lex):
        return False
    return True


def _refers_back(tok: Token, lex: EventLexicon) -> bool:
    """A definite trigger noun under a reference word ("in connection with the attack", "behind the bombing")
    names an event told elsewhere."""
    if not tok.tag_.startswith("NN") or tok.dep_ != "pobj":
        return False
    if not any(c.dep_ in {"det", "poss"} and c.lower_ not in {"a", "an"} for c in tok.children):
        return False
    h = tok.head  # the preposition
    for _ in range(3):
        h = h.head
        if h.lower_ in lex.reference_heads:
            return True
        if h.dep_ not in {"prep", "pobj"}:
            break
    return False


def _group_clause(si: int, items: list[tuple[str, Token]], lex: EventLexicon) -> list[Mention]:
    """Triggers that depend on one another (an action and its participle, a verb and its object noun) form one
    mention; triggers on coordinated main verbs ("captured the town and carried out an ambush") stay apart."""
    groups: list[Mention] = []
    for action, tok in items:
        placed = False
        for g in groups:
            if _same_clause(tok, g.tokens):
                g.tokens.append(tok)
                g.actions.append(action)
                placed = True
                break
        if not placed:
            groups.append(Mention(sent_index=si, tokens=[tok], actions=[action]))
    return groups


def _clause_verb(tok: Token) -> Token:
    """The verb a trigger belongs to: itself for a verb, the governing verb for a noun/adjective."""
    t = tok
    for _ in range(4):
        if t.tag_.startswith("VB") and t.dep_ not in {"amod", "compound"}:
            return t
        if t.head.i == t.i:
            return t
        t = t.head
    return t


def _same_clause(tok: Token, others: list[Token]) -> bool:
    v = _clause_verb(tok)
    for o in others:
        ov = _clause_verb(o)
        if v.i == ov.i:
            return True
        # participle or purpose clause of the other's verb: "ambushed ..., killing", "entered, taking control"
        if (
            v.dep_ in {"advcl", "xcomp", "acl", "pcomp"}
            and v.head.i == ov.i
            and v.tag_ in {"VBG", "VBN", "VB"}
        ):
            return True
        if (
            ov.dep_ in {"advcl", "xcomp", "acl", "pcomp"}
            and ov.head.i == v.i
            and ov.tag_ in {"VBG", "VBN", "VB"}
        ):
            return True
        # a trigger noun inside the other's phrase: "the attack resulted in ... eliminated", "ambush with an
        # IED"
        # (but not across coordinated verbs: "captured the town and carried out an ambush")
        if tok.i in _no_conj_subtree(o) or o.i in _no_conj_subtree(tok):
            return True
    return False


def _no_conj_subtree(tok: Token) -> set[int]:
    out = {tok.i}
    stack = [c for c in tok.children if c.dep_ not in {"conj", "cc"}]
    while stack:
        t = stack.pop()
        out.add(t.i)
        stack.extend(c for c in t.children if not (t.tag_.startswith("VB") and c.dep_ == "conj"))
    return out


# Words that place one event in a series of them ("the third such killing").
_ORDINALS = frozenset(
    {
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "latest",
        "another",
    }
)


def _qualify(m: Mention, lex: EventLexicon) -> None:
    """Mark a mention generic (a summary, habit or hypothesis), counted (an aggregate) or anaphoric."""
    m.strength = "strong" if any(lex.triggers[a].strength == "strong" for a in m.actions) else "weak"
    only_reference = all(a == REFERENCE for a in m.actions)
    for tok, action in zip(m.tokens, m.actions, strict=True):
        if action == REFERENCE and not only_reference:
            continue  # "in the most recent incident, X was killed on April 28": the killing is the mention
        kids = list(tok.children)
        words = {c.lower_ for c in kids}
        is_noun = tok.tag_.startswith("NN")
        plural = tok.tag_ in {"NNS", "NNPS"}
        if is_noun and not _people_noun(tok):
            # a trigger that names people ("three other demonstrators", "two suicide bombers") counts or
            # qualifies the people of an event, not events: none of these three tests is for it
            # "a series of attacks", "several attempts ... repeated ambushes"
            if (
                words & lex.generic_modifiers
                or (tok.head.lower_ in lex.generic_modifiers and tok.dep_ == "pobj")
                or (tok.dep_ == "pobj" and tok.head.head.lower_ in lex.generic_modifiers)
            ) and not words & _ORDINALS:
                # (but "the third such killing in a day", "another such attack": this one, counted among others)
                m.generic = True
            for c in kids:
                if (
                    c.dep_ == "nummod"
                    and c.lower_ not in {"one", "1", "a"}
                    and not _parts_of_one(tok, c, lex)
                ):
                    m.counted = True  # "two separate attacks"
            if (
                plural
                and tok.dep_ == "pobj"
                and tok.head.lower_ == "including"
                and tok.head.head.tag_ == "NNS"
            ):
                # "all the crimes, including the kidnappings": examples of a kind of events, not one event
                m.generic = True
            if (
                plural
                and not any(c.dep_ in {"det", "poss", "nummod"} for c in kids)
                and not m.counted
                and not _means_of_verb(tok, m)
            ):
                # a bare plural ("disappearances and killings") names a kind of event, not one event, unless it
                # is how a counted group died ("three rebels were killed in landmine explosions")
                if (
                    tok.lower_ not in {"clashes", "hostilities", "airstrikes", "air strikes"}
                    or words & lex.generic_modifiers
                ) and not _cause_of_counted_casualties(tok):
                    m.generic = True
        if is_noun:
            dets = {c.lower_ for c in kids if c.dep_ in {"det", "poss", "amod"}}
            introduces = any(
                c.dep_ == "prep"
                and c.lower_ == "of"
                and any(
                    g.dep_ == "pobj" and (any(x.lower_ in {"a", "an"} for x in g.children) or g.tag_ == "NNP")
                    for g in c.children
                )
                for c in kids
            )
            # "the bomb they were planting": a restrictive relative clause says which one, as a first mention can
            described = action != REFERENCE and any(c.dep_ == "relcl" for c in kids)
            if introduces and tok.lower_ not in {"takeover", "take-over"}:
                # "the arrest of a suspected facilitator" introduces a new participant: a new event, told as
                # known
                m.strength = "strong"
            elif (
                dets & lex.anaphoric
                and not any(c.dep_ == "nummod" for c in kids)
                and "own" not in words
                and not described
            ):
                m.anaphoric = True
            if any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in kids) and "own" not in words:
                m.anaphoric = True  # "its attack" refers back; "their own mine explosion" is whose, not which
        verb = _clause_verb(tok)
        vkids = {c.lower_ for c in verb.children}
        if plural and tok.dep_ in {"nsubj", "nsubjpass"} and verb.tag_ in {"VBP", "VBZ"}:
            # a plural event noun as the subject of a simple present verb states a habit or a generalisation
            # ("their operations target only militants", "raids continue in the district"), not one event
            m.generic = True
        if vkids & lex.generic_adverbs or words & lex.generic_adverbs:
            m.generic = True
        if any(c.dep_ in {"aux", "auxpass"} and c.lower_ in lex.irrealis for c in verb.children):
            m.generic = True
        # governed by a hypothetical/planning verb: "threatened to attack", "tried to storm"
        anc = verb.head
        if verb.dep_ in {"xcomp", "ccomp"} and anc.lower_ in lex.irrealis:
            m.generic = True
        # "amid threats of kidnapping", "fears of an attack": what is feared has not happened
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in _FEARED:
            m.generic = True
        # an accusation or allegation about something ("accused of targeting civilians") is a statement
        for a in list(tok.ancestors)[:4]:
            if a.lower_ in lex.irrealis and a.lower_.startswith(("accus", "alleg", "blam")):
                m.generic = True
        if any(c.dep_ == "neg" for c in verb.children) or any(c.dep_ == "neg" for c in kids):
            m.generic = True
        if _running_tally(verb) or _nationwide(verb):
            m.generic = True
        if is_noun and _since_phrase(tok):
            m.generic = True


# Nouns whose "of" names what may happen, not what happened ("threats of kidnapping", "fear of attacks").
_FEARED = frozenset({"threat", "threats", "fear", "fears", "risk", "risks", "danger", "prospect"})


def _since_phrase(tok: Token) -> bool:
    """tok is inside a "since" phrase ("besieged since the beginning of the clashes", "closed since the
    attack"): the phrase names when a stretch of time began, by an event told before, not an event of its own."""
    t = tok
    for _ in range(4):
        if t.head.i == t.i or t.tag_.startswith("VB"):
            return False
        t = t.head
        if t.lower_ == "since" and t.dep_ == "prep":
            return True
    return False


def _means_of_verb(tok: Token, m: Mention) -> bool:
    """tok is the object of a verb and one of the mention's triggers is a verb ("used landmines to ambush a
    column", "fired rockets, killing two"): the verb tells one event and the bare plural is its means, not a
    kind of event; so is the subject of a past kill verb of the mention ("mortar shells killed two boys"), and
    the object of a firing verb ("fired rockets into the town") and the setting of another trigger of the
    mention ("shot dead a man during protests")."""
    if tok.dep_ == "nsubj" and tok.head.tag_ == "VBD" and any(t.i == tok.head.i for t in m.tokens):
        return True
    if tok.dep_ == "dobj" and tok.head.tag_ in {"VBD", "VBN"} and tok.head.lower_ in lexicon().launch_verbs:
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ in {"during", "amid", "amidst"}:
        # "shot dead a man during protests": the setting of the mention's own act (the parser may hang the
        # phrase on the act's object)
        holder = tok.head.head
        return any(t.i in (holder.i, holder.head.i) and t.i != tok.i for t in m.tokens)
    return tok.dep_ == "dobj" and any(
        t.tag_.startswith("VB") and t.dep_ not in {"amod", "compound"} and t.i != tok.i for t in m.tokens
    )


def _people_noun(tok: Token) -> bool:
    """A trigger that names people, not an action ("suicide bombers", "demonstrators"): the claims lexicon's
    nouns of people."""
    return claims_lexicon().noun_class.get(tok.lower_) in PERSON_CLASSES


# The most parts ("two car bomb blasts") one attack is told with; more are several events.
COUNTED_PARTS = 3


def _parts_of_one(noun: Token, num: Token, lex: EventLexicon) -> bool:
    """ "two car bomb blasts", "three rockets": a small count of one attack's parts, in a sentence with no
    separate-event marker ("two separate attacks", "in another blast"), is that one attack."""
    if noun.lower_ not in lex.part_nouns:
        return False
    q = parse_quantity(num.text)
    return (
        q is not None and q.value_low <= COUNTED_PARTS and not _sent_text_has(noun.sent, lex.separate_markers)
    )


# ------------------------------------------------------------------------------------------------------------
# Attaching times, places and actors to mentions


def _perfect(verb: Token, past: bool = False) -> bool:
    """A present perfect: "have died", "has been killed"; with `past`, a past perfect ("had killed") too."""
    auxiliaries = {"have", "has", "'ve", "had", "'d"} if past else {"have", "has", "'ve"}
    return any(c.dep_ == "aux" and c.lower_ in auxiliaries for c in verb.children)


def _nationwide(verb: Token) -> bool:
    """The clause counts across a whole country ("were killed during 355 clashes across the country"): a national
    summary, not one event at one place."""
    return any(
        t.lower_ in {"country", "nation"} and t.head.lower_ in {"across", "throughout"} for t in verb.subtree
    )


def _running_tally(verb: Token) -> bool:
    """ "have been killed since the conflict began", "since the coup": a perfect verb with a since-clause or
    since-phrase counts up to now ("had killed ... since the coup": up to a day the text names)."""
    tally_adverbs = lexicon().tally_adverbs
    # a since-phrase after coordinated verbs counts for each ("845 have been killed and 4,500 arrested since the
    # coup": the phrase hangs on the last)
    verbs = [verb, *(c for c in verb.children if c.dep_ == "conj" and c.tag_.startswith("VB"))]
    if verb.dep_ == "conj" and verb.head.tag_.startswith("VB"):
        verbs.append(verb.head)
    return _perfect(verb, past=True) and any(
        (c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == "since" for g in c.children))
        or (c.dep_ == "prep" and c.lower_ == "since")
        or (c.dep_ == "advmod" and c.lower_ in tally_adverbs)  # "has killed 850 civilians nationwide"
        for v in verbs
        for c in v.children
    )


# The largest toll told with plural attacks ("were killed in airstrikes") that is still read as one event.
ONE_EVENT_TOLL = 50


def _cause_of_counted_casualties(tok: Token) -> bool:
    """tok is the object of "in"/"by"/"during" under a verb whose subject or object is counted: "three rebels
    were killed in landmine explosions" ("airstrikes killed 43" is handled as a subject elsewhere), or under the
    counted people themselves: "the death of three rebels in landmine explosions"."""
    if tok.dep_ != "pobj" or tok.head.lower_ not in {"in", "by", "during"}:
        return False
    verb = tok.head.head
    if verb.tag_.startswith("NN"):
        # the people, or the death noun whose "of" counts them ("the death of two shepherds in explosions")
        counted = [verb]
        if verb.lower_ in _DEATH_NOUNS:
            counted += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        return any(_small_count(n) for n in counted)
    if not verb.tag_.startswith("VB"):
        return False
    args = [a for a in verb.children if a.dep_ in {"nsubjpass", "nsubj", "dobj"}]
    if verb.dep_ == "acl":
        args.append(verb.head)  # a headline: "Three rebels killed in landmine explosions"
    return any(_small_count(a) for a in args)


# Nouns of a death that name the dead with "of" ("the killing of two guards").
_DEATH_NOUNS = frozenset({"death", "deaths", "killing", "killings", "murder", "murders"})


def _small_count(noun: Token) -> bool:
    """noun is a number, or is counted by one, of at most ONE_EVENT_TOLL: a large toll in plural attacks is a
    tally ("674 members were killed in attacks"), not one event."""
    for num in [noun] if noun.tag_ == "CD" else [c for c in noun.children if c.dep_ == "nummod"]:
        q = parse_quantity(num.text)
        if q is not None and q.value_low <= ONE_EVENT_TOLL:
            return True
    return False


# A lookback up to this many days ("in the past 24 hours", "the last 48 hours") tells recent news, not a summary.
SHORT_LOOKBACK_DAYS = 3


def short_lookback(ts: TimeSpan) -> bool:
    """A lookback of at most SHORT_LOOKBACK_DAYS ("in the past 48 hours"): it dates recent news."""
    return (
        ts.kind == "period"
        and ts.date is not None
        and ts.date_end is not None
        and (ts.date_end - ts.date).days <= SHORT_LOOKBACK_DAYS
    )


def _span_tokens(doc: Doc, start_char: int, end_char: int) -> Span | None:
    return doc.char_span(start_char, end_char, alignment_mode="expand")


def _attach(ctx: ReportContext, mentions: list[Mention]) -> None:
    lex = lexicon()
    doc = ctx.doc
    sents = ctx.sents
    times_by_sent: dict[int, list[tuple[TimeSpan, Token]]] = {}
    sent_of = ctx.sent_of_token
    for ts in ctx.times:
        if ts.start is None or ts.end is None:
            continue
        span = _span_tokens(doc, ts.start, ts.end)
        if span is None or len(span) == 0:
            continue
        times_by_sent.setdefault(sent_of[span.start], []).append((ts, _head_of(span)))
    places_by_sent: dict[int, list[PlaceMention]] = {}
    for p in ctx.places:
        places_by_sent.setdefault(sent_of[p.start], []).append(p)
    actors_by_sent: dict[int, list[ActorMention]] = {}
    in_actors: set[int] = set()
    for a in ctx.actors:
        span = _span_tokens(doc, a.start, a.end)
        if span is None or len(span) == 0:
            continue
        actors_by_sent.setdefault(sent_of[span.start], []).append(a)
        in_actors.update(range(span.start, span.end))
    actor_tokens = frozenset(in_actors)
    per_sent: dict[int, list[Mention]] = {}
    for m in mentions:
        per_sent.setdefault(m.sent_index, []).append(m)
    for si, ms in per_sent.items():
        sent = sents[si]
        for ts, tok in times_by_sent.get(si, []):
            target = _time_owner(tok, ms, lex)
            if target is None:
                continue
            owner, role = target
            if short_lookback(ts) and role == "own" and owner.own_time is None:
                owner.own_time = ts
                continue
            if ts.kind == "period":
                # "since August", "for the past 47 days", "in recent months" summarise a stretch of time; a
                # duration ("for ten hours", "ten-hour") only describes the event, and so does a short lookback
                # ("in the past 24 hours", "over the past two days"): wire reports date their news that way.
                words = set((ts.expression or "").lower().split())
                if (
                    role == "own"
                    and not short_lookback(ts)
                    and words
                    & {
                        "since",
                        "past",
                        "recent",
                        "last",
                        "decades",
                        "years",
                        "months",
                        "until",  # "from March 2019 until today"
                        "date",  # "from March 2019 to date"
                        "now",
                    }
                ):
                    owner.generic = True
                continue
            if ts.kind == "relative":
                if role == "own":
                    owner.relative_time = ts
                continue
            if role == "own" and owner.own_time is None:
                owner.own_time = ts
            elif role == "statement" and owner.statement_time is None:
                owner.statement_time = ts
        # A sentence whose only time is a period ("for the past 47 days", "in recent months") is a summary.
        kinds = {ts.kind for ts, _ in times_by_sent.get(si, []) if not short_lookback(ts)}
        if "period" in kinds and "date" not in kinds:
            for m in ms:
                m.generic = True
        # "dozens have been killed this year in the unrest": a perfect verb with a month or
        # year that runs to the report's day counts up to now, and the events it names are the tally's
        to_date = any(
            (ts.time_precision or 0) >= 3 and ts.date_end is not None and ts.date_end == ctx.report.published
            for ts, _ in times_by_sent.get(si, [])
        )
        if to_date and any(_perfect(t) for t in sents[si]):
            for m in ms:
                m.generic = True
        for m in ms:
            m.place = _choose_place(m, places_by_sent.get(si, []), sent, ctx.place_index, actor_tokens)
            _choose_actors(ctx, m, actors_by_sent.get(si, []), sent, si, lex)


def _time_owner(tok: Token, ms: list[Mention], lex: EventLexicon) -> tuple[Mention, str] | None:
    """Which mention a time expression dates, and whether it dates the event or only the statement about it."""
    trigger_verbs = {_clause_verb(t).i: m for m in ms for t in m.tokens}
    trigger_toks = {t.i: m for m in ms for t in m.tokens}
    t = tok
    for _ in range(12):
        if t.i in trigger_toks:
            return trigger_toks[t.i], "own"
        if t.i in trigger_verbs:
            return trigger_verbs[t.i], "own"
        if t.lower_ in lex.speech_verbs and t.i != tok.i:
            # the statement's date; it bounds the events reported in its clause
            for m in ms:
                if any(t.i in {a.i for a in x.ancestors} for x in m.tokens):
                    return m, "statement"
            return (ms[0], "statement") if len(ms) == 1 else None
        if t.tag_.startswith("VB"):
            # "the incident happened at 7 pm on Wednesday" ("was said to have happened"): a verb whose subject
            # is an event noun dates it
            args = list(t.children) + (list(t.head.children) if t.dep_ == "xcomp" else [])
            for c in args:
                if c.dep_ in {"nsubj", "nsubjpass"} and c.i in trigger_toks:
                    return trigger_toks[c.i], "own"
            if t.dep_ == "acl" and t.head.i in trigger_toks:
                # "an air attack carried out ... the night before last": a participle describing the event
                return trigger_toks[t.head.i], "own"
            # "a farmer died on Thursday when his tractor hit a landmine": the verb's "when"/"as" clause tells
            # the same moment, and "a shell struck a taxi on Sunday, killing five" its result, so the verb's date
            # dates the event the clause tells
            for v, m in trigger_verbs.items():
                verb = tok.doc[v]
                if verb.i == t.i:
                    continue
                if _simultaneous_clause(verb) and _first_conjunct(verb).head.i == t.i:
                    return m, "own"
                if verb.dep_ in {"advcl", "xcomp"} and verb.tag_ == "VBG" and verb.head.i == t.i:
                    return m, "own"
        if (
            t.i != tok.i
            and t.tag_.startswith("VB")
            and t.dep_ not in {"amod", "compound"}
            and not (t.tag_ == "VBG" and t.dep_ in {"pcomp", "pobj"})  # a noun: "killed in firing"
            and not _simultaneous_clause(t)
            and not _shares_subject(t)
            and not _day_copula(t)
        ):
            # the date belongs to another predicate ("a campaign launched in 2024")
            return None
        if t.head.i == t.i:
            break
        t = t.head
    # Not on the path to any trigger: a sentence with one mention takes it as its own date.
    if len(ms) == 1:
        return ms[0], "own"
    nearest = min(ms, key=lambda m: min(abs(x.i - tok.i) for x in m.tokens))
    return nearest, "own"


_DAY_NOUNS = frozenset({"day", "night", "morning", "afternoon", "evening", "weekend"})


def _day_copula(verb: Token) -> bool:
    """verb is "was" with a day as its attribute: "Sunday was a day of mourning after violence that claimed
    three lives", "Monday was the deadliest day": the date is the day of what the sentence tells."""
    return verb.lower_ in {"is", "was"} and any(
        c.dep_ == "attr" and c.lower_ in _DAY_NOUNS for c in verb.children
    )


def _shares_subject(verb: Token) -> bool:
    """verb is coordinated with the verb before it and has no subject of its own: "were killed or wounded on
    Monday" tells one predicate, so the date on the second verb dates the first too."""
    return (
        verb.dep_ == "conj"
        and verb.head.tag_.startswith("VB")
        and not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in verb.children)
    )


def _simultaneous_clause(verb: Token) -> bool:
    """verb heads (or is coordinated in) a "when"/"as" clause: "killed when troops opened fire on Thursday" tells
    one moment, so its date dates the event the clause hangs on."""
    v = _first_conjunct(verb)
    return v.dep_ == "advcl" and any(
        c.dep_ in {"mark", "advmod"} and c.lower_ in {"when", "as"} for c in v.children
    )


def _first_conjunct(verb: Token) -> Token:
    """The first verb of the coordination verb stands in ("hit" for "burst" in "a mine hit and burst"), which
    carries the clause's relation to the rest of the sentence; verb itself when it is not coordinated."""
    v = verb
    for _ in range(4):
        if v.dep_ != "conj" or v.head.i == v.i:
            break
        v = v.head
    return v


def _lone_modifier(c: Token) -> bool:
    """A one-word proper-noun modifier of a trigger noun may name the event's place ("the Zehri attack"),
    but not a piece of a longer name the parser split ("Al" of "Al-Hasakah", "ez" of "Deir ez-Zor": a
    particle, or a word joined by a hyphen), nor a word of a trigger capitalised ("Artillery fire", "Drone
    strike" after a headline's section label), nor a hyphen the tagger took for a name."""
    doc = c.doc
    if c.lower_ in places_lexicon().particles or c.lower_ in _trigger_words() or c.text in HYPHENS:
        return False
    return not any(doc[k].text in HYPHENS for k in (c.i - 1, c.i + 1) if 0 <= k < len(doc))


@lru_cache(maxsize=1)
def _trigger_words() -> frozenset[str]:
    return frozenset(word for form in lexicon().forms for word in form.split())


def _choose_place(
    m: Mention,
    places: list[PlaceMention],
    sent: Span,
    index: PlaceIndex,
    actor_tokens: frozenset[int] = frozenset(),
) -> PlaceMention | None:
    """The most specific place in the trigger's clause: the innermost of a nested chain, a settlement before an
    area the report names as a district or province ("killed in Daraa province ... in Al-Muzayrib town":
    Al-Muzayrib), then the one nearest the trigger."""
    cands = [p for p in places if p.level != "country"]
    triggers = {t.i for t in m.tokens}
    not_places = places_lexicon().not_places
    for t in m.tokens:
        if t.tag_.startswith("NN"):
            # "the Zehri attack": a proper-noun modifier of the trigger noun names its place ("Landmine Blast",
            # capitalised in a headline, is two trigger words)
            for c in t.children:
                if (
                    c.dep_ in {"compound", "nmod"}
                    and c.tag_ in {"NNP", "NNPS"}
                    and c.i not in triggers
                    and c.lower_ not in not_places
                ):
                    named = [p for p in cands if p.start <= c.i < p.end]
                    if named:
                        return named[0]
                    if c.i in actor_tokens or c.ent_type_ == "NORP":
                        continue  # "a Taliban rally": whose, not where
                    if not _lone_modifier(c):
                        continue
                    return PlaceMention(c.text, c.i, c.i + 1, c.idx, c.idx + len(c.text))
    for t in m.tokens:
        if "takeover" in m.actions and t.tag_.startswith("VB"):
            # "seized Manguchar": the proper-noun object of a takeover verb is the place taken
            for c in t.children:
                if c.dep_ == "dobj" and c.tag_ in {"NNP", "NNPS"}:
                    named = [p for p in cands if p.start <= c.i < p.end]
                    if named:
                        return named[0]
                    taken = PlaceMention(c.text, c.i, c.i + 1, c.idx, c.idx + len(c.text))
                    # "seized X in Y district": the place right after "in"/"of" encloses it
                    nxt = c.i + 1
                    if nxt < len(c.doc) and c.doc[nxt].lower_ in {"in", "of"}:
                        outer = [p for p in cands if p.start in (nxt + 1, nxt + 2)]
                        if outer:
                            taken.parent = outer[0].name
                    return taken
    # "fighters from Pekon Township attacked a convoy near X": a place after "from" is where someone comes
    # from, the event's place only when the clause names no other
    doc = sent.doc
    cands = [p for p in cands if not _origin(doc, p)] or cands
    # "..., a medical source at a hospital in Sanaa said": where the speaker is, not where the event was
    cands = [p for p in cands if not _speaker_place(doc, p)]
    if not cands:
        return None
    parents = {p.parent for p in cands if p.parent}
    inner = [p for p in cands if p.name not in parents] or cands
    head = m.head
    # Prefer places in the trigger's own clause.
    verb = _clause_verb(head)
    clause = {t.i for t in verb.subtree}
    own = [p for p in inner if p.start in clause]
    pool = own or ([] if m.anaphoric else inner)
    if not pool:
        return None

    def is_area(p: PlaceMention) -> bool:
        return p.level in ("admin1", "admin2") or index.levels.get(p.name) in ("admin1", "admin2")

    if all(is_area(p) for p in pool):
        # only a province or district in the clause, and a town the sentence places inside it (or places
        # nowhere): "killings in Daraa province ... in the town of Al-Muzayrib" happened in the town
        areas = {p.name for p in pool}
        towns = [
            p
            for p in inner
            if not is_area(p) and (p.name not in index.parents or areas & set(index.chain(p.name)))
        ]
        if towns and not m.anaphoric:
            pool = towns
    return min(pool, key=lambda p: (is_area(p), abs(p.start - head.i)))


def _origin(doc: Doc, p: PlaceMention) -> bool:
    """The place is introduced by "from" ("from Pekon Township", "from the town of X"), or is the land across a
    border ("near the borders with the occupied Golan"): not where the event was."""
    i = p.start - 1
    while i >= 0 and (
        doc[i].lower_ in {"the", "town", "village", "city", "of", "district"} or doc[i].tag_ == "JJ"
    ):
        i -= 1
    if i >= 0 and doc[i].lower_ == "from":
        return True
    return i >= 1 and doc[i].lower_ == "with" and doc[i - 1].lower_ in {"border", "borders", "frontier"}


# Speakers who tell of their own place ("residents of Ngembisa say"): their place may be the event's.
_WITNESS_NOUNS = frozenset(
    {"residents", "resident", "villagers", "locals", "inhabitants", "people", "witnesses", "eyewitnesses"}
)


def _speaker_place(doc: Doc, p: PlaceMention) -> bool:
    """The place is inside the noun phrase that is a speech verb's subject ("a source at a hospital in Sanaa
    said"), unless the speakers are its residents or witnesses; a clause in between (a verb) makes it no
    speaker's description."""
    speech = lexicon().speech_verbs
    t = doc[p.start]
    for _ in range(8):
        if t.dep_ in {"nsubj", "nsubjpass"} and t.head.lower_ in speech:
            return t.lower_ not in _WITNESS_NOUNS
        if t.head.i == t.i or t.head.tag_.startswith("VB"):
            return False
        t = t.head
    return False


def _tells_of(verb: Token, lex: EventLexicon) -> bool:
    """A verb whose object is an event someone tells of or reacts to ("confirmed the killing", "condemned the
    attack"): its subject did not do it."""
    return verb.lower_ in lex.speech_verbs or verb.lower_ in lex.reaction_verbs


def _side_of_words(tokens, lex: EventLexicon) -> str | None:
    """The side the first side word of a target phrase tells; a side word that only modifies another
    ("civilian fighters", "army convoy") gives way to the word it modifies."""
    toks = list(tokens)
    given = {t.i for t in toks}
    for t in toks:
        side = lex.target_words.get(t.lower_)
        if not side:
            continue
        if t.dep_ in ("amod", "compound") and t.head.i in given and lex.target_words.get(t.head.lower_):
            continue
        return side
    return None


def _choose_actors(
    ctx: ReportContext, m: Mention, actors: list[ActorMention], sent: Span, si: int, lex: EventLexicon
) -> None:
    """actor1 = who acts (subject or agent of the trigger); actor2 = its target (object, "on X", victims)."""
    doc = ctx.doc
    head = m.head
    verb = _clause_verb(head)
    subj_tokens: set[int] = set()
    obj_tokens: set[int] = set()
    for v in {verb, *(_clause_verb(t) for t in m.tokens)}:
        if head.dep_ == "dobj" and head.head.i == v.i and _tells_of(v, lex):
            continue  # "police confirmed the killing", "the UN condemned the attack": no doer of it
        if v.dep_ == "acl" and v.tag_ == "VBN" and v.head.tag_.startswith("NN"):
            # "two members killed in shelling": the noun a passive participle describes suffered the act
            obj_tokens |= {x.i for x in v.head.subtree} - {x.i for x in v.subtree}
        for c in v.children:
            if c.dep_ == "nsubj" and (_headline_passive(v) or v.lower_ in _DEATH_VERBS):
                # "Two Soldiers Killed in Ambush", "a civilian died of wounds": the victims
                obj_tokens |= {x.i for x in c.subtree}
            elif c.dep_ in {"nsubj"}:
                subj_tokens |= {x.i for x in c.subtree}
            elif c.dep_ == "agent":
                subj_tokens |= {x.i for x in c.subtree}
            elif c.dep_ in {"dobj", "nsubjpass"}:
                obj_tokens |= {x.i for x in c.subtree}
            elif c.dep_ == "prep" and c.lower_ in {"on", "against", "at"}:
                for g in c.children:
                    if g.dep_ == "pobj" and g.ent_type_ not in {"DATE", "TIME"}:
                        obj_tokens |= {x.i for x in g.subtree}
    for t in m.tokens:
        if t.tag_.startswith("NN"):
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ in {"on", "against"}:
                    obj_tokens |= {x.i for x in c.subtree}
                if c.dep_ == "prep" and c.lower_ == "by":
                    subj_tokens |= {x.i for x in c.subtree}
                if c.dep_ == "poss":
                    subj_tokens |= {x.i for x in c.subtree}
    # Coordinated verbs share the first verb's subject ("the group captured X and carried out an ambush").
    if not subj_tokens and verb.dep_ == "conj":
        for c in verb.head.children:
            if c.dep_ == "nsubj":
                subj_tokens |= {x.i for x in c.subtree}
    # "the rebels responsible for the killing": who did it is the noun "responsible for" describes, not the
    # subject of the clause around it ("the army promised to punish the rebels responsible for ...")
    doer = _responsible_for(head)
    if doer is not None:
        responsible = head.head.head  # trigger <- "for" <- "responsible"
        subj_tokens = {x.i for x in doer.subtree} - {x.i for x in responsible.subtree}
    # A verb's subject that is the object of the verb's head ("X carried out an ambush": subject of carried)
    if head.dep_ in {"dobj", "pobj"} and not subj_tokens:
        v = head.head if head.dep_ == "dobj" else head.head.head
        # ... but not of a verb that tells of the event or reacts to it ("police confirmed the killing")
        for c in [] if _tells_of(v, lex) else v.children:
            if c.dep_ == "nsubj":
                subj_tokens |= {x.i for x in c.subtree}

    def token_range(a: ActorMention) -> set[int]:
        span = _span_tokens(doc, a.start, a.end)
        return set(range(span.start, span.end)) if span is not None else set()

    a_in_subj = [a for a in actors if token_range(a) & subj_tokens]
    a_in_obj = [a for a in actors if token_range(a) & obj_tokens]
    if a_in_subj:
        m.actor1 = a_in_subj[0]
    elif subj_tokens:
        words = [doc[i] for i in sorted(subj_tokens)]
        lowers = {w.lower_ for w in words}
        # "its fighters", "the group", "it", "they": the party whose statement this is, or the last group
        # named
        if lowers & {"its", "it", "their", "they"}:
            m.actor1 = _party_of_sentence(ctx, si, sent, need_group=False)
        elif lowers & {
            "group",
            "fighters",
            "organisation",
            "organization",
            "outfit",
            "militants",
            "insurgents",
        }:
            m.actor1 = _party_of_sentence(ctx, si, sent, need_group=True)
    if a_in_obj:
        m.actor2 = a_in_obj[0]
    if obj_tokens:
        m.target_side = _side_of_words((doc[i] for i in sorted(obj_tokens)), lex)
    m.others = [a for a in actors if a is not m.actor1 and a is not m.actor2]


def _responsible_for(trigger: Token) -> Token | None:
    """The noun in "<noun> responsible for <trigger>" ("the rebels responsible for killing him", "the group
    responsible for the attack"), else None."""
    prep = trigger.head
    if trigger.dep_ not in {"pcomp", "pobj"} or prep.lower_ != "for":
        return None
    adj = prep.head
    if adj.lower_ != "responsible" or adj.dep_ != "amod" or not adj.head.tag_.startswith("NN"):
        return None
    return adj.head


# Verbs whose subject is who died, not who killed.
_DEATH_VERBS = frozenset({"died", "die", "dies", "dying", "perished", "succumbed"})


def _headline_passive(verb: Token) -> bool:
    """A past participle with a subject and no auxiliary: a headline's passive with "were" left out ("Civilian
    and Two Fighters Killed in Shelling"); its subject is who suffered the act."""
    return verb.tag_ == "VBN" and not any(c.dep_ in {"aux", "auxpass", "dobj"} for c in verb.children)


def _party_of_sentence(
    ctx: ReportContext, si: int, sent: Span, need_group: bool = True
) -> ActorMention | None:
    """The party a pronoun or "the group"/"fighters" stands for: the sentence's claimant when it is a party (a
    non-state group when need_group), else the last non-state group named before."""
    reg = ctx.registry
    name = ctx.claimant_actors[si] if si < len(ctx.claimant_actors) else None
    if name:
        actor = reg.get(name)
        if actor is not None and actor.inter != 7 and (not need_group or actor.inter in (2, 3, 4)):
            return ActorMention(actor=actor, start=sent.start_char, end=sent.start_char, text="its fighters")
    # the last non-state group named before this sentence
    before = [a for a in ctx.actors if a.start < sent.end_char and a.actor.inter in (2, 3, 4)]
    if before:
        a = before[-1]
        return ActorMention(actor=a.actor, start=a.start, end=a.end, text=a.text, unit=a.unit)
    return None


# ------------------------------------------------------------------------------------------------------------
# Segmentation: mentions -> drafts


def _places_nested(index: PlaceIndex, a: str, b: str) -> bool:
    """a and b are one place or one holds the other; case and diacritics aside, as a capitalised headline writes
    them ("Pèkon" in the headline, "Pekon" in the body)."""
    return any(same_name(b, n) for n in index.chain(a)) or any(same_name(a, n) for n in index.chain(b))


# The lead: a report's first sentences (headline, dateline, first paragraph).
LEAD_SENTENCES = 3


def segment(ctx: ReportContext, mentions: list[Mention], index: PlaceIndex, focus: str | None) -> list[Draft]:
    """Group mentions into events: a new event starts with a new day, a new place, new sides or a separate-event
    marker; a mention without its own date or place adds to the event being told."""
    lex = lexicon()
    sents = ctx.sents
    drafts: list[Draft] = []
    current: Draft | None = None
    for m in mentions:
        if m.generic or m.counted:
            continue
        sent = sents[m.sent_index]
        # "Meanwhile, ...": the sentence starts another event; its later mentions may go on with it
        going_on = current is not None and m.sent_index in current.sentences
        hard = _sent_text_has(sent, lex.separate_markers) and not going_on
        separate = hard or (_sent_text_has(sent, lex.soft_separate_markers) and not going_on)
        has_own = m.own_time is not None and m.own_time.kind == "date" or m.place is not None
        if m.anaphoric or (m.strength == "weak" and not has_own):
            target = _find_antecedent(drafts, current, m, index)
            if target is not None and not hard:  # "Meanwhile, gunmen shot him after the blast": the same
                _merge(target, m, index, ctx)
                current = target
                continue
            opening = (
                not drafts and m.sent_index < LEAD_SENTENCES and not m.anaphoric and _counts_dead(ctx, m)
            )
            if not opening and (
                m.anaphoric or (m.strength == "weak" and not has_own and m.statement_time is None)
            ):
                # a back-reference with nothing to refer to is not a new event, unless it opens the report with
                # its dead ("violence that claimed the lives of three people"): the lead tells the report's event
                continue
        if all(a == REFERENCE for a in m.actions):
            continue  # "the incident" only refers back
        if current is not None and not separate and _compatible(current, m, index, ctx):
            _merge(current, m, index, ctx)
            continue
        d = Draft.of(m, separate)
        if m.relative_time is not None and current is not None:
            d.inherited_time = _shift_from(current, m.relative_time)
        elif current is not None and not separate and m.own_time is None and m.statement_time is None:
            # the narrative goes on: an undated event told right after a dated one shares its day
            d.inherited_time = current.own_time or current.inherited_time
        drafts.append(d)
        current = d
    if not drafts:
        # a report that tells no event with a date or place of its own tells the one its lead mentions ("X was
        # killed by members of Y", no day, no town): that mention is the report's event
        lead = [
            m
            for m in mentions
            if m.sent_index < LEAD_SENTENCES and not (m.generic or m.counted or m.anaphoric)
        ]
        if lead:
            drafts.append(Draft.of(lead[0]))
    return drafts


def _counts_dead(ctx: ReportContext, m: Mention) -> bool:
    """The mention's sentence counts people killed by a number ("the lives of at least three people")."""
    return any(
        c.kind == "killed"
        and c.counted
        and c.value_low
        and ctx.sentence_of_char(c.evidence.start) == m.sent_index
        for c in ctx.claims
    )


def _shift_from(anchor: Draft, rel: TimeSpan) -> TimeSpan | None:
    """A relative mention ("seven weeks after") placed against the event told before it (dates.apply_relative)."""
    base = anchor.own_time or anchor.inherited_time
    if base is None or base.date is None or rel.offset_days is None:
        return None
    return apply_relative(rel, base)


def _find_antecedent(
    drafts: list[Draft], current: Draft | None, m: Mention, index: PlaceIndex
) -> Draft | None:
    """The earlier event an anaphoric or bare mention refers to: same place and kind first, else the current one."""
    if m.place is not None:
        for d in reversed(drafts):
            if d.place is not None and _places_nested(index, m.place.name, d.place.name):
                if _kinds_agree(d.actions, m.actions):
                    return d
        for d in reversed(drafts):
            if d.place is not None and _places_nested(index, m.place.name, d.place.name):
                return d
    if (
        current is not None
        and (m.place is None or current.place is None)
        and _kinds_agree(current.actions, m.actions)
    ):
        return current
    for d in reversed(drafts):
        if _kinds_agree(d.actions, m.actions):
            return d
    return None


_FAMILY = {
    "ambush": "fight",
    "clash": "fight",
    "attack": "fight",
    "operation": "fight",
    "killing": "fight",
    "takeover": "territory",
    "retake": "territory",
    "property": "territory",
    "air_strike": "air",
    "shelling": "shell",
    "ied": "ied",
    "suicide": "suicide",
    "grenade": "grenade",
    "abduction": "abduct",
    "detention": "abduct",
    "arrest": "arrest",
    "protest": "protest",
    "riot": "riot",
}
_VIOLENT = {"fight", "air", "shell", "ied", "suicide", "grenade"}
# Which kinds of action can be parts of one event with which (an ambush opened by an IED; a town taken after
# fighting; "killed" or "attack" said of any violent event; an operation with air strikes; a suicide bomber's
# blast told as a bomb blast).
_COMPAT = {
    "ambush": {"fight", "ied", "grenade", "suicide"},
    "clash": {"fight", "ied", "grenade", "suicide", "territory", "air", "shell"},
    "attack": _VIOLENT | {"territory", "abduct"},
    "killing": _VIOLENT | {"territory", "abduct"},
    "operation": {"fight", "air", "shell", "ied", "territory"},
    "takeover": {"territory", "fight", "abduct"},
    "retake": {"territory", "fight"},
    "property": {"territory", "fight"},
    "air_strike": {"air", "fight"},
    "shelling": {"shell", "fight"},
    "ied": {"ied", "fight", "suicide"},
    "suicide": {"suicide", "fight", "ied"},
    "grenade": {"grenade", "fight"},
    "abduction": {"abduct", "fight", "territory"},
    "detention": {"abduct", "arrest", "territory"},
    "arrest": {"arrest", "abduct"},
    "protest": {"protest", "riot"},
    "riot": {"riot", "protest"},
}


def _main(actions: list[str]) -> str:
    lex = lexicon()
    return min(actions, key=lambda a: lex.priority.get(a, 99))


def _kinds_agree(a: list[str], b: list[str]) -> bool:
    """Whether two sets of actions can be one event: their main actions accept each other's kind (a reference
    word, "the incident", accepts every kind)."""
    x, y = _main(a), _main(b)
    if REFERENCE in (x, y):
        return True
    return _FAMILY[y] in _COMPAT[x] and _FAMILY[x] in _COMPAT[y]


# An event told without a date of its own happened in the report's last days: a mention dated to end more than
# this many days before publication ("In October, the group attacked ...") is another, older event.
RECENT_DAYS = 7


def _compatible(d: Draft, m: Mention, index: PlaceIndex, ctx: ReportContext) -> bool:
    published = ctx.report.published
    if (
        d.own_time is None
        and d.statement_time is None
        and m.own_time is not None
        and m.own_time.kind == "date"
        and m.own_time.date_end is not None
        and published is not None
        and (published - m.own_time.date_end).days > RECENT_DAYS
    ):
        return False
    if m.own_time is not None and m.own_time.kind == "date" and d.own_time is not None:
        if (m.own_time.date, m.own_time.expression) != (d.own_time.date, d.own_time.expression):
            if m.own_time.date is None or d.own_time.date is None or m.own_time.date != d.own_time.date:
                return False
    if m.statement_time is not None and m.own_time is None and d.own_time is not None:
        st = m.statement_time
        if st.date is not None and d.own_time.date is not None and d.own_time.date > st.date:
            return False
    # two statements of different dates ("In March, it claimed ..."; "In May, it claimed ...") tell two events
    md = m.own_time or m.statement_time
    dd = d.own_time or d.statement_time
    if (
        md is not None
        and dd is not None
        and md.date is not None
        and dd.date is not None
        and md.date != dd.date
    ):
        # but an event dated before the statement that told the event without a date may be that event ("X was
        # killed, the military said Monday. ... He was shot dead on Sunday night")
        told_before = d.own_time is None and m.own_time is not None and md.date < dd.date
        if (m.own_time is None or d.own_time is None) and not told_before:
            return False
    if (
        m.place is not None
        and d.place is not None
        and not _places_nested(index, m.place.name, d.place.name)
        # a country holds every place of the report ("One dead in Eswatini protest crackdown")
        and not any(_is_country(ctx, p) for p in (m.place, d.place))
    ):
        return False
    if not _kinds_agree(d.actions, m.actions):
        return False
    reg = ctx.registry
    for x, y in ((d.actor1, m.actor1), (d.actor2, m.actor2)):
        if x is not None and y is not None and not reg.same_side(x.actor.name, y.actor.name):
            # the slots differ, but the mention may name the other side of the same two ("17 fighters were
            # killed [actor2: the group] following clashes with the army [actor2: the army]"): a third party
            # is another event
            return _same_two_sides(reg, d, m)
    return True


def _is_country(ctx: ReportContext, place: PlaceMention) -> bool:
    """The place is a country, by its level or its name."""
    return place.level == "country" or ctx.registry.country_of(place.name) is not None


def _same_two_sides(reg: ActorRegistry, d: Draft, m: Mention) -> bool:
    """m names at most one side d does not have, d has a free slot for it, and where both name an actor1 it is
    the same side (who acted stays who acted)."""
    d_sides = [a.actor.name for a in (d.actor1, d.actor2) if a is not None]
    new = [
        a.actor.name
        for a in (m.actor1, m.actor2)
        if a is not None and not any(reg.same_side(a.actor.name, x) for x in d_sides)
    ]
    if len(d_sides) + len(new) > 2:
        return False
    if d.actor1 is None or m.actor1 is None:
        return True
    return reg.same_side(d.actor1.actor.name, m.actor1.actor.name)


def _merge(d: Draft, m: Mention, index: PlaceIndex, ctx: ReportContext) -> None:
    d.mentions.append(m)
    if m.sent_index not in d.sentences:
        d.sentences.append(m.sent_index)
    d.actions.extend(m.actions)
    if m.own_time is not None and m.own_time.kind == "date":
        if d.own_time is None or _more_precise(m.own_time, d.own_time):
            d.own_time = m.own_time
    if d.statement_time is None and m.statement_time is not None:
        d.statement_time = m.statement_time
    if m.place is not None:
        if d.place is None:
            d.place = m.place
        elif m.place.name != d.place.name and d.place.name in index.chain(m.place.name):
            d.place = m.place  # the more specific place
        elif (
            m.place.name != d.place.name
            and m.place.name not in index.chain(d.place.name)  # not the area the text puts it in
            and (index.levels.get(d.place.name, "place") != "place" or _is_country(ctx, d.place))
        ):
            d.place = m.place
    d.actor1 = d.actor1 or m.actor1
    d.actor2 = d.actor2 or m.actor2
    if not m.anaphoric:
        d.others.extend(m.others)
    if m.target_side:
        d.target_sides.append(m.target_side)


def _more_precise(a: TimeSpan, b: TimeSpan) -> bool:
    pa = a.time_precision if a.time_precision is not None else 9
    pb = b.time_precision if b.time_precision is not None else 9
    if pa != pb:
        return pa < pb
    return b.date is None and a.date is not None


# ------------------------------------------------------------------------------------------------------------
# From drafts to events


def build_events(ctx: ReportContext) -> tuple[list[Event], list[ReportedStatistic]]:
    """The events and reported statistics of one report."""
    lex = lexicon()
    mentions = find_mentions(ctx)
    _attach(ctx, mentions)
    index = ctx.place_index
    focus = _dominant_place(ctx, index)
    if focus is not None:
        # "the X area" with no enclosing place named lies in the place the report is about
        for p in ctx.places:
            if p.kind in {"area", "areas"} and p.name not in index.parents and p.name != focus:
                index.parents[p.name] = focus
    _mark_aggregate_runs(ctx, mentions)
    drafts = segment(ctx, mentions, index, focus)
    statistics = _assign_claims(ctx, mentions, drafts, lex)
    events = [_finalize(ctx, d, index, focus, lex) for d in drafts]
    ctx.told_apart = {i for i, d in enumerate(drafts) if d.separate}
    return events, statistics


def _mark_aggregate_runs(ctx: ReportContext, mentions: list[Mention]) -> None:
    """A sentence right after an aggregate ("111 operations in May") that goes on with the same claimant and has
    no day of its own continues the tally ("at least 120 were killed during that month"): not an event."""
    counted = {m.sent_index for m in mentions if m.counted}
    day_sents = set()
    sent_of = ctx.sentence_of_char
    for ts in ctx.times:
        if ts.start is not None and ts.kind == "date" and ts.time_precision == 1:
            day_sents.add(sent_of(ts.start))
    names = ctx.claimant_names
    for si in sorted(counted):
        k = si + 1
        while k < len(names) and names[k] == names[si] and k not in day_sents:
            ms = [m for m in mentions if m.sent_index == k]
            if any(m.strength == "strong" and not m.generic for m in ms):
                break
            for m in ms:
                m.counted = True
            k += 1


def _dominant_place(ctx: ReportContext, index: PlaceIndex) -> str | None:
    """The place a report is about, when one settlement clearly dominates it (≥ 3 mentions, more than any other
    settlement): events the report tells without a place of their own happened there."""
    text = ctx.doc.text
    counts: dict[str, int] = {}
    for name, level in index.levels.items():
        if level != "place" or not name[:1].isupper():
            continue
        counts[name] = _count_word(text, name)
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], index.first.get(kv[0], 0)))
    top, n = ranked[0]
    if n >= 3 and (len(ranked) == 1 or n > ranked[1][1]):
        return top
    return None


def _count_word(text: str, word: str) -> int:
    n = 0
    start = 0
    while True:
        i = text.find(word, start)
        if i < 0:
            return n
        before = text[i - 1] if i > 0 else " "
        after = text[i + len(word)] if i + len(word) < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            n += 1
        start = i + len(word)


def _assign_claims(
    ctx: ReportContext, mentions: list[Mention], drafts: list[Draft], lex: EventLexicon
) -> list[ReportedStatistic]:
    """Give each claim to the event its sentence tells; claims in aggregate sentences become statistics."""
    doc = ctx.doc
    sents = ctx.sents
    sent_of_char = ctx.sentence_of_char
    draft_of_sent: dict[int, list[Draft]] = {}
    for d in drafts:
        for si in d.sentences:
            draft_of_sent.setdefault(si, []).append(d)
    aggregate_sents = {m.sent_index for m in mentions if m.counted}
    generic_sents = {m.sent_index for m in mentions if m.generic} - set(draft_of_sent)
    period_sents: set[int] = set()
    for ts in ctx.times:
        if ts.start is None:
            continue
        si = sent_of_char(ts.start)
        if ts.kind == "period" or (
            ts.time_precision is not None and ts.time_precision >= 3 and si not in draft_of_sent
        ):
            period_sents.add(si)
    period_sents.update(si for si, sent in enumerate(sents) if any(_running_tally(t) for t in sent))
    stats: dict[int, ReportedStatistic] = {}
    # A statistic goes on into the next sentence when that one has the same claimant and no event of its own.
    stat_sents = set(aggregate_sents)
    for si in sorted(aggregate_sents):
        k = si + 1
        while (
            k < len(sents)
            and k not in draft_of_sent
            and k < len(ctx.claimant_names)
            and (ctx.claimant_names[k] == ctx.claimant_names[si] or k in period_sents)
        ):
            stat_sents.add(k)
            k += 1
    for claim in ctx.claims:
        si = sent_of_char(claim.evidence.start)
        if (
            si in stat_sents
            or (si in period_sents and si not in draft_of_sent)
            or (si in generic_sents and si not in draft_of_sent)
        ):
            _add_stat(ctx, stats, si, sents[si], claim)
            continue
        owners = draft_of_sent.get(si)
        if owners:
            owner = owners[0] if len(owners) == 1 else _nearest_draft(owners, si, claim, doc)
            owner.claims.append(claim)
            continue
        # A sentence with numbers but no trigger continues the event told just before it.
        prev = [d for d in drafts if min(d.sentences) <= si]
        if prev:
            d = max(prev, key=lambda x: max(s for s in x.sentences if s <= si))
            if si - max(s for s in d.sentences if s <= si) <= 6:
                d.claims.append(claim)
                if si not in d.sentences:
                    d.sentences.append(si)
    for si in sorted(aggregate_sents - set(stats)):
        sent = sents[si]
        _add_stat(ctx, stats, si, sent, None)
    return [stats[k] for k in sorted(stats)]


def _nearest_draft(owners: list[Draft], si: int, claim: Claim, doc: Doc) -> Draft:
    pos = claim.evidence.start
    if claim.evidence.quote:
        k = doc.text.find(claim.evidence.quote, claim.evidence.start, claim.evidence.end)
        if k >= 0:
            pos = k

    def dist(d: Draft) -> int:
        return min(abs(t.idx - pos) for m in d.mentions if m.sent_index == si for t in m.tokens)

    return min(owners, key=dist)


def _add_stat(
    ctx: ReportContext, stats: dict[int, ReportedStatistic], si: int, sent: Span, claim: Claim | None
) -> None:
    from .quantities import find_quantities

    if si not in stats:
        period = None
        for ts in ctx.times:
            if ts.start is not None and sent.start_char <= ts.start < sent.end_char:
                period = ts
                break
        claimant = ctx.claimant_names[si] if si < len(ctx.claimant_names) else "report"
        quantities: list[Quantity] = find_quantities(sent.text, offset=sent.start_char)
        stats[si] = ReportedStatistic(
            report_id=ctx.report.id,
            claimant=claimant,
            text=sent.text.strip(),
            period=period,
            quantities=quantities,
            evidence=Evidence(ctx.report.id, sent.start_char, sent.end_char, sent.text.strip()),
        )


def _finalize(ctx: ReportContext, d: Draft, index: PlaceIndex, focus: str | None, lex: EventLexicon) -> Event:
    from .claims import dedupe_claims
    from .estimates import apply_estimates
    from .notes import summarise

    reg = ctx.registry
    sents = ctx.sents
    if d.actor1 is not None and d.actor1.actor.inter in (2, 3, 4):
        # people detained or arrested by a non-state group are abducted (codebook)
        d.actions = ["abduction" if a in {"detention", "arrest"} else a for a in d.actions]
    main = min(d.actions, key=lambda a: lex.priority.get(a, 99))
    spec = lex.triggers[main]
    event_type, sub_event_type = spec.event_type, spec.sub_event_type

    time = _event_time(ctx, d)
    location = _event_location(ctx, d, index, focus)

    claims = dedupe_claims(d.claims)
    actor1, actor2, assoc1, assoc2 = _event_actors(ctx, d, claims, main)
    # Refine the ACLED type from who acted on whom.
    a1_state = actor1 is not None and actor1.actor.inter == 1
    a2_civ = actor2 is not None and actor2.actor.inter == 7
    a2_protesters = actor2 is not None and actor2.actor.inter == 6
    armed_victims = any(c.kind == "killed" and c.subject_class in {"state", "nonstate"} for c in claims)
    if main in {"attack", "killing", "clash", "ambush", "operation"}:
        if a2_protesters and a1_state and not armed_victims:
            # state forces firing on protesters (ACLED: lethal force against a protest)
            event_type, sub_event_type = "Protests", "Excessive force against protesters"
        elif (a2_civ or (a2_protesters and actor1 is not None)) and not armed_victims:
            event_type, sub_event_type = "Violence against civilians", "Attack"
        else:
            event_type, sub_event_type = "Battles", "Armed clash"
    elif (
        main == "protest"
        and actor1 is not None
        and actor1.actor.inter in (1, 2, 3, 4, 8)
        and (a2_protesters or a2_civ)
        and not armed_victims
        and any(c.kind == "killed" for c in claims)
    ):
        # "security forces shot demonstrators, killing a young man": people killed at a protest by an armed side
        # are lethal force on it (the state's) or an attack on them (anyone else's), as for a killing verb
        if a1_state:
            event_type, sub_event_type = "Protests", "Excessive force against protesters"
        else:
            event_type, sub_event_type = "Violence against civilians", "Attack"
    elif main in {"detention", "arrest"}:
        if actor1 is not None and not a1_state:
            event_type, sub_event_type = "Violence against civilians", "Abduction/forced disappearance"
        else:
            event_type, sub_event_type = "Strategic developments", "Arrests"
    elif main == "takeover" and a1_state:
        sub_event_type = "Government regains territory"
    elif main == "retake" and actor1 is not None and not a1_state:
        sub_event_type = "Non-state actor overtakes territory"
    elif main == "abduction" and actor1 is not None and a1_state and "arrest" in d.actions:
        event_type, sub_event_type = "Strategic developments", "Arrests"
    if sub_event_type == "Abduction/forced disappearance" and any(
        c.kind == "killed" and (c.value_high or c.value_low or 0) > 0 for c in claims
    ):
        # an abduction with people killed is an attack (ACLED: abduction is coded only without further violence)
        event_type, sub_event_type = "Violence against civilians", "Attack"

    ev = Event(
        report_id=ctx.report.id,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=actor1,
        actor2=actor2,
        location=location,
        time=time,
        claims=claims,
        assoc_actor_1=assoc1,
        assoc_actor_2=assoc2,
        trigger=" ".join(t.text for t in d.mentions[0].tokens),
        evidence=[
            Evidence(ctx.report.id, sents[si].start_char, sents[si].end_char, sents[si].text.strip())
            for si in sorted(set(d.sentences))
        ],
    )
    _set_subject_groups(ev, reg)
    apply_estimates(ev)
    ev.notes = summarise(ev)
    ev.event_id = ev.make_id()
    return ev


# An event dated only by the statement that tells it happened on that day or in this many days before it.
STATEMENT_LOOKBACK_DAYS = 2


def _event_time(ctx: ReportContext, d: Draft) -> TimeSpan:
    published = ctx.report.published
    st = d.statement_time
    if d.own_time is None and st is not None and st.date is not None and _trails_speech(ctx.doc, st, d):
        # "X was shot dead, police said Thursday": the statement's day bounds the event, which happened then or
        # in the days before it (as an undated event in the days before publication). A date before the verb
        # ("On Monday, the group said its fighters attacked ...") dates what was said, and stays the event's.
        return TimeSpan(
            st.date - timedelta(days=STATEMENT_LOOKBACK_DAYS), st.date_end or st.date, 2, st.expression
        )
    for t in (d.own_time, d.statement_time, d.inherited_time):
        if t is not None and t.date is not None:
            return t
    expr = next((t.expression for t in (d.own_time, d.statement_time) if t is not None), None)
    if published is not None and expr is None:
        # An undated event in a news report happened in the few days before publication (precision 2).
        return TimeSpan(published - timedelta(days=3), published, 2, None)
    return TimeSpan(None, None, None, expr)


def _trails_speech(doc: Doc, ts: TimeSpan, d: Draft) -> bool:
    """The time expression follows a speech verb that follows the event's words: an attribution after the
    event's clause ("X was shot dead, police said Thursday"), not a statement opening the sentence ("The group
    said on Friday that its fighters took the town")."""
    if ts.start is None or ts.end is None:
        return False
    span = _span_tokens(doc, ts.start, ts.end)
    if span is None or span.start == 0:
        return False
    before = doc[span.start - 1]
    if before.lower_ == "on" and before.i > 0:
        before = doc[before.i - 1]
    if before.lower_ not in lexicon().speech_verbs:
        return False
    told = [t.i for m in d.mentions for t in m.tokens if t.sent == before.sent]
    return bool(told) and max(told) < before.i


def _event_location(ctx: ReportContext, d: Draft, index: PlaceIndex, focus: str | None) -> Location:
    if d.place is not None:
        sent = ctx.doc[d.place.start].sent
        if any(
            sent.start <= p.start < sent.end and p.name != d.place.name and p.level != "country"
            for p in ctx.places
        ):
            # "near X village between the Magway townships of A and B": the sentence tells where X is; the
            # report's most told place (elsewhere) is no default for it
            focus = None
        return index.location(d.place, ctx.country, default_within=focus)
    if focus is not None:
        m = PlaceMention(focus, 0, 0, -1, -1, level="place")
        loc = index.location(m, ctx.country)
        loc.start = loc.end = None
        return loc
    # No place of its own and no dominant place: the report's most mentioned wider area, at precision 3.
    admin = [n for n, lv in index.levels.items() if lv in {"admin1", "admin2"}]
    loc = Location(name=None, country=ctx.country, geo_precision=3 if ctx.country else None)
    if admin:
        best = max(admin, key=lambda n: (_count_word(ctx.doc.text, n), -index.first.get(n, 0)))
        if index.levels[best] == "admin1":
            loc.admin1 = best
        else:
            loc.admin2 = best
            loc.admin1 = next((a for a in index.chain(best)[1:] if index.levels.get(a) == "admin1"), None)
    return loc


def _event_actors(ctx: ReportContext, d: Draft, claims: list[Claim], main: str):
    reg = ctx.registry
    country = ctx.country
    actor1, actor2 = d.actor1, d.actor2
    if actor1 is not None and actor2 is not None and reg.same_side(actor1.actor.name, actor2.actor.name):
        # the actor's own losses ("one soldier was killed during the operation") do not make it the target
        actor2 = None
    # Who did it, when the text does not say in the clause: the group that claims responsibility.
    if actor1 is None:
        for c in claims:
            if c.kind == "responsibility":
                a = reg.get(c.claimant) or reg.resolve(c.claimant)
                if a is None and ctx.claimant_actors:
                    # the claimant's actor as resolved by the claims stage
                    si = ctx.sentence_of_char(c.evidence.start)
                    name = ctx.claimant_actors[si]
                    a = reg.get(name) if name else None
                if a is not None:
                    actor1 = ActorMention(
                        actor=a, start=c.evidence.start, end=c.evidence.start, text=c.claimant
                    )
                    break
    first_others = d.mentions[0].others
    if (
        actor1 is None
        and len(first_others) >= 2
        and (
            actor2 is None
            or (
                _is_subject(ctx.doc, first_others[0])
                and reg.same_side(first_others[0].actor.name, actor2.actor.name)
            )
        )
    ):
        # Both sides named in the sentence but neither as the trigger's subject ("clashes broke out after the
        # army advanced into areas the group holds"): the first named acts, the first of the other side is the
        # target; when victims on the first side were already found, only if the first is a verb's subject.
        for o in first_others[1:]:
            if not reg.same_side(first_others[0].actor.name, o.actor.name) and o.actor.inter != 7:
                actor1, actor2 = first_others[0], o
                break
    if actor1 is None and main not in {"air_strike", "shelling"}:
        # No subject in the clause ("fighting entered a second day"): the party whose statement tells it.
        si = d.mentions[0].sent_index
        explicit = ctx.claimant_explicit[si] if si < len(ctx.claimant_explicit) else True
        name = ctx.claimant_actors[si] if si < len(ctx.claimant_actors) and explicit else None
        a = reg.get(name) if name else None
        # ... unless the state's forces tell of losses among the state's forces: an attack on them, by someone
        # the text does not name ("soldiers were killed by a roadside bomb, police said").
        state_victims = {"military", "police"} & set(d.target_sides) or any(
            c.subject_class == "state" and c.kind in {"killed", "injured"} for c in claims
        )
        # ... nor when the clause names a doer the registry does not know ("gunmen shot dead a farmer, police
        # said"): the police tell of the killing, they did not do it
        unnamed_doer = any(
            c.dep_ in {"nsubj", "agent"} for m in d.mentions for t in m.tokens for c in t.children
        )
        if (
            a is not None
            and a.inter != 7
            and not (a.inter == 1 and state_victims)
            and not unnamed_doer
            and (actor2 is None or not reg.same_side(a.name, actor2.actor.name))
        ):
            actor1 = ActorMention(a, -1, -1, "")
    if actor1 is None and main == "arrest" and country:
        # an arrest with no named actor is made by the state: the forces operating in the report, else police
        state = [o for o in ctx.actors if o.actor.inter == 1 and o.actor.country == country]
        military = [o for o in state if o.actor.name.startswith("Military")]
        picks = military or state
        actor1 = picks[0] if picks else ActorMention(reg.state_forces(country, "police"), -1, -1, "")
    if actor1 is None and main in {"air_strike", "shelling"} and country:
        # Air power and artillery are, by default, the state's: a strike with no named actor is the state
        # forces'.
        actor1 = ActorMention(reg.state_forces(country, "military"), -1, -1, "")
    sides = list(d.target_sides)
    for c in claims:
        if c.kind in {"killed", "injured", "captured", "detained", "missing"}:
            if c.subject_class == "civilian":
                sides.append("civilian")
            elif c.subject_class == "state":
                sides.append("military")
    if actor2 is None and country:
        for side in sides:
            cand = None
            if side == "military":
                cand = reg.state_forces(country, "military")
            elif side == "police":
                cand = reg.state_forces(country, "police")
            elif side == "civilian":
                cand = reg.civilians(country)
            if cand is not None and (actor1 is None or not reg.same_side(actor1.actor.name, cand.name)):
                actor2 = ActorMention(cand, -1, -1, "")
                break
    if actor2 is None:
        for o in d.others:
            if _is_speaker(ctx.doc, o) and o.actor.inter not in (6, 7):
                continue  # an armed party telling of it ("police said"); residents who tell are its people
            if actor1 is None or not reg.same_side(actor1.actor.name, o.actor.name):
                if o.actor.inter != 7 or actor1 is not None:
                    actor2 = o
                    break
    if actor1 is None:
        for o in d.others:
            if _is_speaker(ctx.doc, o):
                continue  # "gunmen shot dead a farmer, police said": who tells of it did not do it
            if actor2 is None or not (
                reg.same_side(actor2.actor.name, o.actor.name) or _one_state(o.actor, actor2.actor)
            ):
                if o.actor.inter in (1, 2, 3, 4, 8):
                    actor1 = o
                    break
    if (
        actor2 is None
        and main in {"takeover", "retake"}
        and country
        and actor1 is not None
        and actor1.actor.inter != 1
    ):
        # A town taken with no named defenders is coded against the state's police, who hold it.
        actor2 = ActorMention(reg.state_forces(country, "police"), -1, -1, "")
    if actor1 is not None and actor2 is not None and reg.same_side(actor1.actor.name, actor2.actor.name):
        actor2 = None
    if actor1 is not None and actor2 is not None and _coordinated(ctx.doc, actor1, actor2):
        # "a gunfight with village guards, soldiers and police": one list is one side (the other is untold)
        actor2 = None
    assoc1: list[str] = []
    assoc2: list[str] = []
    for o in d.others:
        name = o.actor.name
        for actor, assoc in ((actor1, assoc1), (actor2, assoc2)):
            if actor is None:
                continue
            if name == actor.actor.name:
                if o.unit and o.unit not in assoc and o.unit != actor.unit:
                    assoc.append(o.unit)
                break
            if reg.same_side(actor.actor.name, name) or (
                actor.actor.inter == 1 and o.actor.inter == 1 and o.actor.country == actor.actor.country
            ):
                label = o.unit or name
                if label not in assoc:
                    assoc.append(label)
                break
    return actor1, actor2, assoc1, assoc2


def _mention_root(doc: Doc, a: ActorMention) -> Token | None:
    """The syntactic head of an actor mention's words, None when they are no tokens of the doc."""
    span = _span_tokens(doc, a.start, a.end)
    return span.root if span is not None and len(span) > 0 else None


def _is_speaker(doc: Doc, a: ActorMention) -> bool:
    """The mention is the subject of a speech verb ("police said", "the army confirmed")."""
    root = _mention_root(doc, a)
    return root is not None and root.dep_ == "nsubj" and root.head.lower_ in lexicon().speech_verbs


def _coordinated(doc: Doc, a: ActorMention, b: ActorMention) -> bool:
    """The two mentions are items of one coordinated list of allies ("a gunfight with guards, soldiers and
    police"), not the two parties of "clashes between X and Y" or "X and Y clashed"."""
    ra, rb = _mention_root(doc, a), _mention_root(doc, b)
    if ra is None or rb is None:
        return False
    first, second = sorted((ra, rb), key=lambda t: t.i)
    if second not in first.conjuncts:
        return False
    if first.dep_ == "pobj" and first.head.lower_ == "between":
        return False
    return not (first.dep_ == "nsubj" and lexicon().forms.get(first.head.lower_) == "clash")


def _one_state(a: Actor, b: Actor) -> bool:
    """Both are state forces of one country (army and police): one side, never each other's opponent by
    default."""
    return a.inter == 1 and b.inter == 1 and a.country is not None and a.country == b.country


def _is_subject(doc: Doc, a: ActorMention) -> bool:
    """Whether an actor mention is the subject of a verb ("after the army advanced ...")."""
    root = _mention_root(doc, a)
    if root is None:
        return False
    while root.dep_ in {"compound", "amod", "poss"} and root.head is not root:
        root = root.head
    return root.dep_ in {"nsubj", "agent"} or (root.dep_ == "pobj" and root.head.dep_ == "agent")


def _set_subject_groups(ev: Event, reg) -> None:
    """Which side each claim's people belong to: actor1, actor2, civilians or unknown."""
    a1 = ev.actor1.actor if ev.actor1 else None
    a2 = ev.actor2.actor if ev.actor2 else None

    def side_of(actor_name: str | None) -> str | None:
        if actor_name is None:
            return None
        for label, a in (("actor1", a1), ("actor2", a2)):
            if a is not None and (a.name == actor_name or reg.same_side(a.name, actor_name)):
                return label
        return None

    for c in ev.claims:
        group = side_of(c.subject_actor)
        if group is None:
            if c.subject_class == "civilian":
                group = "civilians"
            elif c.subject_class == "state":
                group = (
                    "actor1" if a1 and a1.inter == 1 else ("actor2" if a2 and a2.inter == 1 else "unknown")
                )
            elif c.subject_class == "nonstate":
                group = (
                    "actor1"
                    if a1 and a1.inter in (2, 3, 4)
                    else ("actor2" if a2 and a2.inter in (2, 3, 4) else "unknown")
                )
            elif c.subject_class in {"claimant_side", "claimant_enemy"}:
                claimant_side = None
                for label, a in (("actor1", a1), ("actor2", a2)):
                    if (
                        a is not None
                        and a.name.lower() in c.claimant.lower()
                        or (
                            a is not None
                            and any(x.lower() in c.claimant.lower() for x in a.aliases if len(x) > 2)
                        )
                    ):
                        claimant_side = label
                if claimant_side is None:
                    group = "unknown"
                elif c.subject_class == "claimant_side":
                    group = claimant_side
                else:
                    group = "actor2" if claimant_side == "actor1" else "actor1"
            else:
                group = "unknown"
        c.subject_group = group
