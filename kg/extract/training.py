"""What the shipped model was trained on, as hashes: which gold texts it has already seen.

``data/models/ner.training.json.gz`` lists a short hash of every paragraph the shipped CRF
(``ner.crfsuite``) was trained on and of every sentence in them, with the corpora's names
and counts and the model file's SHA-256. ``benchmarks/bench_taggers.py --manifest``
writes it from the training texts themselves, regenerated as training chose them
(without training). ``kg evaluate`` counts the gold texts found there: a score on those
is a training score, not a measure of accuracy.

Texts are compared normalized (NFKC, white space removed), so a PFR line (words joined),
a raw paragraph and a BIO file's characters of the same sentence meet. A gold text is
seen when it is a training paragraph or sentence, or when each of its sentences of
:data:`MIN_SENTENCE` characters or more is one.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.package_data import data_path
from kg.lang.chars import FULL_STOPS

MANIFEST = "ner.training.json.gz"
MODEL = "ner.crfsuite"
HASH_DIGITS = 10  # of SHA-1: 40 bits, so a text outside training matches by chance once in 10^7 manifests
MIN_SENTENCE = 6  # shorter sentences (他说。, （完）) recur in any text: they are not hashed alone
_SPACE = re.compile(r"\s+")
# A sentence runs to its full stops and the closing marks after them (。” ！）).
_SENTENCE = re.compile(r"[^。!?]+(?:[。!?]+[”’」』)）]*|$)|[。!?]+[”’」』)）]*")


def normalize(text: str) -> str:
    """The text as the manifest compares it: NFKC (full-width forms to ASCII), no white space."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def sentences(normalized: str) -> list[str]:
    """The sentences of a normalized text, each with its full stop and closing marks."""
    return [s for s in _SENTENCE.findall(normalized) if s]


def text_hash(normalized: str) -> str:
    """The manifest's hash of a normalized text: the first digits of its SHA-1."""
    return hashlib.sha1(normalized.encode("utf-8")).hexdigest()[:HASH_DIGITS]


def training_hashes(texts: Iterable[str]) -> set[str]:
    """Hashes of the texts, and of their sentences of :data:`MIN_SENTENCE` characters or more."""
    hashes: set[str] = set()
    for text in texts:
        norm = normalize(text)
        if not norm:
            continue
        hashes.add(text_hash(norm))
        hashes.update(text_hash(s) for s in sentences(norm) if len(s) >= MIN_SENTENCE)
    return hashes


@dataclass(frozen=True)
class TrainingManifest:
    """The texts a model was trained on, as hashes, and what they came from."""

    model_sha256: str
    corpora: tuple[dict[str, Any], ...]
    hashes: frozenset[str]
    path: Path | None = None

    def seen(self, text: str) -> bool:
        """True when the text was in the training data, whole or sentence by sentence."""
        norm = normalize(text)
        if not norm:
            return False
        if text_hash(norm) in self.hashes:
            return True
        long = [s for s in sentences(norm) if len(s) >= MIN_SENTENCE]
        return bool(long) and all(text_hash(s) in self.hashes for s in long)


def write_manifest(corpora: Mapping[str, Mapping[str, Any]], out: Path, *, model: Path) -> dict[str, Any]:
    """Write the manifest of a model's training data (gzipped JSON, byte for byte reproducible).

    Args:
        corpora: name → ``{"texts": [...], **facts}``: every text the model was trained on,
            by corpus, with what to say of the corpus (its role, its file's hash …).
        out: the manifest file (``…/ner.training.json.gz``).
        model: the model file those texts trained.

    Returns:
        The manifest, as written, without its hashes.
    """
    hashes: set[str] = set()
    described = []
    for name, corpus in corpora.items():
        texts = [t for t in corpus["texts"] if t]
        mine = training_hashes(texts)
        hashes |= mine
        facts = {k: v for k, v in corpus.items() if k != "texts"}
        described.append({"name": name, **facts, "texts": len(texts), "chars": sum(map(len, texts)),
                          "hashes": len(mine)})
    head = {
        "about": "what the model was trained on: a hash of each text and of each of its sentences",
        "model": model.name,
        "model_sha256": _sha256(model),
        "normalization": "NFKC, white space removed",
        "hash": f"SHA-1 of the normalized text in UTF-8, first {HASH_DIGITS} hex digits",
        "sentences": f"cut after {FULL_STOPS} and the closing marks that follow; hashed from {MIN_SENTENCE} characters",
        "corpora": described,
    }
    data = json.dumps({**head, "hashes": sorted(hashes)}, ensure_ascii=False, indent=0).encode("utf-8")
    out.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return head


def load_manifest(path: Path) -> TrainingManifest:
    """Read a manifest file.

    Raises:
        OSError, ValueError: it cannot be read or is not a manifest.
    """
    data = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    return TrainingManifest(str(data["model_sha256"]), tuple(data["corpora"]), frozenset(data["hashes"]), path)


@functools.cache
def shipped_manifest(model: Path | None = None) -> TrainingManifest | None:
    """The manifest of the shipped model (or of ``model``, beside it); None when there is none.

    A manifest whose model hash differs from the model file (a model retrained, or swapped
    for another) is not the model's: None.
    """
    model = model or data_path("models", MODEL)
    try:
        manifest = load_manifest(model.parent / MANIFEST)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        return manifest if manifest.model_sha256 == _sha256(model) else None
    except OSError:
        return None


def overlap_warning(seen: int, total: int) -> str | None:
    """What to tell a user whose gold texts the model was trained on; None when none were."""
    if not seen:
        return None
    return f"{seen} of {total} sentences were seen in training: this is a training score, not accuracy"


def overlap_report(seen: int | None, total: int) -> dict[str, Any]:
    """``kg evaluate --json``'s ``"training"``: how many gold sentences the model was trained on.

    Args:
        seen: ``Score.seen`` (None: not checked: no tagger, or no manifest for the model).
        total: the gold sentences (or paragraphs) scored.
    """
    return {"checked": seen is not None, "seen": seen, "sentences": total,
            "warning": overlap_warning(seen or 0, total)}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


__all__ = [
    "MANIFEST",
    "TrainingManifest",
    "load_manifest",
    "normalize",
    "overlap_report",
    "overlap_warning",
    "sentences",
    "shipped_manifest",
    "text_hash",
    "training_hashes",
    "write_manifest",
]
