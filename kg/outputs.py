"""Write the build's files atomically: a crash leaves the previous version in place."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from kg import errors

if TYPE_CHECKING:
    from kg.report import BuildReport
    from kg.store import GraphStore


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    Raises:
        OutputError: the folder cannot be written.
    """
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            os.fchmod(fd, 0o666 & ~_umask())
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise errors.OutputError(f"cannot write: {exc.strerror or exc}", source=str(path)) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_outputs(store: GraphStore, out_dir: Path, report: BuildReport, *, views: bool = True) -> None:
    """``graph.ttl``, ``graph.html`` and ``report.json`` of a build."""
    write_atomic(out_dir / "graph.ttl", store.dump_bytes(fmt="turtle"))
    if views:
        from kg.views import render_view

        write_atomic(out_dir / "graph.html", render_view(store).encode("utf-8"))
    write_atomic(out_dir / "report.json", json.dumps(report.to_json(), ensure_ascii=False, indent=2).encode("utf-8"))
