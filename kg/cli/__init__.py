"""The ``kg`` command. Each module of this package registers its commands on ``app``.

The commands only parse arguments and call the library functions the tests call.
"""

from __future__ import annotations

import gc
import importlib

from kg.cli.app import app

_COMMANDS = ("build", "remove", "query", "export", "validate", "serve", "view", "recognize", "cache")

for _name in _COMMANDS:
    importlib.import_module(f"kg.cli.{_name}")


def main() -> None:
    """Entry point of the ``kg`` console script."""
    try:
        app()  # exits, by raising SystemExit
    finally:
        # The process ends next: its objects are frozen so that the interpreter's last
        # collections skip them (60 ms after a build). Every output is written and closed by now.
        gc.freeze()


__all__ = ["app", "main"]
