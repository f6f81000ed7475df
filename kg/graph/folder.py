"""The layout of a built graph's folder: the store and the files beside it.

``kg build`` writes these, ``kg serve`` and the other commands read them; both sides
name them from here.
"""

from __future__ import annotations

# The Oxigraph (RocksDB) store.
STORE_DIR = "store"
# The whole-graph files a build writes beside its store, in the order it writes them.
TTL, HTML, REPORT = "graph.ttl", "graph.html", "report.json"
OUTPUT_NAMES = (TTL, HTML, REPORT)
# The number of quads written since the store's last compaction.
WRITTEN_FILE = ".store-written"
# Present while a build runs (and after one that died): the next build extracts every
# page again, and readers (kg serve) wait for the build to end.
INCOMPLETE = ".build-incomplete"
# Held (flock) by the build that writes the folder: a second build gets KG200.
BUILD_LOCK = ".build-lock"
# Written by a build into an external SPARQL store (--store URL): that endpoint's URL,
# so that the commands reading the folder (kg query -g DIR …) follow it.
REMOTE_STORE = "store.url"
# Which input file built which pages (absolute paths): kept beside the store, never published.
SOURCES = ".sources.json"
