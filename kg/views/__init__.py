"""Interactive network views of a built graph (self-contained HTML)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.store import GraphStore


def render_view(store: GraphStore) -> str:
    """Render the whole-graph view of ``store`` as one HTML page."""
    raise NotImplementedError("the views module is being written")
