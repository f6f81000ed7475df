"""jionlp's time parser, loaded without the rest of jionlp (for :mod:`kg.extract.timex`)."""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import io
import logging
import sys
import threading
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from types import ModuleType


@lru_cache(maxsize=1)
def time_parser() -> Callable[..., dict]:
    """jionlp's time parser (``jionlp.parse_time``), loaded without the rest of jionlp.

    ``import jionlp`` runs every module of the package: numpy, requests, a word segmenter and
    the back-translation clients, 0.25 s of a process's start, and banners on stdout. The time
    parser needs four modules of it and no dictionary file, so they are imported on their own
    (:func:`_jionlp_modules`); should a jionlp release move them, the whole package is imported.
    """
    with _IMPORTING:  # the stand-ins of _jionlp_modules are process-wide: one thread at a time
        try:
            with _jionlp_modules() as parser_module:
                return parser_module.TimeParser()
        except (ImportError, AttributeError):
            with contextlib.redirect_stdout(io.StringIO()):  # jionlp and jiojio print banners
                import jionlp
            return jionlp.parse_time


_IMPORTING = threading.Lock()


@contextlib.contextmanager
def _jionlp_modules() -> Iterator[ModuleType]:
    """Import ``jionlp.gadget.time_parser`` without running the ``__init__`` of its packages.

    Empty stand-ins of the packages (``jionlp``, ``jionlp.util``, ``jionlp.rule``,
    ``jionlp.gadget``) are put in ``sys.modules`` while the modules load, with the few names the
    modules take from them, and are taken out afterwards: a later ``import jionlp`` still runs
    the real package, which finds these modules already loaded.
    """
    spec = importlib.util.find_spec("jionlp")
    if spec is None or spec.origin is None:
        raise ImportError("jionlp is not installed")
    root = Path(spec.origin).parent
    names = ("jionlp", "jionlp.util", "jionlp.rule", "jionlp.gadget")
    if any(name in sys.modules for name in names):  # jionlp is loaded already: use it
        yield importlib.import_module("jionlp.gadget.time_parser")
        return
    for name in names:
        stand_in = ModuleType(name)
        stand_in.__path__ = [str(root.joinpath(*name.split(".")[1:]))]
        sys.modules[name] = stand_in
    try:
        sys.modules["jionlp"].logging = logging  # ``from jionlp import logging``: the standard module
        extractor = importlib.import_module("jionlp.rule.extractor").Extractor()
        rule = sys.modules["jionlp.rule"]  # the money parser takes two functions from it
        rule.extract_parentheses, rule.remove_parentheses = extractor.extract_parentheses, extractor.remove_parentheses
        with contextlib.redirect_stdout(io.StringIO()):
            yield importlib.import_module("jionlp.gadget.time_parser")
    finally:
        for name in names:
            sys.modules.pop(name, None)


__all__ = ["time_parser"]
