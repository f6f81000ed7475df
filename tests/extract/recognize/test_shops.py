"""Eateries named after their keeper: 老 or 小, a surname and what they serve."""

from __future__ import annotations

import pytest

from kg.entity_kinds import EntityKind
from kg.extract.recognize import recognize_text
from kg.extract.recognize.shops import find_eateries
from kg.lang.words import WordIndex


def _eateries(text: str) -> list[str]:
    return [m.text for m in find_eateries("k", text, WordIndex.of(text))]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("巷口的老孙家面馆重新开张", ["老孙家面馆"]),
        ("夜市里老韩烧烤的摊位前排起长队", ["老韩烧烤"]),
        ("小周饺子馆推出半份菜", ["小周饺子馆"]),
        ("老邓包子铺的蒸笼冒着热气", ["老邓包子铺"]),
    ],
)
def test_an_eatery_by_its_keeper(text, names):
    assert _eateries(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "老韩烧烤了一只羊",  # a person and a verb
        "老孙家的饺子最好吃",  # the family's dumplings, no shop
        "老邓包子卖得好",  # any dish alone names no shop
        "老孙家店门口",  # 家店: no place's word of its own
        "这是一个古老孙家的传说",  # 老 ends the word 古老
    ],
)
def test_no_eatery(text):
    assert _eateries(text) == []


def test_recognized_as_a_store_over_the_familiar_person():
    (mentions,) = recognize_text(["巷口的老孙家面馆重新开张。"], use_tagger=False)
    org = next(m for m in mentions if m.type.value == "ORG")
    assert (org.text, org.kind) == ("老孙家面馆", EntityKind.STORE)
    assert not [m for m in mentions if m.type.value == "PER"]
