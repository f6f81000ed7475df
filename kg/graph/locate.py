"""Locate: the store a built folder or a server URL names, opened for reading.

A build writes its graph into ``DIR/store`` or, with ``--store URL``, into a SPARQL
server, and then leaves the URL in ``DIR/store.url``. Every command that reads a graph
opens it here, so that ``-g DIR`` and ``--store URL`` mean the same everywhere.
"""

from __future__ import annotations

import os
from pathlib import Path

from kg import errors
from kg.graph.folder import REMOTE_STORE, STORE_DIR
from kg.graph.remote_store import RemoteStore
from kg.graph.store import GraphStore, Store


def open_graph(folder: str | os.PathLike[str] | None, *, url: str | None = None, read_only: bool = True) -> Store:
    """Open a graph (read-only unless asked): the server at ``url``, else ``folder``'s store or the server it names.

    Raises:
        StoreError: ``url`` (or the one ``folder`` names) is not http(s).
        GraphNotFoundError: no ``url``, and ``folder`` holds neither a store nor a ``store.url``.
    """
    if url:
        return RemoteStore(url)
    if folder is None:
        raise errors.GraphNotFoundError("give a folder (--graph DIR) or a server (--store URL)")
    named = server_of(folder)
    return RemoteStore(named) if named is not None else GraphStore.open(folder, read_only=read_only)


def server_of(folder: str | os.PathLike[str]) -> str | None:
    """The server holding ``folder``'s graph: the URL its ``store.url`` names, when it has no store of its own."""
    url = remote_url(folder)
    return None if url is None or (Path(folder) / STORE_DIR).is_dir() else url


def remote_url(folder: str | os.PathLike[str]) -> str | None:
    """The server URL a ``--store URL`` build left in ``folder``, or None.

    Raises:
        StoreError: the file is there but holds no URL.
    """
    path = Path(folder) / REMOTE_STORE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise errors.StoreError(f"cannot read the store's URL: {exc}", source=str(path)) from None
    url = text.strip().splitlines()[0].strip() if text.strip() else ""
    if not url:
        raise errors.StoreError("the file names no store URL", source=str(path))
    return url


def require_local(folder: str | os.PathLike[str]) -> None:
    """Check that ``folder``'s graph is its own store, not on the server a ``--store URL`` build named.

    Raises:
        GraphNotFoundError: the graph is on a server; the message names it.
    """
    url = server_of(folder)
    if url is not None:
        raise errors.GraphNotFoundError(
            f"this folder's graph is on the SPARQL server {url}: query it there, or with kg query --store URL",
            source=str(folder),
        )
