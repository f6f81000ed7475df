"""The manifest of the shipped model's training texts, and which gold texts it has seen."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

from kg.extract.gold import read_gold
from kg.extract.training import (
    MANIFEST,
    load_manifest,
    normalize,
    overlap_report,
    sentences,
    shipped_manifest,
    text_hash,
    write_manifest,
)
from kg.package_data import data_path
from tests.conftest import ROOT

CORPORA = ROOT.parent / "shared" / "corpora"
TRAINED = "新华社北京１月１日电　国家主席江泽民发表新年讲话。他说：“新的一年开始了！”会议在人民大会堂举行。"
UNSEEN = "荆州市公安局召开春运工作会议。市委书记吴锦出席会议并讲话。"


def test_texts_compare_normalized_and_cut_into_sentences() -> None:
    assert normalize("新华社北京１月１日电　国家 主席\n") == "新华社北京1月1日电国家主席"
    norm = normalize(TRAINED)
    assert sentences(norm) == ["新华社北京1月1日电国家主席江泽民发表新年讲话。", "他说:“新的一年开始了!”",
                               "会议在人民大会堂举行。"]
    assert sentences("没有句号") == ["没有句号"] and sentences("") == []
    assert len(text_hash(norm)) == 10 and text_hash(norm) == text_hash(normalize(TRAINED.replace("　", " ")))


@pytest.fixture
def manifest(tmp_path: Path):
    model = tmp_path / "models" / "ner.crfsuite"
    model.parent.mkdir()
    model.write_bytes(b"a model")
    head = write_manifest({"pfr1998/dev.txt": {"role": "gold", "texts": [TRAINED, ""]}},
                          model.parent / MANIFEST, model=model)
    assert head["corpora"] == [{"name": "pfr1998/dev.txt", "role": "gold", "texts": 1, "chars": len(TRAINED),
                                "hashes": 4}]  # the paragraph and its three sentences
    return model


def test_a_training_paragraph_or_its_sentences_are_seen_and_other_text_is_not(manifest: Path) -> None:
    seen = shipped_manifest(manifest)
    assert seen is not None and seen.corpora[0]["name"] == "pfr1998/dev.txt"
    assert seen.seen(TRAINED) and seen.seen(TRAINED.replace("　", ""))
    assert seen.seen("会议在人民大会堂举行。")  # one sentence of it, as a BIO file holds it
    assert seen.seen("会议在人民大会堂举行。他说：“新的一年开始了！”")  # its sentences, in another order
    assert not seen.seen(UNSEEN) and not seen.seen("会议在人民大会堂举行。" + UNSEEN) and not seen.seen(" ")


def test_the_manifest_is_reproducible_and_names_its_model(manifest: Path) -> None:
    path = manifest.parent / MANIFEST
    first = path.read_bytes()
    write_manifest({"pfr1998/dev.txt": {"role": "gold", "texts": [TRAINED, ""]}}, path, model=manifest)
    assert path.read_bytes() == first
    data = json.loads(gzip.decompress(first))
    assert data["model"] == "ner.crfsuite" and len(data["hashes"]) == 4 and data["hashes"] == sorted(data["hashes"])
    manifest.write_bytes(b"another model")  # retrained: the manifest is no longer its own
    shipped_manifest.cache_clear()
    assert shipped_manifest(manifest) is None
    assert load_manifest(path).seen(TRAINED)


def test_the_overlap_report_warns_only_when_something_was_seen() -> None:
    assert overlap_report(2, 5) == {"checked": True, "seen": 2, "sentences": 5,
                                    "warning": "2 of 5 sentences were seen in training: this is a training score, not accuracy"}
    assert overlap_report(0, 5)["warning"] is None
    assert overlap_report(None, 5) == {"checked": False, "seen": None, "sentences": 5, "warning": None}


def test_the_shipped_model_has_its_manifest() -> None:
    manifest = shipped_manifest()
    assert manifest is not None and manifest.path == data_path("models", MANIFEST)
    corpora = {c["name"]: c for c in manifest.corpora}
    assert corpora["pfr1998/dev.txt"]["texts"] == 3501 and corpora["pfr1998/dev.txt"]["chars"] == 329_052
    assert corpora["msra/train.bmes"]["texts"] == 48_289  # its last 2,000 sentences are held out
    assert "pfr1998/raw-199801.txt" not in corpora  # no silver text from the month: its articles are held out
    assert len(manifest.hashes) > 3501 + 48_289


@pytest.mark.skipif(not (CORPORA / "pfr1998" / "dev.txt").is_file(), reason="needs ../shared/corpora")
def test_the_manifest_is_the_text_training_used(tmp_path: Path) -> None:
    """Regenerated from the corpora as training chose them, it is the shipped manifest, byte for byte."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_taggers import write_training_manifest

    write_training_manifest(CORPORA / "pfr1998" / "dev.txt", tmp_path / MANIFEST)
    assert (tmp_path / MANIFEST).read_bytes() == data_path("models", MANIFEST).read_bytes()
    manifest = shipped_manifest()
    assert all(manifest.seen(p.text) for p in read_gold(CORPORA / "pfr1998" / "dev.txt", fmt="pfr"))
    reserved = set((CORPORA / "pfr1998" / "reserved-articles.txt").read_text(encoding="utf-8").split())
    gold = {p.id[:15] for p in read_gold(CORPORA / "pfr1998" / "dev.txt", fmt="pfr")}
    held_out = [line[19:] for line in (CORPORA / "pfr1998" / "raw-199801.txt").read_text(encoding="utf-8").splitlines()
                if line[:15] in reserved - gold and len(normalize(line[19:])) >= 20]
    # Held-out paragraphs were never trained on (shorter ones may be stock phrases a trained text shares).
    assert len(held_out) > 1000 and not any(map(manifest.seen, held_out))


@pytest.mark.skipif(not (CORPORA / "msra" / "train.bmes").is_file(), reason="needs ../shared/corpora")
def test_the_msra_held_out_slice_was_never_trained_on() -> None:
    """The last 2,000 MSRA sentences are kg's own held-out check: no sentence of them is in the manifest."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from msra_corpus import HELD_OUT, split

    training, held_out = split(CORPORA / "msra" / "train.bmes")
    manifest = shipped_manifest()
    assert len(held_out) == HELD_OUT and len(training) == 48_289
    assert sum(map(manifest.seen, (p.text for p in held_out))) == 0
    assert all(manifest.seen(p.text) for p in training[:200] if len(normalize(p.text)) >= 6)
