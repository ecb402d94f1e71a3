"""Temporal expressions in report text ("on Friday", "earlier this month") resolved to date spans.

Pure string functions, no spaCy: the codebook's "Time" rules, with every word list in data/time_words.yaml.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from .config import load_data
from .errors import DataFileError
from .quantities import number_pattern, parse_quantity, phrase_pattern, qualifier_pattern
from .records import TimeSpan

__all__ = ["DATELINE", "apply_relative", "find_time_expressions", "resolve", "shift"]

_Handler = Callable[[re.Match[str], "date | None", "_Lexicon"], "TimeSpan | None"]


@dataclass(slots=True)
class _Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    day_words: dict[str, int]
    anchored: dict[str, tuple[int, int]]
    shift_signs: dict[str, int]
    units: dict[str, int]
    unit_precision: dict[str, int]
    month_parts: dict[str, tuple[int, int]]
    year_parts: dict[str, tuple[int, int]]
    prepositions: dict[str, str]  # preposition -> date | since | throughout | until
    not_names_before: frozenset[str]
    month_weeks: dict[str, int]  # "first" -> 1 (that week's first day), "last" -> 0 (the month's last 7 days)
    ambiguous_months: frozenset[str]  # month names that are also common words: alone, they need a preposition
    # (pattern, handler, guard): a family runs only on texts where its guard, a cheap search, finds something.
    # (pattern, handler, guard: skip the text when it does not match, core: a word every match contains)
    families: list[tuple[re.Pattern[str], _Handler, re.Pattern[str] | None, re.Pattern[str]]]


def _words(raw: object, where: str) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
        raise DataFileError(f"time_words.yaml: {where}: expected a list of words")
    return raw


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    raw = load_data("time_words.yaml")
    months = {str(k): int(v) for k, v in raw["months"].items()}
    weekdays = {str(k): int(v) for k, v in raw["weekdays"].items()}
    prepositions = {str(k): str(v) for k, v in raw["date_prepositions"].items()}
    if set(prepositions.values()) - {"date", "since", "throughout", "until"}:
        raise DataFileError("time_words.yaml: date_prepositions: use date, since, throughout or until")
    units = {str(k): int(v) for k, v in raw["units"].items()}
    month_parts = {" ".join(str(k).split()): (int(v[0]), int(v[1])) for k, v in raw["month_parts"].items()}
    year_parts = {" ".join(str(k).split()): (int(v[0]), int(v[1])) for k, v in raw["year_parts"].items()}
    anchored = {
        " ".join(str(k).lower().split()): (int(v[0]), int(v[1])) for k, v in raw["anchored_words"].items()
    }
    day_words = {" ".join(str(k).lower().split()): int(v) for k, v in raw["day_words"].items()}
    shift_signs = {str(k): int(v) for k, v in raw["shift_words"].items()}
    month_weeks = {str(k): int(v) for k, v in raw["month_weeks"].items()}

    # Month and weekday names are matched case-sensitively: "May 26", never the verb "may".
    # A dot only after an abbreviation ("Aug. 11"); "since August." ends a sentence.
    abbreviations = [m for m in months if m not in calendar.month_name]
    by_length: dict[int, list[str]] = {}
    for ab in abbreviations:
        by_length.setdefault(len(ab), []).append(re.escape(ab))
    after_abbreviation = "|".join(f"(?<={'|'.join(v)})" for v in by_length.values())
    month_names = phrase_pattern(list(months))
    month = rf"(?-i:(?P<month>{month_names}))(?:(?:{after_abbreviation})\.)?"
    weekday = rf"(?-i:(?P<weekday>{phrase_pattern(list(weekdays))}))"
    weekday_lead = rf"(?:(?-i:{phrase_pattern(list(weekdays))}),?\s+(?:the\s+)?)?"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
    year = r"(?P<year>(?:19|20)\d\d)(?!\d)"
    prep = rf"(?:(?P<prep>{phrase_pattern(list(prepositions))})\s+)?"
    night_of = r"(?:the\s+(?:night|morning|evening|afternoon)\s+of\s+)?"
    month_part = rf"(?:(?:the\s+)?(?P<part>{phrase_pattern(list(month_parts))})(?:\s+|-))"
    year_part = rf"(?:(?:the\s+)?(?P<part>{phrase_pattern(list(year_parts))})(?:\s+|-))"
    day_part = rf"(?:\s+(?P<daypart>{phrase_pattern(_words(raw['day_parts'], 'day_parts'))}))?"
    unit = rf"(?P<unit>{phrase_pattern(list(units), boundary=False)}s?)\b"
    # A count of units: a number ("47", "forty-seven", "two dozen"), "a"/"an" or a vague word ("several").
    vague_counts = phrase_pattern(_words(raw["vague_counts"], "vague_counts"))
    count = rf"(?P<count>{number_pattern()}|{vague_counts}|\ban?\b)"
    year_preps = phrase_pattern(_words(raw["year_prepositions"], "year_prepositions"))
    lookback = (
        rf"(?:(?P<opener>{phrase_pattern(_words(raw['lookback_openers'], 'lookback_openers'))})\s+)?"
        rf"the\s+(?:{phrase_pattern(_words(raw['lookback_words'], 'lookback_words'))})\s+"
    )
    duration = rf"(?P<opener>{phrase_pattern(_words(raw['duration_openers'], 'duration_openers'))})\s+"
    shift_dir = rf"(?P<dir>{phrase_pattern(list(shift_signs))})"

    def rx(source: str) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w-]){source}(?![\w\u2011-])", re.IGNORECASE)

    # Patterns that open with a count are slow to try at every position: their guard looks for the word after.
    after_unit = re.compile(rf"{unit}\s+(?:ago\b|{shift_dir})", re.IGNORECASE)
    unit_adjective = re.compile(rf"[-\u2011]{unit}", re.IGNORECASE)
    # The core of each family: a word every match contains. Scanning for it is ten times faster than trying the
    # full pattern at every position; the full pattern then runs only in windows around the core's hits.
    month_core = re.compile(rf"(?-i:{month_names})")
    weekday_core = re.compile(rf"(?-i:{phrase_pattern(list(weekdays))})")
    year_core = re.compile(r"(?:19|20)\d\d")
    day_word_core = re.compile(phrase_pattern(list(day_words)), re.IGNORECASE)
    calendar_core = re.compile(r"week|month|year", re.IGNORECASE)
    unit_core = re.compile(phrase_pattern(list(units), boundary=False), re.IGNORECASE)
    vague_core = re.compile(phrase_pattern(_words(raw["vague_periods"], "vague_periods")), re.IGNORECASE)
    anchored_core = re.compile(phrase_pattern(list(anchored)), re.IGNORECASE)
    families: list[tuple[re.Pattern[str], _Handler, re.Pattern[str] | None, re.Pattern[str]]] = [
        # 11 August, on 26 May 2025, Friday, 26 September 2025, the night of 11 August
        (
            rx(rf"{prep}{night_of}{weekday_lead}{day}(?:\s+of)?\s+{month}(?:,?\s+{year})?"),
            _day_month,
            None,
            month_core,
        ),
        # August 11, May 26, 2025, Friday, September 26
        (rx(rf"{prep}{night_of}{weekday_lead}{month}\s+{day}(?:,?\s+{year})?"), _day_month, None, month_core),
        # the first week of May, the last week of August 2024
        (
            rx(
                rf"(?:the\s+)?(?P<weekord>{phrase_pattern(list(month_weeks))})\s+week\s+of\s+{month}"
                rf"(?:,?\s+{year})?"
            ),
            _month_week,
            None,
            month_core,
        ),
        # ISO 2025-05-26
        (rx(rf"{prep}(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)"), _iso, None, year_core),
        # August 2024, in early June 2019, since late March 2019
        (rx(rf"{prep}{month_part}?{month},?\s+{year}"), _month, None, month_core),
        # between March and May, from January to April 2021: one window over the months between
        (
            rx(
                rf"(?:between|from)\s+(?-i:(?P<month>{month_names}))(?:\s+(?P<year>(?:19|20)\d\d))?"
                rf"\s+(?:and|to|until|till|through)\s+(?-i:(?P<month2>{month_names}))"
                r"(?:,?\s+(?P<year2>(?:19|20)\d\d))?"
            ),
            _month_range,
            None,
            month_core,
        ),
        # in January, since August, mid-August, the end of May, last August
        (rx(rf"{prep}(?:{month_part}|(?P<rel>last|this|next)\s+)?{month}"), _month, None, month_core),
        # in 2024, since 2020, the summer of 2022, early 2024, mid-2024
        (rx(rf"(?:(?P<prep>{year_preps})\s+(?:the\s+year\s+)?)?{year_part}?{year}"), _year, None, year_core),
        # in the 1990s
        (rx(rf"{prep}the\s+(?P<decade>(?:19|20)\d0)s"), _decade, None, year_core),
        # on Friday, last Friday, late on Wednesday night, Saturday's
        (
            rx(
                rf"(?:(?P<early>early|late)\s+)?{prep}(?:(?P<rel>last|this|next|past)\s+)?{weekday}{day_part}"
            ),
            _weekday,
            None,
            weekday_core,
        ),
        # yesterday, today, last night, the day before yesterday
        (rx(rf"{prep}(?P<dayword>{phrase_pattern(list(day_words))})"), _day_word, None, day_word_core),
        # last week, earlier this month, late last year, this weekend
        (
            rx(
                rf"{prep}(?:(?P<pre>earlier|later|early|late)\s+(?:in\s+)?)?(?P<rel>last|this|next)\s+"
                r"(?P<cal>weekend|week|month|year)"
            ),
            _calendar,
            None,
            calendar_core,
        ),
        # over the weekend, at the weekend
        (rx(r"(?P<prep>over|at|during)\s+the\s+(?P<cal>weekend)"), _calendar, None, calendar_core),
        # three days ago, a week ago, a few days ago
        (rx(rf"{count}\s+{unit}\s+ago"), _ago, after_unit, unit_core),
        # for the past 47 days, over the last year, in the past 24 hours (not "the last week of May")
        (rx(rf"{lookback}(?:{count}\s+)?{unit}(?!\s+of\b)"), _lookback, None, unit_core),
        # for 47 days, for more than ten hours, within 24 hours
        (rx(rf"{duration}(?:(?:{qualifier_pattern()})\s+)?{count}\s+{unit}"), _duration, None, unit_core),
        # ten-hour, 47-day, three-year-long (not "25-year-old")
        (
            rx(rf"{count}[-\u2011]{unit}(?:[-\u2011]long)?(?![-\u2011]old)"),
            _duration,
            unit_adjective,
            unit_core,
        ),
        # for decades, in recent months, since then
        (
            rx(rf"(?P<vague>{phrase_pattern(_words(raw['vague_periods'], 'vague_periods'))})"),
            _vague_period,
            None,
            vague_core,
        ),
        # seven weeks after, two days later, days later
        (rx(rf"(?:{count}\s+)?{unit}\s+{shift_dir}"), _shift, after_unit, unit_core),
        # the next day, the same evening, during that month
        (rx(rf"{prep}(?P<anchored>{phrase_pattern(list(anchored))})"), _anchored, None, anchored_core),
    ]
    return _Lexicon(
        months=months,
        weekdays=weekdays,
        day_words=day_words,
        anchored=anchored,
        shift_signs=shift_signs,
        units=units,
        unit_precision={str(k): int(v) for k, v in raw["unit_precision"].items()},
        month_parts=month_parts,
        year_parts=year_parts,
        prepositions=prepositions,
        not_names_before=frozenset(w.lower() for w in _words(raw["not_names_before"], "not_names_before")),
        month_weeks=month_weeks,
        ambiguous_months=frozenset(_words(raw["ambiguous_months"], "ambiguous_months")),
        families=families,
    )


# --- calendar helpers ---------------------------------------------------------------------------------------


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _minus_months(d: date, n: int) -> date:
    y, m = _add_months(d.year, d.month, -n)
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _latest_weekday(published: date, weekday: int, strict: bool) -> date:
    """The latest day with that weekday not after publication (strictly before it when strict)."""
    back = (published.weekday() - weekday) % 7
    if strict and back == 0:
        back = 7
    return published - timedelta(days=back)


def _latest_day(published: date, month: int, day: int) -> date | None:
    """The latest (month, day) not after publication; None when no year has that day (31 April)."""
    for y in range(published.year, published.year - 9, -1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if d <= published:
            return d
    return None


def _precision_of(first: date, last: date) -> int:
    """Precision a window has by its length: one day 1, up to about a week 2, longer 3."""
    days = (last - first).days + 1
    return 1 if days <= 1 else 2 if days <= 8 else 3


def _window(first: date, last: date, precision: int, published: date | None = None) -> TimeSpan:
    """A date span, clipped to publication when given ("in January" published 30 January ends that day)."""
    if published is not None and first <= published < last:
        last = published
    return TimeSpan(first, last, precision)


def _unresolved(kind: str = "date") -> TimeSpan:
    return TimeSpan(None, None, None, kind=kind)


def _group(m: re.Match[str], name: str) -> str | None:
    return m.groupdict().get(name)


def _is_name(m: re.Match[str], lex: _Lexicon) -> bool:
    """True when a capitalised word right before the match makes it part of a name ("Black Friday")."""
    before = m.string[max(0, m.start() - 30) : m.start()]
    w = re.search(r"([A-Za-z][\w'’-]*)[ \t]+$", before)
    return bool(w and w.group(1)[0].isupper() and w.group(1).lower() not in lex.not_names_before)


# --- handlers: one per family, each returns the span the match writes (None: not a time expression) ---------


def _day_month(m: re.Match[str], published: date | None, lex: _Lexicon) -> TimeSpan | None:
    month = lex.months[m.group("month")]
    day = int(m.group("day"))
    if _group(m, "year"):
        try:
            d = date(int(m.group("year")), month, day)
        except ValueError:
            return None
        return TimeSpan(d, d, 1)
    if not 1 <= day <= calendar.monthrange(2024, month)[1]:
        return None
    # "the March 23 Movement": a date written as a name, followed by a capitalised word.
    after = m.string[m.end() : m.end() + 20]
    before = m.string[max(0, m.start() - 5) : m.start()]
    if not _group(m, "prep") and re.search(r"\bthe\s+$", before, re.I) and re.match(r"\s+[A-Z]", after):
        return None
    if published is None:
        return _unresolved()
    latest = _latest_day(published, month, day)
    return None if latest is None else TimeSpan(latest, latest, 1)


def _month_week(m: re.Match[str], published: date | None, lex: _Lexicon) -> TimeSpan | None:
    """The first/second/.../last week of a month: seven days of it, precision 2; the latest one not after
    publication when no year is written."""
    month = lex.months[m.group("month")]
    start_day = lex.month_weeks[m.group("weekord").lower()]

    def week(y: int) -> tuple[date, date]:
        end = _month_end(y, month)
        first = end - timedelta(days=6) if start_day == 0 else date(y, month, start_day)
        return first, min(first + timedelta(days=6), end)

    if _group(m, "year"):
        return TimeSpan(*week(int(m.group("year"))), 2)
    if published is None:
        return _unresolved()
    y = published.year if month <= published.month else published.year - 1
    first, last = week(y)
    if first > published:
        first, last = week(y - 1)
    return _window(first, last, 2, published)


def _iso(m: re.Match[str], published: date | None, lex: _Lexicon) -> TimeSpan | None:
    try:
        d = date.fromisoformat(m.group("iso"))
    except ValueError:
        return None
    return TimeSpan(d, d, 1)


def _month(m: re.Match[str], published: date | None, lex: _Lexicon) -> TimeSpan | None:
    name = m.group("month")
    month = lex.months[name]
    part = _group(m, "part")
    rel = (_group(m, "rel") or "").lower()
    has_year = bool(_group(m, "year"))
    if not has_year and not part and not rel and not _group(m, "prep"):
        # A month name alone: not one that is also a common word ("May", "March"), not inside a name
        # ("the Long March").
        if name in lex.ambiguous_months or _is_name(m, lex):
            return None
    first_day, last_day, precision = 1, 31, 3
    if part:
        first_day, last_day = lex.month_parts[" ".join(part.lower().split())]
        precision = 2
    if has_year:
        y = int(m.group("year"))
        published_for_clip = None
    else:
        if published is None:
            return _unresolved()
        # The latest such month not after publication; "last August" is the latest one before the current
        # month, "next August" the first one after it.
        y = published.year if month <= published.month else published.year - 1
        if rel == "last" and month == published.month:
            y -= 1
        if rel == "next":
            y = published.year if month > published.month else published.year + 1
        published_for_clip = published
    if published_for_clip is not None and rel != "next" and date(y, month, first_day) > published_for_clip:
        y -= 1  # "late June" published 5 June: the latest late June not after publication is last year's
    first = date(y, month, first_day)
    last = date(y, month, min(last_day, calendar.monthrange(y, month)[1]))
    return _window(first, last, precision, published_for_clip)


def _month_range(m: re.Match[str], published: date | None, lex: _Lexicon) -> TimeSpan | None:
    """ "between March and May": the first month's first day to the last month's last day. The last month is
    the latest such month not after publication (or of the year given); the first is the latest not after it."""
    first_month, last_month = lex.months[m.group("month")], lex.months[m.group("month2")]
    year2, year1 = _group(m, "year2"), _group(m, "year")
    if year2:
        y2 = int(year2)
    elif published is not None:
        y2 = published.year if last_month <= published.month else published.year - 1
    else:
        return _unresolved()
    y1 = int(year1) if year1 else (y2 if first_month <= last_month else y2 - 1)
    first = date(y1, first_month, 1)
    last = _month_end(y2, last_month)
    if last < first:
        return None
    return _window(first, last, 3, published if not year2 else None)


def _year(m: re.Match[str], published: date | None, lex: _Lexicon) -> TimeSpan | None:
    y = int(m.group("year"))
    part = _group(m, "part")
    if not part and not _group(m, "prep"):
        return None  # a bare year is a name or a number ("Hilal Talks 2025"), not a date
    if part:
        first_month, last_month = lex.year_parts[" ".join(part.lower().split())]
        return TimeSpan(date(y, first_month, 1), _month_end(y, last_month), 3)
    return TimeSpan(date(y, 1, 1), date(y, 12, 31), 3)


def _decade(m: re.Match[str], published: date | None, lex: _Lexicon) -> TimeSpan | None:
    y = int(m.group("decade"))
    return TimeSpan(date(y, 1, 1), date(y + 9, 12, 31), 3)


def _weekday(m: re.Match[str], published: date | None, lex: _Lexicon) -> TimeSpan | None:
    rel = (_group(m, "rel") or "").lower()
    if not rel and not _group(m, "prep") and not _group(m, "early") and _is_name(m, lex):
        return None
    if published is None:
        return _unresolved()
    wd = lex.weekdays[m.group("weekday")]
    if rel == "next":
        d = published + timedelta(days=(wd - published.weekday() - 1) % 7 + 1)
    else:
        # "on Friday", "this Friday": the latest Friday not after publication (the same day counts);
        # "last Friday": strictly before.
        d = _latest_weekday(published, wd, strict=rel in ("last", "past"))
    return TimeSpan(d, d, 1)


def _day_word(m: re.Match[str], published: date | None, lex: _Lexicon) -> TimeSpan | None:
    if published is None:
        return _unresolved()
    d = published + timedelta(days=lex.day_words[" ".join(m.group("dayword").lower().split())])
    return TimeSpan(d, d, 1)


def _calendar(m: re.Match[str], published: date | None, lex: _Lexicon) -> TimeSpan | None:
    """Calendar units relative to publication: last week, earlier this month, late last year, this weekend."""
    if published is None:
        return _unresolved()
    cal = m.group("cal").lower()
    rel = (_group(m, "rel") or "this").lower()
    pre = (_group(m, "pre") or "").lower()
    step = {"last": -1, "this": 0, "next": 1}[rel]
    p = published
    if cal == "weekend":
        # The weekend of the publication week if it has begun, else the one before; "last weekend" one earlier
        # when publication falls on that weekend.
        saturday = _latest_weekday(p, 5, strict=False)
        if rel == "last" and p.weekday() >= 5:
            saturday -= timedelta(days=7)
        if rel == "next":
            saturday = p + timedelta(days=(5 - p.weekday() - 1) % 7 + 1)
        return _window(saturday, saturday + timedelta(days=1), 2, p if rel != "next" else None)
    if cal == "week":
        first = _monday(p) + timedelta(days=7 * step)
        last = first + timedelta(days=6)
        precision = 2
    elif cal == "month":
        y, mo = _add_months(p.year, p.month, step)
        first, last = date(y, mo, 1), _month_end(y, mo)
        precision = 3
        if pre in ("early", "late"):
            lo, hi = lex.month_parts[pre]
            first, last = date(y, mo, lo), date(y, mo, min(hi, last.day))
            precision = 2
    else:
        y = p.year + step
        first, last = date(y, 1, 1), date(y, 12, 31)
        precision = 3
        if pre in ("early", "late"):
            lo, hi = lex.year_parts[pre]
            first, last = date(y, lo, 1), _month_end(y, hi)
    if step == 0:
        # This week/month/year: up to publication; "earlier this ..." ends the day before, "later this ..."
        # starts the day after.
        if pre == "earlier":
            last = max(first, p - timedelta(days=1))
        elif pre == "later":
            first = min(last, p + timedelta(days=1))
        elif last > p:
            last = max(first, p)
    return TimeSpan(first, last, precision)


def _count(m: re.Match[str]) -> tuple[int | None, int | None]:
    """(exact count, None) for "47"/"a"; (None, lower bound) for "a few"/"several"; (1, None) when absent."""
    text = _group(m, "count")
    if not text:
        return None, None
    q = parse_quantity(text)
    if q is None:
        return None, 2  # "some days"
    if q.vague or q.value_high is None or q.value_high != q.value_low:
        return None, q.value_low
    return q.value_low, None


def _unit(m: re.Match[str], lex: _Lexicon) -> str:
    u = m.group("unit").lower()
    return u if u in lex.units else u.rstrip("s")


def _ago(m: re.Match[str], published: date | None, lex: _Lexicon) -> TimeSpan | None:
    """N units ago: that day (precision 1), that Monday-Sunday week (2), that calendar month or year (3)."""
    if published is None:
        return _unresolved()
    n, low = _count(m)
    u = _unit(m, lex)
    if n is None:
        # "a few days ago": from a week before publication to `low` days before, precision 2; "a few hours
        # ago": the day of publication; other units with a vague count stay unresolved.
        if u == "day" and low is not None and low < 7:
            return TimeSpan(published - timedelta(days=7), published - timedelta(days=low), 2)
        if u == "hour":
            # "a few hours ago", "several hours ago": the day of the report, as "two hours ago" is
            return TimeSpan(published, published, 1)
        return _unresolved()
    if u == "hour":
        d = published - timedelta(days=n // 24)
        return TimeSpan(d, d, 1)
    if u == "day":
        d = published - timedelta(days=n)
        return TimeSpan(d, d, 1)
    if u in ("week", "fortnight"):
        first = _monday(published - timedelta(days=lex.units[u] * n))
        return TimeSpan(first, first + timedelta(days=6), 2)
    if u == "month":
        d = _minus_months(published, n)
        return TimeSpan(date(d.year, d.month, 1), _month_end(d.year, d.month), 3)
    years = n * (10 if u == "decade" else 1)
    return TimeSpan(date(published.year - years, 1, 1), date(published.year - years, 12, 31), 3)


def _lookback(m: re.Match[str], published: date | None, lex: _Lexicon) -> TimeSpan | None:
    """The past N units: from publication minus N units to publication, a period."""
    n, low = _count(m)
    if _group(m, "count") is None:
        n = 1
    if published is None or n is None:
        return _unresolved("period")
    u = _unit(m, lex)
    if u == "hour":
        first = published - timedelta(days=max(1, -(-n // 24)))
    elif u == "month":
        first = _minus_months(published, n)
    elif u in ("year", "decade"):
        first = _minus_months(published, 12 * n * (10 if u == "decade" else 1))
    else:
        first = published - timedelta(days=lex.units[u] * n)
    return TimeSpan(first, published, _precision_of(first, published), kind="period")


def _duration(m: re.Match[str], published: date | None, lex: _Lexicon) -> TimeSpan | None:
    return _unresolved("period")


def _vague_period(m: re.Match[str], published: date | None, lex: _Lexicon) -> TimeSpan | None:
    return _unresolved("period")


def _shift(m: re.Match[str], published: date | None, lex: _Lexicon) -> TimeSpan | None:
    """N units after/later/before/earlier: a shift from an anchor event, in days (months 30, years 365)."""
    u = _unit(m, lex)
    n, low = _count(m)
    sign = lex.shift_signs[m.group("dir").lower()]
    if _group(m, "count") is None and not m.group("unit").lower().endswith("s"):
        return None  # "day after": no count and no plural is no shift ("the day after" is an anchored phrase)
    offset = None
    if n is not None:
        offset = sign * (n // 24 if u == "hour" else n * lex.units[u])
    elif u == "hour":
        offset = 0  # "hours later": the same day
    return TimeSpan(None, None, lex.unit_precision[u], kind="relative", offset_days=offset)


def _anchored(m: re.Match[str], published: date | None, lex: _Lexicon) -> TimeSpan | None:
    offset, precision = lex.anchored[" ".join(m.group("anchored").lower().split())]
    return TimeSpan(None, None, precision, kind="relative", offset_days=offset)


def _apply_preposition(span: TimeSpan, prep: str | None, published: date | None, lex: _Lexicon) -> TimeSpan:
    """since X: X's start to publication; throughout X: X's own span; until X: ends with X. All periods."""
    if not prep or span.kind != "date":
        return span
    role = lex.prepositions.get(prep.lower(), "date")
    if role == "date":
        return span
    if role == "throughout":
        return replace(span, kind="period")
    if span.date is None:
        return replace(span, kind="period", time_precision=None)
    if role == "since":
        if published is None:
            return replace(span, date_end=None, kind="period")
        end = max(published, span.date)
        return replace(span, date_end=end, time_precision=_precision_of(span.date, end), kind="period")
    return TimeSpan(None, span.date_end, span.time_precision, kind="period")  # until


# --- public API ---------------------------------------------------------------------------------------------


def _published(published: date | None) -> date | None:
    return published.date() if isinstance(published, datetime) else published


# A wire dateline or source line opening a line: capitalised words (a place, a date, an agency in parentheses;
# "for"/"of" inside a name) up to a dash or colon, then a capital: "SANAA, Aug. 10 (Xinhua) -- Thirteen ...",
# "Bogota, Sept 28 : A major ...", "Daraa Province – Syrian Observatory ...". Its date is the report's, not an
# event's; nlp.line_breaks makes it a sentence of its own.
DATELINE = re.compile(
    r"[ \t]*(?:(?:[A-Z0-9(][\w.'’()&-]*|for|of|the|and|de|al|el),?[ \t]+){0,10}?[A-Z0-9(][\w.'’()&-]*"
    r"[ \t]*(?:--|[–—:])[ \t]+(?=[A-Z0-9“\"‘])"
    # "Kabul (BNA) As many as ...": a town and the agency's initials in brackets, with no dash after them
    r"|[ \t]*[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,3}[ \t]+\([A-Z]{2,6}\)[ \t]+(?=[A-Z0-9“\"‘])"
)


def _is_dateline(text: str, start: int, end: int) -> bool:
    """The span [start, end) lies in the dateline its line opens with."""
    m = DATELINE.match(text, text.rfind("\n", 0, start) + 1)
    return m is not None and m.end() >= end


# "from late March 2019 until today", "from January to date": from a time to publication is a period.
_FROM = re.compile(r"from\s", re.IGNORECASE)
_TO_THE_PRESENT = re.compile(
    r"\s*(?:,\s*)?(?:until|till|to|through)\s+(?:today|now|date|the present(?:\s+day)?)\b", re.IGNORECASE
)


def _to_the_present(
    text: str, kept: list[tuple[int, int, TimeSpan]], published: date | None
) -> list[tuple[int, int, TimeSpan]]:
    out: list[tuple[int, int, TimeSpan]] = []
    for start, end, span in kept:
        m = _TO_THE_PRESENT.match(text, end) if _FROM.match(text, start) else None
        if m is not None:
            last = published or span.date_end
            first = span.date
            precision = _precision_of(first, last) if first and last else None
            span = TimeSpan(first, last, precision, kind="period")
            end = m.end()
            out = [k for k in out if k[0] >= end or k[1] <= start]
        elif out and out[-1][1] > start:
            continue  # "until today" already taken into the period before it
        out.append((start, end, span))
    return out


# Longer than any time expression: a match holds its core word, so it lies within this many characters of it.
_WINDOW = 90


def _matches_near(
    pattern: re.Pattern[str], hits: list[tuple[int, int]], text: str
) -> Iterator[re.Match[str]]:
    """pattern's matches in text, searched only in windows around its core's hits (merged where they overlap).

    Lookbehinds and word boundaries see the whole text, so a window's start never makes a match that the whole
    text would not; every match contains a core hit and is shorter than _WINDOW, so none is lost."""
    n = len(text)
    start = end = -1
    for hit_start, hit_end in hits:
        lo, hi = max(0, hit_start - _WINDOW), min(n, hit_end + _WINDOW)
        if lo <= end:
            end = hi
            continue
        if end > 0:
            yield from pattern.finditer(text, start, end)
        start, end = lo, hi
    if end > 0:
        yield from pattern.finditer(text, start, end)


def find_time_expressions(text: str, published: date | None, offset: int = 0) -> list[TimeSpan]:
    """Every temporal expression in text, in order, with its span (plus offset), kind and resolved dates.

    Expressions relative to publication ("on Friday", "last week") resolve to the latest matching day not
    after published; without a publication date they keep their words and no date. Overlaps keep the longest.
    A wire dateline's date is the report's, not an event's, and is left out.
    """
    lex = _lexicon()
    pub = _published(published)
    candidates: list[tuple[int, int, TimeSpan]] = []
    hits: dict[int, list[tuple[int, int]]] = {}  # core -> its hits, found once for the families sharing it
    for pattern, handler, guard, core in lex.families:
        if guard is not None and guard.search(text) is None:
            continue
        if id(core) not in hits:
            hits[id(core)] = [m.span() for m in core.finditer(text)]
        for m in _matches_near(pattern, hits[id(core)], text):
            span = handler(m, pub, lex)
            if span is None:
                continue
            span = _apply_preposition(span, _group(m, "prep"), pub, lex)
            candidates.append((m.start(), m.end(), span))
    # Longest first, then leftmost; keep those that do not overlap a kept one.
    candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
    kept: list[tuple[int, int, TimeSpan]] = []
    for start, end, span in candidates:
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, span))
    kept.sort(key=lambda c: c[0])
    kept = _to_the_present(text, kept, pub)
    out = []
    for start, end, span in kept:
        if _is_dateline(text, start, end):
            continue
        span.expression = text[start:end]
        span.start, span.end = start + offset, end + offset
        out.append(span)
    return out


def resolve(expression: str, published: date | None) -> TimeSpan:
    """One temporal expression ("last week", "on 11 August") resolved; dates None when it cannot be."""
    found = find_time_expressions(expression, published)
    if not found:
        return TimeSpan(None, None, None, expression=expression.strip() or None)
    return max(found, key=lambda s: (s.end or 0) - (s.start or 0))


def shift(anchor: TimeSpan, days: int, precision: int | None = None) -> TimeSpan:
    """The anchor's span moved by days; precision the wider of the anchor's and the one given.

    An anchor without a date gives an unresolved span.
    """
    p = anchor.time_precision
    if precision is not None:
        p = precision if p is None else max(p, precision)
    if anchor.date is None:
        return TimeSpan(None, None, None, kind="date")
    delta = timedelta(days=days)
    end = anchor.date_end + delta if anchor.date_end is not None else None
    return TimeSpan(anchor.date + delta, end, p, kind="date")


def apply_relative(relative: TimeSpan, anchor: TimeSpan) -> TimeSpan:
    """A relative expression ("two days later", "that month") placed against the anchor event's span.

    Day shifts move the anchor's dates; week shifts give the week around the shifted day (±3 days); month and
    longer shifts give the calendar month the shifted day falls in. Expression and offsets come from relative.
    """
    if relative.offset_days is None or anchor.date is None:
        placed = TimeSpan(None, None, None)
    elif (relative.time_precision or 1) <= 1:
        placed = shift(anchor, relative.offset_days, 1)
    else:
        day = anchor.date + timedelta(days=relative.offset_days)
        p = max(relative.time_precision or 1, anchor.time_precision or 1)
        if relative.time_precision == 2:
            placed = TimeSpan(day - timedelta(days=3), day + timedelta(days=3), p)
        else:
            y, mo = _add_months(anchor.date.year, anchor.date.month, round(relative.offset_days / 30))
            placed = TimeSpan(date(y, mo, 1), _month_end(y, mo), p)
    placed.expression, placed.start, placed.end = relative.expression, relative.start, relative.end
    return placed
