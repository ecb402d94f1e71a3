"""Khabar's benchmarks: accuracy on the seed reports (seeds) and throughput against plain spaCy (speed).

They read the shared material (seeds, gold coding, UCDP-AEC sample) from a `shared/` folder beside the repo.
"""

from __future__ import annotations

import os
from pathlib import Path

SHARED_ENV = "KHABAR_SHARED"


def default_shared() -> Path | None:
    """The shared folder: $KHABAR_SHARED, else ../shared from the working directory or the source tree."""
    candidates = []
    if os.environ.get(SHARED_ENV):
        candidates.append(Path(os.environ[SHARED_ENV]))
    candidates.append(Path.cwd().parent / "shared")
    # src/khabar/bench/__init__.py -> the project root is three levels up; shared/ sits beside it.
    candidates.append(Path(__file__).resolve().parents[3].parent / "shared")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return None


def default_dev() -> Path | None:
    """The UCDP-AEC development sample (shared/data/ucdp-aec/dev.jsonl), if the shared folder is found."""
    shared = default_shared()
    if shared is None:
        return None
    dev = shared / "data" / "ucdp-aec" / "dev.jsonl"
    return dev if dev.is_file() else None
