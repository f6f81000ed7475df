"""The CRF tagger, its features and label coding."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import ModelError
from kg.model import EntityType
from kg.extract.recognize import features
from kg.extract.recognize.tagger import DEFAULT_MODEL, CrfTagger, labels_to_spans, spans_to_labels, train

PER, LOC, ORG = EntityType.PER, EntityType.LOC, EntityType.ORG


@pytest.fixture(scope="module")
def tagger() -> CrfTagger:
    return CrfTagger.load()


def _found(tagger: CrfTagger, text: str) -> set[tuple[str, EntityType]]:
    return {(text[s:e], k) for s, e, k in tagger.tag_spans([text])[0]}


def test_labels_round_trip() -> None:
    spans = [(0, 3, PER), (4, 5, LOC), (5, 11, ORG)]
    labels = spans_to_labels(12, spans)
    assert labels[:6] == ["B-PER", "I-PER", "E-PER", "O", "S-LOC", "B-ORG"]
    assert labels[10:] == ["E-ORG", "O"]
    assert labels_to_spans(labels) == spans
    assert labels_to_spans(labels, offset=100)[0] == (100, 103, PER)


def test_labels_decoded_leniently() -> None:
    assert labels_to_spans(["I-PER", "I-PER", "O", "B-LOC", "I-ORG", "E-ORG", "B-LOC"]) == [
        (0, 2, PER), (3, 4, LOC), (4, 6, ORG), (6, 7, LOC),
    ]
    assert labels_to_spans(["B-PER", "I-PER", "I-PER"]) == [(0, 3, PER)]
    assert labels_to_spans([]) == []


def test_features_one_tuple_a_character() -> None:
    text = "记者王ＡＢ１２3 \t\n😀\x00末"
    items = features.extract(text)
    assert len(items) == len(text)
    assert items[0][0] == "u记"
    assert "u0" in items[5] and "u0" in items[7]  # digits, full or half width, are one class
    assert "ua" in items[3]  # full-width Latin to lower-case half width
    half, ident = features.normalize(text)
    assert len(half) == len(ident) == len(text)
    assert features.char_types("王１a，。 ") == "HDLPES"
    assert features.extract("") == []


def test_split_chunks_cover_text() -> None:
    text = ("一句话。" * 400) + ("无标点" * 2000) + "尾"
    chunks = features.split_chunks(text)
    assert "".join(c for _, c in chunks) == text
    assert all(text[o : o + len(c)] == c for o, c in chunks)
    assert all(len(c) <= 2000 for _, c in chunks)
    assert chunks[0][1].endswith("。")
    big = "中" * 1_000_000
    assert sum(len(c) for _, c in features.split_chunks(big)) == len(big)
    assert features.split_chunks("") == []


def test_missing_model_raises_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as caught:
        CrfTagger.load(tmp_path / "none.crfsuite")
    assert caught.value.code == "KG600"
    broken = tmp_path / "broken.crfsuite"
    broken.write_bytes(b"not a model")
    with pytest.raises(ModelError):
        CrfTagger.load(broken)


def test_shipped_model_is_cached_and_small(tagger: CrfTagger) -> None:
    assert CrfTagger.load() is tagger
    assert CrfTagger.load(DEFAULT_MODEL) is tagger
    assert DEFAULT_MODEL.stat().st_size < 15_000_000


def test_finds_person_place_and_organization(tagger: CrfTagger) -> None:
    found = _found(tagger, "记者张伟报道：上海市人民政府昨天在南京召开会议，副市长王丽华出席。")
    assert ("张伟", PER) in found
    assert ("王丽华", PER) in found
    assert ("南京", LOC) in found
    assert ("上海市人民政府", ORG) in found


def test_empty_and_odd_texts(tagger: CrfTagger) -> None:
    texts = ["", " ", "\t\n", "\x00\x01", "😀😀", "a\ud800b", "abc def", "，。！"]
    result = tagger.tag_spans(texts)
    assert len(result) == len(texts)
    assert result[0] == []


def test_texts_tagged_together_as_one_by_one(tagger: CrfTagger) -> None:
    """Every chunk of a call is decoded in one batch: the same spans as each text alone."""
    texts = ["记者张伟报道：上海市人民政府昨天在南京召开会议。", "", "王", "，。！",
             "国务院总理李强在北京会见了来访的法国总统。" * 120, "南京市长到上海。"]
    together = tagger.tag_spans(texts)
    assert together == [tagger.tag_spans([text])[0] for text in texts] == [tagger.tag_text(t) for t in texts]
    assert len(features.split_chunks(texts[4])) > 1 and together[4] and together[0]


def test_long_text_without_punctuation(tagger: CrfTagger) -> None:
    text = "北京市朝阳区人民法院审理了此案" * 2000  # 30,000 characters, no punctuation
    spans = tagger.tag_spans([text])[0]
    assert spans and all(0 <= s < e <= len(text) for s, e, _ in spans)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=300), max_size=4))
def test_spans_always_valid(texts: list[str]) -> None:
    tagger = CrfTagger.load()
    result = tagger.tag_spans(texts)
    assert len(result) == len(texts)
    for text, spans in zip(texts, result):
        previous_end = 0
        for start, end, kind in spans:
            assert isinstance(kind, EntityType)
            assert previous_end <= start < end <= len(text)
            previous_end = end


def test_train_tiny_model(tmp_path: Path) -> None:
    data = [
        ("王明在北京工作。", [(0, 2, PER), (3, 5, LOC)]),
        ("李华去上海大学。", [(0, 2, PER), (3, 7, ORG)]),
        ("张强在广州。", [(0, 2, PER), (3, 5, LOC)]),
    ] * 5
    out = tmp_path / "tiny.crfsuite"
    info = train(data, out, iterations=30)
    assert info["sequences"] == 15 and out.is_file()
    tiny = CrfTagger.load(out)
    assert tiny.tag_spans(["王明在北京工作。"]) == [[(0, 2, PER), (3, 5, LOC)]]
