"""Tests of the `khabar` command, run for real through Typer's CliRunner: inputs, errors, exit codes, formats.

Tests named test_pipeline_* also need the extraction pipeline to find events in the demo reports.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khabar import __version__
from khabar.cli import app
from khabar.export import CSV_COLUMNS
from khabar.gazetteer import Gazetteer
from khabar.readers import demo_corpus

GOOD = (
    "Gunmen attacked a police checkpoint on the outskirts of Turbat on Monday night, killing two policemen, "
    "a police official said. The attackers fled towards the hills after an exchange of fire that lasted "
    "an hour.\n"
)
FRENCH = (
    "Des hommes armés ont attaqué un poste de police dans la nuit de lundi, tuant deux policiers. "
    "Les assaillants ont pris la fuite vers les collines, selon un responsable local.\n"
)

runner = CliRunner()


def khabar(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


def stderr_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A folder with one good report and four bad files."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 64)
    (folder / "latin.txt").write_bytes(
        "Khuzdar caf\u00e9 closed after the firing on Monday night.".encode("latin-1")
    )
    (folder / "french.txt").write_text(FRENCH, encoding="utf-8")
    return folder


@pytest.fixture(scope="module", autouse=True)
def gazetteer_built() -> None:
    """The gazetteer built before the commands run: its first-use build prints progress lines on stderr
    ("khabar: indexing..."), which the tests of a command's own messages are not about."""
    Gazetteer.open().close()


def test_version():
    result = khabar("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"khabar {__version__}"


def test_installed_entry_point_runs():
    script = Path(sys.executable).parent / "khabar"
    if not script.exists():
        pytest.skip(
            f"no `khabar` script beside {sys.executable}: the package is not installed in this environment"
        )
    done = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, timeout=120, check=False
    )
    assert (done.returncode, done.stdout.strip()) == (0, f"khabar {__version__}")


def test_good_file_processed_one_line_per_bad_file_exit_1(mixed: Path):
    # the good report is still processed and written; the status says some input was not
    result = khabar("extract", mixed, "--format", "jsonl", "--published", "2025-05-06")
    assert result.exit_code == 1, result.output
    problems = [line for line in stderr_lines(result) if line.startswith("khabar: ")]
    assert sorted(problems) == sorted(
        [
            f"khabar: {mixed / 'binary.txt'}: looks like a binary file, not text",
            f"khabar: {mixed / 'empty.txt'}: is empty",
            f"khabar: {mixed / 'french.txt'}: does not look like English (Khabar reads English reports only)",
            f"khabar: {mixed / 'latin.txt'}: not valid UTF-8 at byte 11; "
            "pass --encoding latin-1 if that is its encoding",
        ]
    )
    summary = [line for line in stderr_lines(result) if not line.startswith("khabar: ")]
    assert summary[0].startswith("1 report, ") and summary[0].endswith(", 4 skipped")
    for line in result.stdout.splitlines():
        record = json.loads(line)
        assert record["record"] == "event"
        assert record["report_source"] == str(mixed / "good.txt")
        assert record["published"] == "2025-05-06"


def test_all_bad_inputs_exit_1(mixed: Path):
    (mixed / "good.txt").unlink()
    result = khabar("extract", mixed, mixed / "missing.txt")
    assert result.exit_code == 1
    assert f"khabar: {mixed / 'missing.txt'}: no such file or folder" in stderr_lines(result)
    assert stderr_lines(result)[-1] == "0 reports, 0 events, 5 skipped"
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--published", "27/09/2025"], "is not a date"),
        (["--encoding", "klingon-8"], "unknown encoding"),
        (["--format", "xml"], "xml"),
        (["-o", "events.parquet"], "cannot tell the format"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str):
    (tmp_path / "r.txt").write_text(GOOD, encoding="utf-8")
    result = khabar("extract", tmp_path / "r.txt", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "events.parquet").exists()


def test_no_inputs_is_a_usage_error():
    assert khabar("extract").exit_code == 2


def test_latin1_file_reads_with_encoding(mixed: Path):
    result = khabar("extract", mixed / "latin.txt", "--encoding", "latin-1", "--format", "json", "-q")
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(result.stdout), list)
    assert result.stderr == ""  # --quiet: no summary, and there was no problem


