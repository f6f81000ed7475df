"""Locate the data and ontology files kg ships, in a checkout or an installed wheel."""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


def _base(kind: str) -> Path:
    local = _ROOT / kind
    if local.is_dir():
        return local
    return Path(sys.prefix) / "share" / "kg" / kind


def data_path(*parts: str) -> Path:
    """Path of a file under the project's ``data/`` folder."""
    return _base("data").joinpath(*parts)


def ontology_path(*parts: str) -> Path:
    """Path of a file under the project's ``ontology/`` folder."""
    return _base("ontology").joinpath(*parts)
