"""Numbers as reports write them ("more than 15", "two dozen", "dozens of") turned into value intervals.

Pure string functions, no spaCy: the codebook's qualifier rules, with every word list in data/numbers.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from .config import load_data
from .errors import DataFileError
from .records import QUALIFIERS, VAGUE_QUALIFIERS, Quantity

__all__ = [
    "find_quantities",
    "number_pattern",
    "qualifier_pattern",
    "parse_number",
    "parse_quantity",
]


@cache
@dataclass(frozen=True, slots=True)
class _Rule:
    """How a qualifier word turns N into [low, high]: "n", "n+1", "n-1", "at_most_low" / "open"."""

    qualifier: str
    low: str
    high: str
    approximate: bool


@dataclass(slots=True)
class _Lexicon:
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    groups: dict[str, int]
    phrases: dict[str, int]
    articles: dict[str, int]
    at_most_low: int
    range_qualifier: str
    prefix_rules: dict[str, _Rule]  # normalised words -> rule
    suffix_rules: dict[str, _Rule]
    vague: dict[str, tuple[str, int]]  # words -> (qualifier, low)
    vague_multipliers: dict[str, int]
    scaled_vague_qualifier: dict[str, str]
    not_vague_after: frozenset[str]
    year_low: int
    year_high: int
    number: re.Pattern[str]  # one number, whole string
    finder: re.Pattern[str]  # quantities in running text
    finder_articles: re.Pattern[str]  # the same, with "a"/"an"/"one" as counts of 1
    count_noun_after: re.Pattern[str]
    ordinal_after: re.Pattern[str]
    not_count_after: re.Pattern[str]
    not_count_before: re.Pattern[str]
    word_before: re.Pattern[str]
    word_after: re.Pattern[str]
    month_names: frozenset[str]
    name_exempt: frozenset[str]  # lower-cased capitalised words that do not make a number part of a name
    year_prepositions: frozenset[str]
    number_source: str
    qualifier_source: str


def phrase_pattern(words: list[str] | tuple[str, ...], boundary: bool = True) -> str:
    """A regex alternation of phrases, longest first, spaces matching any whitespace, at word boundaries."""
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        part = r"\s+".join(re.escape(p) for p in w.split())
        if boundary and w[:1].isalnum():
            part = r"\b" + part
        if boundary and w[-1:].isalnum():
            part = part + r"\b"
        parts.append(part)
    return "(?:" + "|".join(parts) + ")"


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _rules(raw: dict[str, Any], where: str) -> dict[str, _Rule]:
    rules: dict[str, _Rule] = {}
    for name, spec in raw.items():
        qualifier = spec.get("qualifier", name)
        if qualifier not in QUALIFIERS:
            raise DataFileError(f"numbers.yaml: {where}.{name}: unknown qualifier {qualifier!r}")
        rule = _Rule(qualifier, str(spec["low"]), str(spec["high"]), bool(spec.get("approximate", False)))
        for w in spec["words"]:
            rules[_norm(w)] = rule
    return rules


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    raw = load_data("numbers.yaml")
    times = load_data("time_words.yaml")
    units = {str(k): int(v) for k, v in raw["units"].items()}
    tens = {str(k): int(v) for k, v in raw["tens"].items()}
    scales = {str(k): int(v) for k, v in raw["scales"].items()}
    groups = {str(k): int(v) for k, v in raw["groups"].items()}
    phrases = {_norm(k): int(v) for k, v in raw["phrases"].items()}
    articles = {str(k): int(v) for k, v in raw["articles"].items()}
    prefix_rules = _rules(raw["prefix_qualifiers"], "prefix_qualifiers")
    suffix_rules = _rules(raw["suffix_qualifiers"], "suffix_qualifiers")
    vague: dict[str, tuple[str, int]] = {}
    for entry in raw["vague"]:
        if entry["qualifier"] not in VAGUE_QUALIFIERS:
            raise DataFileError(f"numbers.yaml: vague: unknown qualifier {entry['qualifier']!r}")
        for w in entry["words"]:
            vague[_norm(w)] = (entry["qualifier"], int(entry["low"]))
    vague_multipliers = {_norm(k): int(v) for k, v in raw["vague_multipliers"].items()}
    range_qualifier = raw["range_qualifier"]
    if range_qualifier not in QUALIFIERS:
        raise DataFileError(f"numbers.yaml: range_qualifier {range_qualifier!r} is not a qualifier")

    # One number as written: digits ("4,000", "1.5 million"), fixed phrases ("half a dozen"), group words
    # ("two dozen", "a dozen") and number-word sequences ("one hundred and twenty", "forty-seven"). "and" is
    # only part of a number right after a scale word ("hundred and twenty", never "two and three").
    unit_ten = phrase_pattern(list(units) + list(tens))
    scale = phrase_pattern(list(scales))
    group = phrase_pattern(list(groups))
    after_scale = "".join(rf"(?<={re.escape(s)})\s+and\s+|" for s in scales)
    word_atom = rf"(?:{unit_ten}|{scale})"
    word_rest = rf"(?:(?:{after_scale}[ \t]+|-){word_atom})*"
    word_seq = rf"{unit_ten}{word_rest}"  # a scale word alone ("million") is no number; "a million" is
    digits = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    number_source = (
        rf"(?:{phrase_pattern(list(phrases))}"
        rf"|(?:{digits}|\ban|\ba|{word_seq})\s+{group}"
        rf"|\ban?\s+{scale}{word_rest}"
        rf"|{group}"
        rf"|{word_seq}"
        rf"|{digits}(?:\s+{scale})?)"
    )

    about_words = [w for w, r in prefix_rules.items() if r.qualifier == "about"]
    prefix = phrase_pattern(list(prefix_rules))
    suffix = phrase_pattern(list(suffix_rules)) + "|\\+"
    vague_scaled = rf"{phrase_pattern(list(vague_multipliers))}\s+(?:{group}|{scale})(?:\s+of\b)?"
    vague_alt = phrase_pattern(list(vague)) + r"(?:\s+of\b)?"
    # Ranges first (longest), then "several dozen", then a number with its qualifier words, then vague words.
    # Every match starts at a word start not glued to an id ("F-16", "12:30", "$5") and ends at a word end.
    body = (
        rf"(?P<range>(?:(?P<rpre>{phrase_pattern(about_words)})\s+)?"
        rf"(?:between\s+(?P<ra1>{number_source})\s+and\s+(?P<rb1>{number_source})"
        rf"|from\s+(?P<ra2>{number_source})\s+to\s+(?P<rb2>{number_source})"
        rf"|(?P<ra3>{number_source})\s+(?:to|or)\s+(?P<rb3>{number_source})"
        # A hyphen joins a range of digits only ("10-15"): "forty-seven" is one number.
        rf"|(?P<ra4>{digits})\s*[-\u2013]\s*(?P<rb4>{digits})(?![\w,.]\d)))"
        rf"|(?P<vscaled>{vague_scaled})"
        rf"|(?P<qty>(?:(?P<pre>{prefix})\s+)?(?P<num>{number_source})(?:\s*(?P<post>{suffix}))?(?![.,:/]\d))"
        rf"|(?P<vague>{vague_alt})"
    )
    lead = r"(?<![\w$£€.,:/\-\u2011])"
    tail = r"(?![\w\u2011])"
    finder = re.compile(rf"{lead}(?:{body}){tail}", re.IGNORECASE)
    art = phrase_pattern(list(articles))
    finder_articles = re.compile(rf"{lead}(?:{body}|(?P<article>{art})){tail}", re.IGNORECASE)

    months = [str(m) for m in times["months"]]
    weekdays = [str(d) for d in times["weekdays"]]
    not_after = [str(w) for w in raw["not_count_after"]]
    not_before = [str(w) for w in raw["not_count_before"]]
    ordinals = [str(w) for w in raw["ordinals"] + raw["fractions"]]
    return _Lexicon(
        units=units,
        tens=tens,
        scales=scales,
        groups=groups,
        phrases=phrases,
        articles=articles,
        at_most_low=int(raw["at_most_low"]),
        range_qualifier=range_qualifier,
        prefix_rules=prefix_rules,
        suffix_rules=suffix_rules,
        vague=vague,
        vague_multipliers=vague_multipliers,
        scaled_vague_qualifier={str(k): str(v) for k, v in raw["scaled_vague_qualifier"].items()},
        not_vague_after=frozenset(_norm(w) for w in raw["not_vague_after"]),
        year_low=int(raw["year_like"][0]),
        year_high=int(raw["year_like"][1]),
        number=re.compile(number_source, re.IGNORECASE),
        finder=finder,
        finder_articles=finder_articles,
        # A count noun right after the number, or after one more word ("1948 Palestinian refugees").
        count_noun_after=re.compile(
            rf"\s+(?:[\w'-]+\s+)?{phrase_pattern([str(w) for w in raw['count_nouns']])}", re.IGNORECASE
        ),
        ordinal_after=re.compile(rf"[-\u2011]{phrase_pattern(ordinals)}", re.IGNORECASE),
        not_count_after=re.compile(rf"\s*{phrase_pattern(not_after)}(?!\w)", re.IGNORECASE),
        not_count_before=re.compile(rf"{phrase_pattern(not_before)}\s*$", re.IGNORECASE),
        word_before=re.compile(r"([\w'\u2019.-]+)[ \t]*$"),
        word_after=re.compile(r"[ \t]+([\w'\u2019-]+)"),
        month_names=frozenset(months),
        name_exempt=frozenset(
            [_norm(w) for w in raw["capitalised_not_names"]]
            + [w.lower() for w in months + weekdays]
            + [w.split()[0] for w in prefix_rules]
            + [w.split()[0] for w in vague]
        ),
        # "of" and "from" also count people ("out of 2000 people"): only time prepositions make a year.
        year_prepositions=frozenset(_norm(w) for w in times["year_prepositions"]) - {"of", "from"},
        number_source=number_source,
        qualifier_source=prefix,
    )


def number_pattern() -> str:
    """The regex source (no groups, case-insensitive) of one number as written, for other modules."""
    return _lexicon().number_source


def qualifier_pattern() -> str:
    """The regex source (no groups, case-insensitive) of the qualifier words before a number ("more than")."""
    return _lexicon().qualifier_source


def _words_value(words: list[str], lex: _Lexicon) -> int | None:
    """The value of a number-word sequence, or None when the words do not form one number ("one two")."""
    total = 0
    current = 0
    last = ""  # kind of the previous word
    for i, w in enumerate(words):
        if w in ("a", "an"):
            if last:
                return None
            current, last = 1, "a"
        elif w in lex.units:
            v = lex.units[w]
            if last in ("unit", "a") or (last == "ten" and v >= 10):
                return None
            current += v
            last = "unit"
        elif w in lex.tens:
            if last in ("unit", "ten", "a"):
                return None
            current += lex.tens[w]
            last = "ten"
        elif w in lex.scales:
            v = lex.scales[w]
            if v < 1000:
                if last == "hundred":
                    return None
                current = (current or 1) * v
                last = "hundred"
            else:
                total += (current or 1) * v
                current = 0
                last = "scale"
        elif w in lex.groups:
            if i != len(words) - 1:
                return None
            return ((total + current) or 1) * lex.groups[w]
        else:
            return None
    return total + current if last else None


def parse_number(text: str) -> int | None:
    """The number a string writes ("15", "4,000", "1.5 million", "twenty-one", "two dozen"), else None."""
    lex = _lexicon()
    t = _norm(text)
    if not t or lex.number.fullmatch(t) is None:
        return None
    if t in lex.phrases:
        return lex.phrases[t]
    if t[0].isdigit():
        parts = t.split()
        digits = parts[0].replace(",", "")
        mult = 1
        for word in parts[1:]:
            if word in lex.scales:
                mult *= lex.scales[word]
            elif word in lex.groups:
                mult *= lex.groups[word]
            else:
                return None
        if "." in digits:
            value = float(digits) * mult
            # A fraction is no count: "1.5" alone, or "2.5 km", is not a number of anything.
            return int(round(value)) if mult > 1 and abs(value - round(value)) < 1e-6 else None
        return int(digits) * mult
    return _words_value(re.split(r"[\s\-]+", t.replace(" and ", " ")), lex)


def _bounds(rule: _Rule, n: int, lex: _Lexicon) -> tuple[int, int | None]:
    values = {"n": n, "n+1": n + 1, "n-1": n - 1, "at_most_low": lex.at_most_low}
    low = values[rule.low]
    high = None if rule.high == "open" else values[rule.high]
    if high is not None and low > high:
        low = high
    return low, high


def _quantity(m: re.Match[str], lex: _Lexicon, offset: int) -> Quantity | None:
    """The Quantity one finder match writes, or None when its numbers do not parse."""
    text = m.group(0)
    start, end = m.start() + offset, m.end() + offset
    if m.group("range") is not None:
        a_text = m.group("ra1") or m.group("ra2") or m.group("ra3") or m.group("ra4")
        b_text = m.group("rb1") or m.group("rb2") or m.group("rb3") or m.group("rb4")
        a, b = parse_number(a_text), parse_number(b_text)
        # "20-15" or "2025-05" is no range (a score, a date): nothing here is a count.
        if a is None or b is None or b <= a:
            return None
        return Quantity(a, b, lex.range_qualifier, True, text, start, end)
    if m.group("vscaled") is not None:
        scaled = _norm(m.group("vscaled")).removesuffix(" of").split()
        scale_word = scaled[-1]
        mult = lex.vague_multipliers[" ".join(scaled[:-1])]
        size = lex.scales.get(scale_word) or lex.groups[scale_word]
        return Quantity(mult * size, None, lex.scaled_vague_qualifier[scale_word], False, text, start, end)
    if m.group("vague") is not None:
        words = _norm(m.group("vague")).removesuffix(" of")
        if words not in lex.vague:
            words = _norm(m.group("vague"))
        qualifier, low = lex.vague[words]
        return Quantity(low, None, qualifier, False, text, start, end)
    if m.groupdict().get("article") is not None:
        return Quantity(1, 1, "exact", False, text, start, end)
    n = parse_number(m.group("num"))
    if n is None:
        return None
    pre, post = m.group("pre"), m.group("post")
    rule = None
    if pre is not None:
        rule = lex.prefix_rules[_norm(pre)]
    elif post is not None:
        post_n = _norm(post)
        rule = lex.suffix_rules.get(post_n) or (lex.suffix_rules["-plus"] if post_n == "+" else None)
    if rule is None:
        return Quantity(n, n, "exact", False, text, start, end)
    low, high = _bounds(rule, n, lex)
    return Quantity(low, high, rule.qualifier, rule.approximate, text, start, end)


def parse_quantity(text: str) -> Quantity | None:
    """The quantity a phrase starts with ("more than 15", "dozens of", "10 to 15", "a child"), else None.

    No context checks: the caller says the phrase is a count, so "2025" is 2025 and "one" or "a" is 1.
    """
    lex = _lexicon()
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    m = lex.finder_articles.match(stripped)
    if m is None:
        return None
    return _quantity(m, lex, lead)


def _word_before(text: str, pos: int, lex: _Lexicon) -> str:
    m = lex.word_before.search(text, max(0, pos - 40), pos)
    return m.group(1) if m else ""


def _is_year_like(num_text: str, lex: _Lexicon) -> bool:
    t = num_text.strip()
    return len(t) == 4 and t.isdigit() and lex.year_low <= int(t) <= lex.year_high


def _not_a_count(text: str, m: re.Match[str], q: Quantity, lex: _Lexicon) -> bool:
    """True when the number is a year, date, time, percentage, age, money, ordinal or part of a name."""
    start, end = m.start(), m.end()
    before = text[max(0, start - 12) : start]
    # Percentages, times of day, ages, money: "15%", "3 p.m.", "25-year-old", "$5", "aged 40".
    if lex.not_count_after.match(text, end) or lex.not_count_before.search(before):
        return True
    # Ordinals and fractions: "twenty-first", "two-thirds".
    if lex.ordinal_after.match(text, end):
        return True
    num_texts = [
        g for g in (m.group("num"), m.group("ra4"), m.group("ra3"), m.group("ra1"), m.group("ra2")) if g
    ]
    prev = _word_before(text, start, lex)
    nxt_m = lex.word_after.match(text, end)
    nxt = nxt_m.group(1) if nxt_m else ""
    # Day of a date: "11 August", "11th of August", "August 11", "May 26, 2025" (month names capitalised).
    if m.group("qty") is not None and q.qualifier == "exact" and num_texts and num_texts[0].isdigit():
        day = int(num_texts[0])
        if 1 <= day <= 31:
            if prev.rstrip(".") in lex.month_names:
                return True
            after = re.match(r"(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Z][a-z]+)", text[end : end + 20])
            if after and after.group(1) in lex.month_names:
                return True
    # Years: a 4-digit number in the year range, unless a count noun follows ("1948 refugees"); always a year
    # after a month or a time preposition ("August 2024", "May 26, 2025", "in 2024", "since 2020").
    if any(_is_year_like(t, lex) for t in num_texts):
        after_year_word = prev.lower() in lex.year_prepositions or prev.rstrip(".,") in lex.month_names
        if after_year_word or re.search(r"\b\d{1,2},\s*$", before):
            return True
        if not lex.count_noun_after.match(text, end):
            return True
    # Ids and names: a capitalised word right before the number ("Resolution 2254", "Hilal Talks 2025",
    # "Phase 2"), unless the next word is capitalised too (a title-case headline: "Troops Kill 15 Militants").
    # A word ending in "." ends the previous sentence ("... in Quetta. 15 died").
    if prev[:1].isupper() and not prev.endswith(".") and prev.lower() not in lex.name_exempt:
        if not nxt[:1].isupper():
            return True
    # "how many", "so many": no count.
    if m.group("vague") is not None and prev.lower() in lex.not_vague_after:
        return True
    return False


def find_quantities(text: str, offset: int = 0, include_articles: bool = False) -> list[Quantity]:
    """Every quantity in running text, qualifier words included in its span, in text order.

    Years, dates, times of day, percentages, ages, money, ordinals and numbers inside names are skipped. A
    bare "one", "a" or "an" counts only with include_articles ("at least one" always counts).
    """
    lex = _lexicon()
    finder = lex.finder_articles if include_articles else lex.finder
    found: list[Quantity] = []
    for m in finder.finditer(text):
        q = _quantity(m, lex, offset)
        if q is None:
            continue
        if (
            not include_articles
            and m.group("qty") is not None
            and m.group("pre") is None
            and m.group("post") is None
            and _norm(m.group("num")) in lex.articles
        ):
            continue
        if _not_a_count(text, m, q, lex):
            continue
        found.append(q)
    return found
