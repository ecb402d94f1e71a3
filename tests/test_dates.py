"""Temporal expressions found in text and resolved against the publication date (codebook "Time")."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from khabar.dates import apply_relative, find_time_expressions, resolve, shift
from khabar.records import TimeSpan

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

SAT = date(2025, 9, 27)  # a Saturday
THU = date(2025, 6, 5)  # a Thursday


def _one(text: str, published: date | None) -> TimeSpan:
    found = find_time_expressions(text, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (SAT, "The raid took place on Friday.", date(2025, 9, 26)),
        (SAT, "Troops withdrew on Saturday.", SAT),  # the publication day itself counts
        (SAT, "Shops reopened on Sunday.", date(2025, 9, 21)),
        (SAT, "It happened last Saturday.", date(2025, 9, 20)),  # "last": strictly before publication
        (SAT, "It happened last Friday.", date(2025, 9, 26)),
        (date(2025, 4, 1), "Rebels struck on Saturday.", date(2025, 3, 29)),  # across a month boundary
        (date(2026, 1, 1), "The post fell on Monday.", date(2025, 12, 29)),  # across a year boundary
        (date(2025, 1, 30), "Guards were hit on Wednesday night.", date(2025, 1, 29)),
        (date(2025, 1, 30), "Late on Tuesday, a bomb went off.", date(2025, 1, 28)),
        (date(2021, 10, 4), "This Sunday, a market was shelled.", date(2021, 10, 3)),
        (SAT, "Monday's attack killed two.", date(2025, 9, 22)),
    ],
)
def test_weekdays_resolve_to_the_latest_such_day_not_after_publication(
    published: date, text: str, expected: date
) -> None:
    span = _one(text, published)
    assert (span.date, span.date_end, span.time_precision, span.kind) == (expected, expected, 1, "date")


@pytest.mark.parametrize(
    ("published", "text", "first", "last", "precision"),
    [
        (SAT, "yesterday", date(2025, 9, 26), date(2025, 9, 26), 1),
        (SAT, "last night", date(2025, 9, 26), date(2025, 9, 26), 1),
        (SAT, "today", SAT, SAT, 1),
        (THU, "last week", date(2025, 5, 26), date(2025, 6, 1), 2),
        (THU, "this week", date(2025, 6, 2), THU, 2),
        (THU, "earlier this week", date(2025, 6, 2), date(2025, 6, 4), 2),
        (date(2025, 1, 1), "this week", date(2024, 12, 30), date(2025, 1, 1), 2),
        (SAT, "earlier this month", date(2025, 9, 1), date(2025, 9, 26), 3),
        (SAT, "this month", date(2025, 9, 1), SAT, 3),
        (SAT, "last month", date(2025, 8, 1), date(2025, 8, 31), 3),
        (date(2025, 1, 15), "last month", date(2024, 12, 1), date(2024, 12, 31), 3),
        (SAT, "last year", date(2024, 1, 1), date(2024, 12, 31), 3),
        (SAT, "earlier this year", date(2025, 1, 1), date(2025, 9, 26), 3),
        (THU, "in January", date(2025, 1, 1), date(2025, 1, 31), 3),
        (date(2025, 1, 30), "in January", date(2025, 1, 1), date(2025, 1, 30), 3),  # clipped to publication
        (date(2025, 1, 30), "in December", date(2024, 12, 1), date(2024, 12, 31), 3),
        (THU, "in May", date(2025, 5, 1), date(2025, 5, 31), 3),
        (SAT, "in mid-August", date(2025, 8, 11), date(2025, 8, 20), 2),
        (SAT, "the last week of May", date(2025, 5, 25), date(2025, 5, 31), 2),
        (SAT, "11 August", date(2025, 8, 11), date(2025, 8, 11), 1),
        (SAT, "August 11", date(2025, 8, 11), date(2025, 8, 11), 1),
        (date(2025, 8, 10), "on 11 August", date(2024, 8, 11), date(2024, 8, 11), 1),  # not after publication
        (THU, "on May 26", date(2025, 5, 26), date(2025, 5, 26), 1),
        (SAT, "on Sept. 16", date(2025, 9, 16), date(2025, 9, 16), 1),
        (SAT, "three days ago", date(2025, 9, 24), date(2025, 9, 24), 1),
        (SAT, "two weeks ago", date(2025, 9, 8), date(2025, 9, 14), 2),
        (SAT, "a few days ago", date(2025, 9, 20), date(2025, 9, 25), 2),
        (SAT, "over the weekend", SAT, SAT, 2),
    ],
)
def test_relative_dates_resolve_against_publication(
    published: date, text: str, first: date, last: date, precision: int
) -> None:
    span = _one(text, published)
    assert (span.date, span.date_end, span.time_precision, span.kind) == (first, last, precision, "date")


@pytest.mark.parametrize(
    ("text", "first", "last", "precision"),
    [
        ("on 26 May 2025", date(2025, 5, 26), date(2025, 5, 26), 1),
        ("May 26, 2025", date(2025, 5, 26), date(2025, 5, 26), 1),
        ("Friday, 26 September 2025", date(2025, 9, 26), date(2025, 9, 26), 1),
        ("on 2025-05-26", date(2025, 5, 26), date(2025, 5, 26), 1),
        ("August 2024", date(2024, 8, 1), date(2024, 8, 31), 3),
        ("in early June 2019", date(2019, 6, 1), date(2019, 6, 10), 2),
        ("in 2024", date(2024, 1, 1), date(2024, 12, 31), 3),
        ("in late 2014", date(2014, 9, 1), date(2014, 12, 31), 3),
        ("in the 1990s", date(1990, 1, 1), date(1999, 12, 31), 3),
    ],
)
def test_explicit_years_resolve_without_publication(
    text: str, first: date, last: date, precision: int
) -> None:
    span = _one(text, None)
    assert (span.date, span.date_end, span.time_precision) == (first, last, precision)


@pytest.mark.parametrize(
    "text",
    ["on Friday", "last week", "earlier this month", "in January", "11 August", "yesterday", "two days ago"],
)
def test_without_publication_relative_dates_keep_their_words_and_no_date(text: str) -> None:
    span = _one(text, None)
    assert span.expression == text
    assert (span.date, span.date_end, span.time_precision) == (None, None, None)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("For the past 47 days, the siege went on.", date(2025, 8, 11), SAT),
        ("Prices rose over the past year.", date(2024, 9, 27), SAT),
        ("Ten raids in the past 24 hours.", date(2025, 9, 26), SAT),
        ("The road has been shut since August.", date(2025, 8, 1), SAT),
        ("No one has returned since 2020.", date(2020, 1, 1), SAT),
        ("Attacks rose in recent months.", None, None),
        ("The conflict has gone on for decades.", None, None),
        ("They held the town for more than ten hours.", None, None),
        ("Forty died from late March 2025 until today.", date(2025, 3, 21), SAT),
        ("From January to date, 40 died.", date(2025, 1, 1), SAT),
        ("During the ten-hour siege, shops shut.", None, None),
    ],
)
def test_periods_are_not_dates(text: str, first: date | None, last: date | None) -> None:
    span = _one(text, SAT)
    assert span.kind == "period"
    assert (span.date, span.date_end) == (first, last)


@pytest.mark.parametrize(
    ("text", "offset", "precision"),
    [
        ("The clashes came seven weeks after the ceasefire.", 49, 2),
        ("Two days later, the road reopened.", 2, 1),
        ("Forty-seven days later it fell.", 47, 1),
        ("Three days earlier, a bomb went off.", -3, 1),
        ("A group claimed it the same evening.", 0, 1),
        ("The next day, troops returned.", 1, 1),
        ("The following day, troops returned.", 1, 1),
        ("The previous day, a mine exploded.", -1, 1),
        ("Weeks later, the camp closed.", None, 2),
    ],
)
def test_relative_expressions_carry_their_shift_from_the_anchor(
    text: str, offset: int | None, precision: int
) -> None:
    span = _one(text, SAT)
    assert (span.kind, span.offset_days, span.time_precision, span.date) == (
        "relative",
        offset,
        precision,
        None,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Operation Herof entered a new phase.",  # a name
        "The attack began at 12:30 p.m. sharp.",  # a time of day alone
        "Fighting entered a second day.",  # an ordinal
        "Speakers at the Hilal Talks 2025 spoke of unity.",  # a year inside a name
        "Black Friday sales were cancelled.",  # a weekday inside a name
        "Veterans of the Long March met.",  # a month inside a name
        "May God protect them, he said.",  # a month that is a common word
        "Fighters of the March 23 Movement advanced.",  # a date that is a group's name
        "A 25-year-old man was arrested.",  # an age
        "Police seized 2025 rounds.",  # a number, not a year
    ],
)
def test_false_friends_give_no_date(text: str) -> None:
    assert [s for s in find_time_expressions(text, SAT) if s.kind == "date"] == []


def test_spans_are_the_words_and_follow_the_offset() -> None:
    text = "On Friday fighters attacked a post, and two days later they withdrew."
    found = find_time_expressions(text, SAT, offset=50)
    assert [(s.expression, s.kind) for s in found] == [("On Friday", "date"), ("two days later", "relative")]
    for s in found:
        assert s.start is not None and s.end is not None
        assert text[s.start - 50 : s.end - 50] == s.expression


def test_number_words_count_units() -> None:
    assert _one("forty-seven days ago", SAT).date == date(2025, 8, 11)
    assert _one("a week ago", SAT).date == date(2025, 9, 15)


def test_resolve_one_expression() -> None:
    span = resolve("earlier this month", SAT)
    assert (span.date, span.date_end, span.time_precision) == (date(2025, 9, 1), date(2025, 9, 26), 3)
    assert resolve("on Friday", datetime(2025, 9, 27, 18, 30)).date == date(
        2025, 9, 26
    )  # a datetime is its day
    unknown = resolve("at some point", SAT)
    assert (unknown.date, unknown.expression) == (None, "at some point")


def test_shift_moves_a_span_and_widens_precision() -> None:
    anchor = TimeSpan(date(2025, 8, 11), date(2025, 8, 11), 1, expression="on 11 August")
    moved = shift(anchor, 2)
    assert (moved.date, moved.date_end, moved.time_precision) == (date(2025, 8, 13), date(2025, 8, 13), 1)
    wider = shift(anchor, -1, precision=2)
    assert (wider.date, wider.time_precision) == (date(2025, 8, 10), 2)
    assert shift(TimeSpan(None, None, None), 3).date is None


def test_apply_relative_places_a_relative_expression_against_an_anchor() -> None:
    anchor = TimeSpan(date(2025, 8, 11), date(2025, 8, 11), 1)
    next_day = apply_relative(_one("the next day", SAT), anchor)
    assert (next_day.date, next_day.date_end, next_day.time_precision) == (
        date(2025, 8, 12),
        date(2025, 8, 12),
        1,
    )
    weeks = apply_relative(_one("seven weeks after", SAT), anchor)
    assert (weeks.date, weeks.date_end, weeks.time_precision) == (date(2025, 9, 26), date(2025, 10, 2), 2)
    month = apply_relative(_one("that month", SAT), anchor)
    assert (month.date, month.date_end, month.time_precision) == (date(2025, 8, 1), date(2025, 8, 31), 3)
    assert apply_relative(_one("weeks later", SAT), anchor).date is None


def _gold_reports() -> list[dict[str, object]]:
    gold_path = SHARED / "gold" / "seed-events.yaml"
    if not gold_path.exists():
        pytest.skip(f"shared material not found at {SHARED}: the seed gold is needed for this test")
    return yaml.safe_load(gold_path.read_text(encoding="utf-8"))["reports"]


def test_seed_gold_day_and_month_dates_are_found() -> None:
    """Every gold event date of day or month precision comes out of some expression in its report."""
    missing = []
    checked = 0
    for report in _gold_reports():
        text = (SHARED / "seeds" / str(report["file"])).read_text(encoding="utf-8")
        spans = {(s.date, s.date_end) for s in find_time_expressions(text, report["published"])}  # type: ignore[arg-type]
        for event in report["events"]:  # type: ignore[attr-defined]
            gold, precision = event.get("date"), event.get("precision")
            if gold is None or precision not in (1, 3):
                continue
            first, last = (gold, gold) if isinstance(gold, date) else (gold[0], gold[1])
            checked += 1
            if (first, last) not in spans:
                missing.append((report["file"], event["id"], first, last))
    assert checked and not missing


def test_seed_reports_without_publication_resolve_no_relative_date() -> None:
    for report in _gold_reports():
        if report["published"] is not None:
            continue
        text = (SHARED / "seeds" / str(report["file"])).read_text(encoding="utf-8")
        for span in find_time_expressions(text, None):
            if span.kind == "date" and span.date is not None:
                assert any(ch.isdigit() for ch in span.expression or ""), span  # only explicit years resolve


def test_windowed_search_finds_what_a_full_scan_finds() -> None:
    # Expressions at the very start and end, next to each other, and far apart in filler text.
    from khabar import dates

    filler = "The convoy moved slowly along the road while officials met in the capital. " * 12
    text = (
        "On Friday, 26 September 2025, gunmen attacked. "
        + filler
        + "Two days later, fighting resumed; since August, in recent months and last week were mentioned. "
        + filler
        + "It ended the following morning, three weeks ago, on May 26"
    )
    published = date(2025, 10, 1)
    windowed = dates.find_time_expressions(text, published)
    original = dates._matches_near
    try:
        dates._matches_near = lambda pattern, hits, text: pattern.finditer(text)  # type: ignore[assignment]
        full = dates.find_time_expressions(text, published)
    finally:
        dates._matches_near = original
    assert [(t.start, t.end, t.date, t.kind) for t in windowed] == [
        (t.start, t.end, t.date, t.kind) for t in full
    ]
    assert len(windowed) >= 8


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "HARAN, Sept. 9 (Wire) -- Four guards died in a raid late on Wednesday night.",
            ["late on Wednesday night"],
        ),
        ("Port Ilam, Sept 9 : A patrol was hit on Tuesday.", ["on Tuesday"]),
        ("NORTH VALE, Ruvia, Sept. 9 (Agency) — Shelling resumed.", []),
        ("The raid, reported on Sept. 9, killed four.", ["on Sept. 9"]),  # a date inside a sentence stays
    ],
)
def test_a_wire_datelines_date_is_the_reports_not_an_events(text: str, expected: list[str]) -> None:
    # invented datelines: the date between a line-opening place and the agency/dash dates the report
    found = find_time_expressions(text, date(2025, 9, 11))
    assert [t.expression for t in found] == expected


def test_the_night_before_last_is_two_days_back() -> None:
    [t] = find_time_expressions("Jets struck the hills the night before last.", date(2025, 9, 11))
    assert (t.date, t.time_precision) == (date(2025, 9, 9), 1)


def test_a_range_of_months_is_one_window():
    published = date(2021, 6, 3)
    (span,) = find_time_expressions("The group said it killed 100 troops between March and May.", published)
    assert (span.date, span.date_end, span.time_precision) == (date(2021, 3, 1), date(2021, 5, 31), 3)
    (span,) = find_time_expressions("Raids from November to February left 12 dead.", published)
    assert (span.date, span.date_end) == (date(2020, 11, 1), date(2021, 2, 28))
    (span,) = find_time_expressions("There were raids between January 2020 and March 2021.", published)
    assert (span.date, span.date_end) == (date(2020, 1, 1), date(2021, 3, 31))


@pytest.mark.parametrize(
    "text", ["A few hours ago, a mine went off.", "Several hours ago a shell hit the market."]
)
def test_a_vague_count_of_hours_ago_is_the_day_of_the_report(text):
    ts = _one(text, SAT)
    assert (ts.date, ts.date_end, ts.time_precision) == (SAT, SAT, 1)
