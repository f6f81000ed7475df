"""Locate the data and ontology files kg ships, in a checkout or an installed wheel.

The files live at the repository root, in ``data/`` and ``ontology/``. A wheel carries
them inside the package, as ``kg/_data`` and ``kg/_ontology`` (setup.py copies them
there when it builds); a checkout, or an editable install of one, reads the root folders.
The package's own copy wins, so an installed kg never reads some other ``data/`` folder
that happens to sit beside it in site-packages.
"""

from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent
_SHIPPED = {"data": "_data", "ontology": "_ontology"}  # repository folder -> folder in the kg package


@functools.cache
def _base(kind: str) -> Path:
    shipped = files("kg") / _SHIPPED[kind]
    # A real directory only: callers open, read and glob Paths (a zipped kg is not supported).
    if isinstance(shipped, Path) and shipped.is_dir():
        return shipped
    local = _CHECKOUT / kind
    if (_CHECKOUT / "pyproject.toml").is_file() and local.is_dir():
        return local
    # Neither: name the installed location, so that the error on opening a file says where it looked.
    return Path(str(shipped))


def data_path(*parts: str) -> Path:
    """Path of a file under the project's ``data/`` folder (``kg/_data`` in a wheel)."""
    return _base("data").joinpath(*parts)


def ontology_path(*parts: str) -> Path:
    """Path of a file under the project's ``ontology/`` folder (``kg/_ontology`` in a wheel)."""
    return _base("ontology").joinpath(*parts)
