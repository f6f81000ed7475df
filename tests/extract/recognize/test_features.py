"""The CRF tagger's features: byte for byte those the shipped model was trained with.

Two references: ``features_reference.py``, a verbatim copy of the extractor as it was when
``data/models/ner.crfsuite`` was trained, and ``tests/data/features/golden.json.gz``, the SHA-256
of the features of 370 texts (the sample page's sentences, 200 People's Daily paragraphs, odd
strings) made with it before the extractor was rewritten.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json

import pycrfsuite
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.recognize import features
from kg.extract.recognize.feature_columns import Memo
from kg.extract.recognize.tagger import DEFAULT_MODEL, CrfTagger, labels_to_spans
from tests.conftest import SAMPLE_PAGE, TEST_DATA
from tests.extract.recognize import features_reference as reference

GOLDEN = json.loads(gzip.decompress((TEST_DATA / "features" / "golden.json.gz").read_bytes()))["items"]
GOLDEN_TEXTS = [item["text"] for item in GOLDEN]

# Han characters (names, suffixes, surnames, numerals), Latin and digits in both widths,
# punctuation, spaces and controls, characters outside the basic plane, a lone surrogate.
_CHARS = (
    "中国人民银行北京市荆州公安县局委会院记者报道欧阳司马王李张三五一二〇零百千万亿两"
    "，。！？；：、“”《》（）()—…·-.%"
    "0123456789０１２３ABCabcＡＢｃｘ"
    " \t\n\r\u3000\x00\x1c\x85\u2028\ufeff"
    "😀𠮷㛃\ud800"
)
TEXTS = st.text(alphabet=st.sampled_from(_CHARS), max_size=60) | st.text(max_size=30)


def _digest(items: list[tuple[str, ...]]) -> str:
    joined = "\x1e".join("\x1f".join(item) for item in items)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()


def _rows_of(text: str) -> list[list[int]]:
    """The reference's features of ``text`` as rows of the shipped model's weights, 0 for unknown ones.

    crfsuite reads an attribute as a C string: one with a NUL in it (a word of controls) is cut there.
    """
    index = CrfTagger.load().weights.index
    return [[index.get(f.partition("\x00")[0], 0) for f in item] for item in reference.extract(text)]


def _rows(text: str) -> list[list[int]]:
    """The tagger's feature rows of ``text``, one list a character."""
    return CrfTagger.load()._rows.matrix(text).T.tolist()


def test_features_match_the_digests_made_before_the_rewrite() -> None:
    assert [_digest(features.extract(text, features.FULL)) for text in GOLDEN_TEXTS] == [item["sha256"] for item in GOLDEN]
    assert features.extract("记者王五")[0][:6] == ("u记", "a\x02", "b\x02", "c者", "d王", "e\x02\x02")


def test_features_equal_the_reference_for_every_set_of_templates() -> None:
    texts = GOLDEN_TEXTS[::10] + ["\ud800孤\udfff", "", "一"]
    for flags in itertools.product((False, True), repeat=7):
        ours, theirs = features.FeatureConfig(*flags), reference.FeatureConfig(*flags)
        assert [features.extract(t, ours) for t in texts] == [reference.extract(t, theirs) for t in texts], flags


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_features_equal_the_reference_on_any_text(text: str) -> None:
    assert features.extract(text) == reference.extract(text)
    assert _rows(text) == _rows_of(text)


def test_the_feature_rows_are_the_known_features_in_order() -> None:
    for text in GOLDEN_TEXTS:
        assert _rows(text) == _rows_of(text)
    items = _rows("国务院总理在北京")
    weights = CrfTagger.load().weights
    assert all(isinstance(row, int) and 0 <= row < len(weights.state) for item in items for row in item)
    assert weights.index["u国"] == items[0][0] and items[0][0] > 0
    known = [sum(row > 0 for row in item) for item in items]
    assert 10 < sum(known) / len(known) < len(items[0])  # two thirds of the templates, about


def test_the_tagger_tags_as_with_every_feature() -> None:
    """crfsuite gives no weight to features the model does not know: leaving them out changes nothing."""
    crf = pycrfsuite.Tagger()
    crf.open(str(DEFAULT_MODEL))
    texts = [p for p in SAMPLE_PAGE.read_text(encoding="utf-8").split("\n") if p.strip()] + GOLDEN_TEXTS[-30:]
    tagger = CrfTagger.load()
    for text in texts:
        expected = [
            span for offset, chunk in features.split_chunks(text)
            for span in labels_to_spans(crf.tag(reference.extract(chunk)), offset)
        ]
        assert tagger.tag_text(text) == expected
    assert any(tagger.tag_text(t) for t in texts)


def test_memo_tables_stop_growing_at_their_limit() -> None:
    memo = Memo(lambda key: key * 2, limit=2)
    assert [memo[k] for k in "abcab"] == ["aa", "bb", "cc", "aa", "bb"]
    assert dict(memo) == {"a": "aa", "b": "bb"}


def test_normalize_reads_every_character_as_the_translate_tables_do() -> None:
    every = "".join(map(chr, range(0x10000)))  # the plane normalize maps in numpy, surrogates too
    assert features.normalize(every) == features._normalized_by_dicts(every)
    assert features.normalize("Ｗ１：ａＢ\u3000北京\ud800x") == ("W1:aB 北京\ufffdx", "w0:ab 北京\ufffdx")
    beyond = "𠀀Ｗ１"  # a character past the plane: the dicts read it all
    assert features.normalize(beyond) == ("𠀀W1", "𠀀w0") == features._normalized_by_dicts(beyond)
    assert features.normalize("") == ("", "")