def test_output_file_is_written_whole_and_alone(tmp_path: Path):
    (tmp_path / "r.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = khabar("extract", tmp_path / "r.txt", "-o", out / "events.csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert sorted(p.name for p in out.iterdir()) == ["events.csv"]  # no temporary file left behind
    with (out / "events.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    assert all(row["report_id"] for row in rows)
    assert f"written to {out / 'events.csv'}" in result.stderr


def test_pipeline_missing_model_leaves_an_existing_output_untouched(tmp_path: Path):
    (tmp_path / "r.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "events.jsonl"
    out.write_text("earlier results\n", encoding="utf-8")
    result = khabar("extract", tmp_path / "r.txt", "-o", out, "--model", "no_such_spacy_model_xyz")
    assert result.exit_code == 1
    assert stderr_lines(result)[-1].startswith(
        "khabar: spaCy model 'no_such_spacy_model_xyz' is not installed"
    )
    assert out.read_text(encoding="utf-8") == "earlier results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.jsonl", "r.txt"]


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "table"])
def test_formats_parse_back(fmt: str):
    result = khabar("extract", demo_corpus(), "--format", fmt, "--statistics")
    assert result.exit_code == 0, result.output
    if fmt == "jsonl":
        records = [json.loads(line) for line in result.stdout.splitlines()]
        assert {r["record"] for r in records} <= {"event", "statistic"}
        assert all("claims" in r and "fatalities" in r for r in records if r["record"] == "event")
    elif fmt == "json":
        assert isinstance(json.loads(result.stdout), list)
    elif fmt == "csv":
        reader = csv.DictReader(io.StringIO(result.stdout))
        rows = list(reader)
        assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
        assert all(row["event_type"] and row["report_id"] for row in rows)
    else:
        assert "Convoy ambushed in Kalat" in result.stdout
        assert max(len(line) for line in result.stdout.splitlines()) <= 100


def test_demo_runs_and_points_to_next_steps():
    result = khabar("demo")
    assert result.exit_code == 0, result.output
    assert str(demo_corpus()) in result.stdout
    assert "khabar extract" in result.stdout
    assert result.stderr.splitlines()[0].startswith("6 reports, ")


def test_bench_seeds_without_shared_folder_is_a_usage_error(tmp_path: Path):
    result = khabar("bench", "seeds", "--shared", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "pass --shared PATH" in result.stderr


def test_bench_speed_runs_on_a_small_sample(tmp_path: Path):
    dev = tmp_path / "dev.jsonl"
    dev.write_text(
        json.dumps({"id": 1, "source_date": "2025-05-06 00:00", "source_article": GOOD})
        + "\n"
        + json.dumps(
            {"id": 2, "source_date": "2025-05-07 00:00", "source_article": GOOD.replace("two", "three")}
        )
        + "\n",
        encoding="utf-8",
    )
    result = khabar("bench", "speed", "--dev", dev, "--min-reports", "5")
    assert result.exit_code == 0, result.output
    assert f"khabar bench speed --dev {dev} --min-reports 5 --processes 1" in result.stdout
    assert "2 UCDP-AEC development articles repeated to 6 reports" in result.stdout
    table = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert len(table) == 4  # header and three runs: Khabar, spaCy as loaded, spaCy with all components


# -- these need the extraction pipeline to find events --


def _demo_records() -> list[dict]:
    result = khabar("extract", demo_corpus(), "--format", "jsonl", "--statistics", "-q")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_pipeline_demo_yields_events_with_claims():
    events = [r for r in _demo_records() if r["record"] == "event"]
    assert len(events) >= 1
    assert any(e["claims"] for e in events)


def test_pipeline_demo_monthly_tally_and_assembly_session_are_not_events():
    records = _demo_records()
    sources = {Path(r["report_source"]).name for r in records if r["record"] == "event"}
    assert "05_monthly_security_report.txt" not in sources
    assert "06_assembly_session.txt" not in sources
    tallies = [r for r in records if r["record"] == "statistic"]
    assert any(Path(r["report_source"]).name == "05_monthly_security_report.txt" for r in tallies)
