"""Tests of khabar.readers: every input form, metadata precedence, and one clear error per bad input.

Inputs are written in tmp_path with invented sentences; bad ones are real files (binary, latin-1, 50 MB).
"""

from __future__ import annotations

import json
import time
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from khabar.errors import InputError
from khabar.readers import demo_corpus, first_line_title, looks_english, parse_date, read_reports
from khabar.records import Report

BODY = (
    "Gunmen attacked a police checkpoint on the outskirts of Turbat on Monday night, killing two policemen. "
    "A police official said the attackers fled towards the hills after the exchange of fire.\n"
    "No group has said it carried out the attack.\n"
)
TITLE = "Two policemen killed in attack on Turbat checkpoint"
OTHER = "Troops and fighters exchanged fire for two hours near a village in Kech district, residents said.\n"


def read(*paths: Path, **kwargs) -> tuple[list[Report], list[InputError]]:
    items = list(read_reports(list(paths), **kwargs))
    reports = [i for i in items if isinstance(i, Report)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(reports) + len(errors) == len(items)
    return reports, errors


def one_error(*paths: Path, **kwargs) -> InputError:
    reports, errors = read(*paths, **kwargs)
    assert reports == []
    assert len(errors) == 1, errors
    return errors[0]


# -- text files --


def test_txt_first_line_is_the_title_and_the_text_stays_whole(tmp_path: Path):
    path = tmp_path / "report.txt"
    path.write_text(f"{TITLE}\n{BODY}", encoding="utf-8")
    (report,), errors = read(path)
    assert errors == []
    assert report.title == TITLE
    assert report.text == f"{TITLE}\n{BODY}"  # character spans stay valid against the file
    assert report.text[: len(TITLE)] == TITLE
    assert report.id == Report.make_id(report.text)
    assert report.source == str(path)
    assert report.published is None and report.outlet is None


def test_txt_opening_with_a_sentence_has_no_title(tmp_path: Path):
    path = tmp_path / "report.txt"
    path.write_text(BODY, encoding="utf-8")
    (report,), _ = read(path)
    assert report.title is None
    assert report.text == BODY


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (f"{TITLE}\n{BODY}", TITLE),
        (f"\n\n  {TITLE}  \n\n{BODY}", TITLE),
        (f"{TITLE}.\n{BODY}", None),  # ends like a sentence
        (f"Police said: \u201cThe road is closed.\u201d\n{BODY}", None),
        (f"{'Long headline words ' * 9}\n{BODY}", None),  # 180 characters: a paragraph, not a title
        (TITLE, None),  # nothing after it
        (f"ab12\nWorld\n{TITLE}\n{BODY}", TITLE),  # scraps of the page before the headline
    ],
)
def test_first_line_title(text: str, title: str | None):
    assert first_line_title(text) == title


def test_cli_defaults_fill_what_the_file_lacks(tmp_path: Path):
    path = tmp_path / "report.txt"
    path.write_text(BODY, encoding="utf-8")
    (report,), _ = read(
        path,
        published=date(2025, 3, 4),
        outlet="Local Daily",
        title="Given title",
        url="https://example.org/a",
    )
    assert report.published == date(2025, 3, 4)
    assert (report.outlet, report.title, report.url) == (
        "Local Daily",
        "Given title",
        "https://example.org/a",
    )


def test_a_given_title_wins_over_the_first_line(tmp_path: Path):
    path = tmp_path / "report.txt"
    path.write_text(f"{TITLE}\n{BODY}", encoding="utf-8")
    (report,), _ = read(path, title="Given title")
    assert report.title == "Given title"


def test_utf8_bom_is_dropped(tmp_path: Path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + BODY.encode())
    (report,), _ = read(path)
    assert report.text == BODY


# -- folders --


