"""Build hook: the wheel carries the repository's ``data/`` and ``ontology/`` inside kg.

pyproject.toml holds all the metadata; this file only adds one step to ``build_py``.
The two folders stay at the repository root (docs and users name ``data/lexicons/…`` and
``ontology/kg.ttl``); ``build_py`` copies them into the build's package directory as
``kg/_data`` and ``kg/_ontology``, where :mod:`kg.package_data` finds them with
``importlib.resources`` once the wheel is installed. An editable install copies nothing:
there :mod:`kg.package_data` reads the checkout's folders themselves.

``data/pages`` (the sample page and its README) is not shipped: kg never reads it, it is
input for the Quick start and the tests, which run from a checkout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = {"data": "_data", "ontology": "_ontology"}  # repository folder -> folder in the kg package
LEFT_OUT = shutil.ignore_patterns("pages", "__pycache__", "*.pyc", ".*")
# Files the built package must hold, or the build fails instead of making a hollow wheel.
REQUIRED = ("_data/papers.toml", "_data/lexicons/surnames.txt", "_data/models/ner.crfsuite",
            "_ontology/kg.ttl", "_ontology/shapes.ttl", "_ontology/queries")


class build_py_with_data(build_py):  # noqa: N801 (setuptools' command naming)
    """``build_py``, then ``data/`` → ``kg/_data`` and ``ontology/`` → ``kg/_ontology``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        package = Path(self.build_lib) / "kg"
        for source, target in SHIPPED.items():
            folder = ROOT / source
            if not folder.is_dir():
                raise SystemExit(f"cannot build kg: {folder} is missing (build from a checkout or a complete sdist)")
            shutil.rmtree(package / target, ignore_errors=True)
            shutil.copytree(folder, package / target, ignore=LEFT_OUT)
        missing = [name for name in REQUIRED if not (package / name).exists()]
        if missing:
            raise SystemExit(f"cannot build kg: the package would lack {', '.join(missing)}")

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        package = Path(self.build_lib) / "kg"
        for target in SHIPPED.values():
            outputs += [str(p) for p in sorted((package / target).rglob("*")) if p.is_file()]
        return outputs


setup(cmdclass={"build_py": build_py_with_data})
