"""Well-known persons by their names and nicknames (王菲, 华仔 → 刘德华): cues, longer names, one entity."""

from __future__ import annotations

from kg.extract.recognize import recognize_text
from kg.extract.recognize.familiar import find_nicknames
from kg.extract.recognize.people import find_people, people
from kg.extract.resolve import entity_key, resolve_entities, resolve_mentions
from kg.lang.words import WordIndex
from kg.model import EntityType, Mention, MentionSource, PageMeta


def _people(text: str, candidates: list[Mention] | None = None) -> dict[str, str | None]:
    found = find_people("a", text, WordIndex.of(text), candidates or [])
    for m in found:
        assert text[m.start : m.end] == m.text and m.type is EntityType.PER
    return {m.text: m.canonical for m in found}


def test_the_lexicon_reads_names_canonical_names_and_cues() -> None:
    table = people()
    assert 2000 <= len(table) <= 2800
    assert table["华仔"].canonical == "刘德华" and not table["华仔"].needs_cue
    assert table["梅西"].canonical == table["利昂内尔·梅西"].canonical == "利昂内尔·梅西"
    assert table["黎明"].needs_cue and table["王菲"].canonical == "王菲"
    assert all(p.canonical in table for p in table.values() if "·" not in p.canonical)


def test_a_bare_name_is_a_person() -> None:
    assert _people("周杰伦和王菲将在跨年晚会上同台演出。") == {"周杰伦": "周杰伦", "王菲": "王菲"}
    assert _people("马斯克旗下的公司又发布了新产品。") == {"马斯克": "埃隆·马斯克"}
    assert _people("华仔来了，现场粉丝一片欢呼。") == {"华仔": "刘德华"}  # the segmenter glues 来 on: 华仔来


def test_a_nickname_carries_its_canonical_name() -> None:
    assert _people("小李子终于捧起了奥斯卡小金人。") == {"小李子": "莱昂纳多·迪卡普里奥"}
    assert _people("詹皇全场砍下30分。") == {"詹皇": "勒布朗·詹姆斯"}
    (c_ronaldo,) = find_nicknames("a", "C罗赛后表示很满意。")
    assert (c_ronaldo.text, c_ronaldo.canonical) == ("C罗", "克里斯蒂亚诺·罗纳尔多")


def test_a_name_that_is_an_ordinary_word_needs_a_cue() -> None:
    assert _people("黎明时分，大家从营地出发了。") == {}
    assert _people("他是汪洋大海中的一滴水。") == {}
    assert _people("李宁公司发布了年度财报。") == {}
    assert _people("歌手黎明说，这首歌很难唱。") == {"黎明": "黎明"}
    assert _people("李宁表示，体操队需要新人。") == {"李宁": "李宁"}


def test_no_name_inside_a_longer_one() -> None:
    text = "本届赛事由成龙慈善基金会主办。"
    org = Mention("a", 5, 12, "成龙慈善基金会", EntityType.ORG, MentionSource.GRAMMAR)
    assert _people(text, [org]) == {}
    assert _people("李娜娜说她很开心。") == {}  # 李娜|娜: a longer name the segmenter cut
    assert _people("里奥·梅西再次当选最佳球员。") == {}  # a dotted name holds 梅西
    assert _people("泸溪县白沙镇屈原村边的河滩上。") == {}  # a village named after the poet
    assert _people("小罗庄的村民都来了。") == {}


def test_a_name_the_tagger_reads_with_a_word_glued_on_is_still_found() -> None:
    text = "梅西则送出两次助攻。"
    guess = Mention("a", 0, 3, "梅西则", EntityType.PER, MentionSource.TAGGER)
    assert _people(text, [guess]) == {"梅西": "利昂内尔·梅西"}
    text = "郑和下西洋的故事家喻户晓。"  # a direction word (下 f) glued on
    guess = Mention("a", 0, 3, "郑和下", EntityType.PER, MentionSource.TAGGER)
    assert _people(text, [guess]) == {"郑和": "郑和"}
    longer = Mention("a", 0, 3, "王菲菲", EntityType.PER, MentionSource.TAGGER)
    assert _people("王菲菲是我的同学。", [longer]) == {}


def test_a_nickname_and_a_full_name_in_two_articles_are_one_person() -> None:
    texts = ["华仔昨晚现身发布会。", "刘德华昨晚现身发布会。"]
    meta = PageMeta(source="-")
    resolved = [
        m for text, found in zip(texts, recognize_text(texts, use_tagger=False))
        for m in resolve_mentions(found, meta=meta, text=text) if m.type is EntityType.PER
    ]
    assert [m.text for m in resolved] == ["华仔", "刘德华"]
    assert entity_key(resolved[0]) == entity_key(resolved[1])
    (person,) = [e for e in resolve_entities(resolved) if e.type is EntityType.PER]
    assert (person.name, person.aliases) == ("刘德华", ("华仔",))


def test_historical_persons_carry_their_canonical_names() -> None:
    table = people()
    assert table["郑板桥"].canonical == "郑燮" and table["王阳明"].canonical == "王守仁"
    assert table["贝多芬"].canonical == "路德维希·凡·贝多芬" and table["康熙"].needs_cue
    assert _people("郑板桥画竹，唐伯虎画仕女。") == {"郑板桥": "郑燮", "唐伯虎": "唐寅"}
    assert _people("青莲居士一生游历名山大川。") == {"青莲居士": "李白"}
    assert _people("秦始皇统一六国后，派蒙恬修筑长城。") == {"秦始皇": "秦始皇", "蒙恬": "蒙恬"}


def test_a_historical_name_that_is_a_word_or_an_era_needs_a_cue() -> None:
    assert _people("康熙年间修建的石桥保存完好。") == {}
    assert _people("出锅前加入葱姜提香。") == {}
    assert _people("行程万里，初心不改。") == {}
    assert _people("画家提香说过一句话。") == {"提香": "提香"}


def test_a_craft_a_prize_or_a_book_named_after_a_person_is_no_mention_of_the_person() -> None:
    assert _people("墨子号量子卫星发射成功。") == {}
    assert _people("她获得了南丁格尔奖章。") == {}
    assert _people("他最爱读《庄子》。") == {}
    assert _people("袁隆平获奖后很激动。") == {"袁隆平": "袁隆平"}  # 获奖 is a verb, no prize's name


def test_the_taggers_place_on_the_span_yields_to_a_persons_only_name() -> None:
    text = "最爱苏东坡的词。"
    guess = Mention("a", 2, 5, "苏东坡", EntityType.LOC, MentionSource.TAGGER)
    assert _people(text, [guess]) == {"苏东坡": "苏轼"}
    company = Mention("a", 0, 2, "李宁", EntityType.ORG, MentionSource.TAGGER)
    assert _people("李宁表示，今年销量上涨。", [company]) == {}  # a name that needs a cue keeps the tagger's reading
    gazetteer = Mention("a", 2, 5, "苏东坡", EntityType.LOC, MentionSource.GAZETTEER)
    assert _people(text, [gazetteer]) == {}