def test_folder_is_read_recursively_sorted_all_forms(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "a.txt").write_text(OTHER, encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"id": "j1", "text": OTHER + "More."}) + "\n", encoding="utf-8"
    )
    (tmp_path / "d.csv").write_text(f'id,text\nc1,"{OTHER.strip()} Again."\n', encoding="utf-8")
    (tmp_path / "notes.md").write_text("not a report format", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text(BODY, encoding="utf-8")
    reports, errors = read(tmp_path)
    assert errors == []
    assert [r.source for r in reports] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b" / "2.txt"),
        f"{tmp_path / 'c.jsonl'}:1",
        f"{tmp_path / 'd.csv'}:2",
    ]
    assert [r.id for r in reports][2:] == ["j1", "c1"]


def test_folder_without_reports_is_one_error(tmp_path: Path):
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")
    error = one_error(tmp_path)
    assert error.source == str(tmp_path)
    assert "no .txt, .html, .jsonl or .csv files" in error.problem


# -- JSONL and CSV --


def test_jsonl_rows_with_metadata(tmp_path: Path):
    path = tmp_path / "reports.jsonl"
    rows = [
        {"id": 7, "text": BODY, "title": "T1", "published": "2025-09-27", "outlet": "Daily", "url": "u1"},
        {"text": OTHER, "published": "2025-09-27 00:00"},
        {"text": OTHER + "Later.", "published": "2025-09-27T22:15:00+05:00"},
        {"text": OTHER + "Again.", "published": "2025-09-27T17:15:00Z"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + "\n", encoding="utf-8")
    reports, errors = read(path, outlet="Default outlet")
    assert errors == []
    assert [r.published for r in reports] == [date(2025, 9, 27)] * 4
    first, second = reports[:2]
    assert (first.id, first.title, first.outlet, first.url) == ("7", "T1", "Daily", "u1")
    assert first.source == f"{path}:1"
    assert second.id == Report.make_id(OTHER)
    assert second.outlet == "Default outlet"  # the row has none: the default applies
    assert second.source == f"{path}:2"


def test_jsonl_ucdp_aec_style_rows(tmp_path: Path):
    path = tmp_path / "aec.jsonl"
    article = f"{TITLE}\n{BODY}"
    path.write_text(
        json.dumps({"id": 384001, "source_date": "2021-02-22 00:00", "source_article": article}) + "\n",
        encoding="utf-8",
    )
    (report,), _ = read(path)
    assert report.id == "384001"
    assert report.published == date(2021, 2, 22)
    assert report.text == article
    assert report.title == TITLE


def test_csv_rows_with_metadata_and_multiline_text(tmp_path: Path):
    path = tmp_path / "reports.csv"
    quoted = BODY.replace('"', '""')
    path.write_text(
        "text,title,published,outlet\n"
        f'"{quoted}",Checkpoint attack,2025-05-06,Coast News\n'
        f'"{OTHER.strip()}",,,\n',
        encoding="utf-8",
    )
    reports, errors = read(path)
    assert errors == []
    assert reports[0].text == BODY  # the newlines inside the quoted field are kept
    assert (reports[0].title, reports[0].published, reports[0].outlet) == (
        "Checkpoint attack",
        date(2025, 5, 6),
        "Coast News",
    )
    assert reports[0].source == f"{path}:4"  # the line the row ends on
    assert reports[1].title is None and reports[1].published is None


def test_csv_text_longer_than_the_csv_module_default_field_limit(tmp_path: Path):
    long_text = BODY * 1200  # about 250,000 characters, over csv's default 131,072
    path = tmp_path / "long.csv"
    path.write_text('text\n"' + long_text + '"\n', encoding="utf-8")
    (report,), errors = read(path)
    assert errors == [] and report.text == long_text


# -- manifests --


def test_manifest_csv_metadata_beats_cli_defaults(tmp_path: Path):
    (tmp_path / "one.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "two.txt").write_text(OTHER, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,published,outlet,title,note\none.txt,2025-03-15,Manifest outlet,Manifest title,synthetic\n",
        encoding="utf-8",
    )
    reports, errors = read(tmp_path, outlet="CLI outlet", published=date(2025, 1, 1))
    assert errors == []
    one, two = reports
    assert (one.published, one.outlet, one.title) == (date(2025, 3, 15), "Manifest outlet", "Manifest title")
    assert (two.published, two.outlet) == (date(2025, 1, 1), "CLI outlet")


def test_manifest_applies_to_a_file_given_directly_and_rows_beat_it(tmp_path: Path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "feed.jsonl").write_text(
        json.dumps({"text": BODY, "outlet": "Row outlet"}) + "\n" + json.dumps({"text": OTHER}) + "\n",
        encoding="utf-8",
    )
    (sub / "manifest.yaml").write_text(
        "feed.jsonl: {outlet: Manifest outlet, published: 2025-04-09}\n", encoding="utf-8"
    )
    reports, errors = read(sub / "feed.jsonl", outlet="CLI outlet")
    assert errors == []
    assert [r.outlet for r in reports] == ["Row outlet", "Manifest outlet"]
    assert [r.published for r in reports] == [date(2025, 4, 9)] * 2


def test_manifest_yaml_list_in_a_parent_folder(tmp_path: Path):
    (tmp_path / "2025").mkdir()
    (tmp_path / "2025" / "r.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(
        "- file: 2025/r.txt\n  url: https://example.org/r\n  published: 2025-05-06\n", encoding="utf-8"
    )
    (report,), errors = read(tmp_path)
    assert errors == []
    assert (report.url, report.published) == ("https://example.org/r", date(2025, 5, 6))


def test_manifest_bad_date_and_missing_file_are_errors(tmp_path: Path):
    (tmp_path / "one.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "two.txt").write_text(OTHER, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,published\none.txt,27/09/2025\ngone.txt,2025-01-01\n", encoding="utf-8"
    )
    reports, errors = read(tmp_path)
    assert [r.source for r in reports] == [str(tmp_path / "two.txt")]
    messages = sorted(str(e) for e in errors)
    assert len(messages) == 2
    assert messages[0].startswith(f"{tmp_path / 'gone.txt'}: listed in")
    assert messages[1].startswith(f"{tmp_path / 'one.txt'}: ")
    assert "'27/09/2025' is not a date" in messages[1]


# -- dates --


@pytest.mark.parametrize(
    "value",
    [
        "2025-09-27",
        "2025-09-27 00:00",
        "2025-09-27T08:30:00",
        "2025-09-27T08:30:00Z",
        "2025-09-27T23:59+05:00",
    ],
)
def test_parse_date_forms(value: str):
    assert parse_date(value) == date(2025, 9, 27)


def test_bad_date_in_a_row_is_an_error_for_that_row_only(tmp_path: Path):
    path = tmp_path / "r.jsonl"
    path.write_text(
        json.dumps({"text": BODY, "published": "September 27"}) + "\n" + json.dumps({"text": OTHER}) + "\n",
        encoding="utf-8",
    )
    reports, errors = read(path)
    assert [r.source for r in reports] == [f"{path}:2"]
    (error,) = errors
    assert error.source == f"{path}:1"
    assert "'September 27' is not a date" in error.problem


# -- bad inputs: one clear error each, everything else still read --


def test_missing_path(tmp_path: Path):
    error = one_error(tmp_path / "nope.txt")
    assert str(error) == f"{tmp_path / 'nope.txt'}: no such file or folder"


def test_empty_and_whitespace_only_files(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    assert one_error(tmp_path / "empty.txt").problem == "is empty"
    assert one_error(tmp_path / "blank.txt").problem == "holds only whitespace"


def test_binary_file(tmp_path: Path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40)
    assert "binary" in one_error(path).problem


def test_control_character_soup_is_binary_too(tmp_path: Path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 14, 15, 65, 66]) * 500)
    assert "binary" in one_error(path).problem


def test_latin1_file_names_the_byte_and_reads_with_encoding(tmp_path: Path):
    text = (
        "Residents of Khuzdar said the caf\u00e9 near the bazaar was closed after the firing on Monday night."
    )
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("latin-1"))
    error = one_error(path)
    byte = text.encode("latin-1").index(b"\xe9")
    assert error.problem == f"not valid UTF-8 at byte {byte}; pass --encoding latin-1 if that is its encoding"
    (report,), errors = read(path, encoding="latin-1")
    assert errors == [] and report.text == text


def test_utf16_file_is_named_and_readable_with_encoding(tmp_path: Path):
    path = tmp_path / "wide.txt"
    path.write_text(BODY, encoding="utf-16")
    assert "UTF-16" in one_error(path).problem
    (report,), _ = read(path, encoding="utf-16")
    assert report.text == BODY


def test_unknown_encoding_is_the_callers_mistake(tmp_path: Path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    with pytest.raises(LookupError):
        read(tmp_path / "a.txt", encoding="no-such-codec")


def test_50_mb_file_is_refused_without_being_read(tmp_path: Path):
    path = tmp_path / "huge.txt"
    chunk = (BODY * 5000).encode()[: 1 << 20]
    with path.open("wb") as fh:
        for _ in range(50):
            fh.write(chunk)
    assert path.stat().st_size == 50 << 20
    tracemalloc.start()
    started = time.perf_counter()
    try:
        error = one_error(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "52.4 MB" in error.problem and "1,000,000 characters" in error.problem
    assert peak < 5_000_000  # far below the file's size: it was never read into memory
    assert time.perf_counter() - started < 2


def test_text_over_max_chars_is_refused(tmp_path: Path):
    path = tmp_path / "long.txt"
    path.write_text(BODY * 6, encoding="utf-8")  # over 1,000 characters, under 4,000 bytes
    assert (
        one_error(path, max_chars=1000).problem == f"text is {len(BODY) * 6:,} characters; the limit is 1,000"
    )
    path.write_text(BODY * 20, encoding="utf-8")  # over 4,000 bytes: refused by its size on disk
    assert one_error(path, max_chars=1000).problem.startswith(f"file is {len(BODY) * 20:,} bytes, more than")
    rows = tmp_path / "long.jsonl"
    rows.write_text(
        json.dumps({"text": BODY * 20}) + "\n" + json.dumps({"text": BODY}) + "\n", encoding="utf-8"
    )
    reports, errors = read(rows, max_chars=1000)
    assert [r.source for r in reports] == [f"{rows}:2"]
    assert errors[0].source == f"{rows}:1"


def test_huge_jsonl_line_is_skipped_and_the_rest_read(tmp_path: Path):
    path = tmp_path / "big.jsonl"
    path.write_text(
        json.dumps({"text": "x " * 3000}) + "\n" + json.dumps({"text": BODY}) + "\n", encoding="utf-8"
    )
    reports, errors = read(path, max_chars=1000)
    assert [r.source for r in reports] == [f"{path}:2"]
    assert errors[0].source == f"{path}:1" and "line is" in errors[0].problem


def test_non_english_text(tmp_path: Path):
    french = (
        "Des hommes armés ont attaqué un poste de police dans la nuit de lundi, tuant deux policiers. "
        "Les assaillants ont pris la fuite vers les collines, selon un responsable local."
    )
    urdu = (
        "پیر کی رات مسلح افراد نے پولیس چوکی پر حملہ کیا "
        "جس میں دو پولیس اہلکار ہلاک ہو گئے اور حملہ آور فرار ہو گئے"
    )
    for name, text in (("fr.txt", french), ("ur.txt", urdu)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert "does not look like English" in one_error(tmp_path / name).problem
    assert looks_english(BODY)
    assert looks_english("Two killed in Kech.")  # too short to judge: accepted


def test_malformed_json_lines_name_their_line(tmp_path: Path):
    path = tmp_path / "rows.jsonl"
    path.write_text(
        json.dumps({"text": BODY})
        + "\n"
        + '{"text": "unterminated\n'
        + json.dumps({"title": "no text here"})
        + "\n"
        + "[1, 2]\n"
        + json.dumps({"text": OTHER})
        + "\n",
        encoding="utf-8",
    )
    reports, errors = read(path)
    assert [r.source for r in reports] == [f"{path}:1", f"{path}:5"]
    assert [e.source for e in errors] == [f"{path}:2", f"{path}:3", f"{path}:4"]
    assert errors[0].problem.startswith("not valid JSON")
    assert errors[1].problem == "no `text` (or `source_article`) in this row"
    assert errors[2].problem == "expected a JSON object, found list"


def test_jsonl_line_with_bad_bytes_names_line_and_file_byte(tmp_path: Path):
    path = tmp_path / "rows.jsonl"
    first = (json.dumps({"text": BODY}) + "\n").encode()
    second = b'{"text": "caf\xe9 closed after firing"}\n'
    path.write_bytes(first + second + (json.dumps({"text": OTHER}) + "\n").encode())
    reports, errors = read(path)
    assert [r.source for r in reports] == [f"{path}:1", f"{path}:3"]
    (error,) = errors
    assert error.source == f"{path}:2"
    byte = len(first) + second.index(b"\xe9")
    assert f"at byte {byte};" in error.problem


def test_csv_without_text_column_and_rows_without_text(tmp_path: Path):
    no_column = tmp_path / "a.csv"
    no_column.write_text("title,body\nx,y\n", encoding="utf-8")
    error = one_error(no_column)
    assert error.source == str(no_column) and "no `text`" in error.problem and "title, body" in error.problem
    rows = tmp_path / "b.csv"
    rows.write_text(
        f'text,title\n"{OTHER.strip()}",ok\n,empty text\n"{OTHER.strip()}",a,extra\n', encoding="utf-8"
    )
    reports, errors = read(rows)
    assert [r.source for r in reports] == [f"{rows}:2"]
    assert [(e.source, e.problem) for e in errors] == [
        (f"{rows}:3", "no `text` (or `source_article`) in this row"),
        (f"{rows}:4", "has more fields than the header"),
    ]


def test_empty_jsonl_and_csv(tmp_path: Path):
    (tmp_path / "e.jsonl").write_text("\n\n", encoding="utf-8")
    (tmp_path / "e.csv").write_text("", encoding="utf-8")
    (tmp_path / "h.csv").write_text("text,title\n", encoding="utf-8")
    assert one_error(tmp_path / "e.jsonl").problem == "holds no JSON lines"
    assert one_error(tmp_path / "e.csv").problem == "is empty"
    assert one_error(tmp_path / "h.csv").problem == "holds a header but no rows"


def test_bad_files_do_not_stop_the_good_ones(tmp_path: Path):
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_good.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "c_binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "d_good.txt").write_text(OTHER, encoding="utf-8")
    reports, errors = read(tmp_path, tmp_path / "missing.txt")
    assert [Path(r.source or "").name for r in reports] == ["b_good.txt", "d_good.txt"]
    assert [Path(e.source).name for e in errors] == ["a_empty.txt", "c_binary.txt", "missing.txt"]


def test_demo_corpus_reads_with_its_manifest():
    reports, errors = read(demo_corpus())
    assert errors == []
    assert len(reports) == 6
    assert all(r.outlet == "Khabar demo (synthetic)" and r.published and r.title for r in reports)


def test_extract_text_takes_an_iso_date_string_and_refuses_a_bad_one():
    import khabar

    # invented text
    text = "Gunmen killed two policemen in Turbat on Monday, officials said."
    result = khabar.extract_text(text, published="2025-05-06")
    assert result.report.published == date(2025, 5, 6)
    assert [e.time.date for e in result.events] == [date(2025, 5, 5)]
    with pytest.raises(ValueError):
        khabar.extract_text(text, published="last Tuesday")
