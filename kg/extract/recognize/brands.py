"""Trade names: a place's name and an industry word (青岛啤酒), with the company heads after it;
businesses introduced by name (一家名为某某的公司), short trade names (某某传媒), quoted shops;
a known company's service (某某视频) and shop (某品牌门店)."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator, Sequence

from kg.entity_kinds import EntityKind
from kg.extract.gazetteer import Gazetteer
from kg.extract.recognize.bodies import org_mention
from kg.extract.recognize.kinds import kind_of
from kg.extract.recognize.lexicon import Lexicon, foreign_names
from kg.lang.chars import CN_NUMERALS, HAN, HAN_RANGES
from kg.lang.words import WordIndex, at_boundary
from kg.model import EntityType, Mention, MentionSource

__all__ = [
    "company_shops", "find_brands", "find_called", "find_cooperatives", "find_quoted_shops", "find_trade_names",
    "grow_services", "known_company",
]


def find_brands(
    key: str, text: str, lex: Lexicon, gaz: Gazetteer, words: WordIndex, places: Sequence[Mention]
) -> Iterator[Mention]:
    """青岛啤酒: a place's name (a county's short name too) and an industry word.

    The industry word must end a word: 美国电信业 is the industry, not a company; the
    company heads after it (集团, 有限公司) belong to the name.
    """
    yield from find_called(key, text)
    yield from find_trade_names(key, text, lex, words)
    yield from find_quoted_shops(key, text)
    yield from find_cooperatives(key, text, words, places)
    spans = [(m.start, m.end) for m in places]
    spans += [(s, e) for s, e, _ in gaz.county_scanner.find(text)]
    by_first = _brands_by_first(lex.brands)
    for start, end in spans:
        for brand in by_first.get(text[end : end + 1], ()):
            after = end + len(brand)
            if (
                text.startswith(brand, end) and at_boundary(text, after, words)
                and text[after : after + 1] not in _EPITHETS and not _NETWORK_PART.match(text, after)
                and not _body_after(text, after, lex)
            ):
                yield org_mention(key, text, start, _company_end(text, end + len(brand), lex))
                break


@functools.cache
def _brands_by_first(brands: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The industry words by their first character, in the lexicon's order: only those can start at a place's end."""
    firsts = dict.fromkeys(b[0] for b in brands)
    return {c: tuple(b for b in brands if b[0] == c) for c in firsts}


def find_cooperatives(key: str, text: str, words: WordIndex, places: Sequence[Mention]) -> Iterator[Mention]:
    """某县某某种植专业合作社, 某村某某养殖合作社, 某市某某产业协会: a place, its trade and the body's head.

    Cooperatives and trade associations are named by their place, a product and the work
    (种植, 养殖, 加工) the grammar takes for a clause's verb; the place opens the name. The
    place is the gazetteer's or a village written after a function word or punctuation; the
    head starts a word (政治协商会议 holds no 商会).
    """
    if not _COOPERATIVE_HEAD.search(text):
        return  # no head: the village pattern, tried at every character, would be read for nothing
    starts = {m.end: m.start for m in places}
    starts.update((v.end(1), v.start(1)) for v in _VILLAGE.finditer(text))
    for end, start in starts.items():
        match = _COOPERATIVE.match(text, end)
        if match is not None and _trade_stem(match.group(1)) and at_boundary(text, match.end(1), words):
            yield org_mention(key, text, start, match.end())


def _trade_stem(stem: str) -> bool:
    """红米种植, 生态养殖, 石榴产业: products and the work on them, no clause (有, 共, 新成立)."""
    return all(
        word in _TRADE_WORK or tag not in _CLAUSE_TAGS for _, _, word, tag in WordIndex.of(stem).words
    )


# The work a cooperative names itself by, which the segmenter tags as verbs.
_TRADE_WORK = frozenset({
    "种植", "养殖", "加工", "销售", "营销", "购销", "服务", "运输", "生产", "育苗", "饲养", "栽培", "种养", "农机", "旅游", "开发",
})
_CLAUSE_TAGS = frozenset({"v", "vd", "d", "p", "c", "u", "uj", "ul", "r", "m", "f", "zg", "y"})


# A cooperative's or an association's stem and head: no function word (的, 和, 在 …) inside it. The
# heads are the registered forms (农民专业合作社, 股份经济合作社); a bare 合作社 after a product
# (某县苹果合作社) describes more often than it names.
_COOPERATIVE = re.compile(
    rf"((?:(?![的和与及在了是等对把被将向从为])[{HAN_RANGES}]){{2,12}}?)"
    r"(?:专业合作社|股份经济合作社|经济合作社|联合社|产业协会|行业协会|商会)"
)
# The heads of _COOPERATIVE, looked for once in the whole text.
_COOPERATIVE_HEAD = re.compile(r"合作社|联合社|产业协会|行业协会|商会")
# A village named after punctuation or a function word (成立了某某村, ，某某村).
_VILLAGE = re.compile(rf"(?:^|[，。、；：“”（）\s]|[了在的是到和与及从])([{HAN_RANGES}]{{2,4}}村)")


def find_called(key: str, text: str) -> Iterator[Mention]:
    """一家名为“某某”的初创公司: a business introduced by its name and what it is.

    The name stands between 名为 (叫做, 名叫) and 的 + a word for a business; quotes
    around it are no part of it.
    """
    for match in _CALLED.finditer(text):
        yield org_mention(key, text, match.start(1), match.end(1))


def find_trade_names(key: str, text: str, lex: Lexicon, words: WordIndex) -> Iterator[Mention]:
    """某某传媒, 某某影业, XX娱乐, 某某物业: a short trade name and the business it is in.

    The stem is two Han characters or a few capitals (a label's initials), standing after
    punctuation or a function word (在, 与, 据 …); stems that say a kind of business
    (文化传媒, 小区物业) are no names. The head must end a word: 物业费, 娱乐圈 are things.
    """
    if not any(head in text for head in _TRADE_HEADS):
        return  # the pattern, tried at every character, would find none
    for match in _TRADE.finditer(text):
        start, head_end = match.start(1), match.end()
        stem = match.group(1)
        if stem in _KIND_STEMS or not _stands_alone(text, start, words) or text[head_end : head_end + 1] in _TRADE_AFTER:
            continue
        if not at_boundary(text, match.start(2), words) or not at_boundary(text, head_end, words):
            continue
        yield org_mention(key, text, start, _company_end(text, head_end, lex))


def _stands_alone(text: str, start: int, words: WordIndex) -> bool:
    """The stem starts the clause or follows a function word, not a word the name would belong to."""
    before = text[start - 1 : start]
    if start == 0 or not HAN.match(before) or text[start].isascii():
        return not before.isascii() or not before.isalnum()
    return before in _FUNCTION_CHARS and at_boundary(text, start, words) and (start < 2 or not _WORDISH.match(text, start - 2))


_TRADE_HEADS = ("传媒", "影业", "娱乐", "物业")
_TRADE = re.compile(rf"([A-Z]{{2,5}}|[{HAN_RANGES}]{{2}})({'|'.join(_TRADE_HEADS)})")
# Words that say what kind of media, entertainment or property business it is, not whose.
_KIND_STEMS = frozenset({
    "文化", "数字", "网络", "新闻", "体育", "影视", "电影", "电视", "广播", "小区", "社区", "该家", "这家", "当地", "本地", "休闲", "大众",
    "综合", "国际", "时代", "传统", "主流", "官方", "新兴", "全民", "融合", "户外", "互动", "公司", "集团", "旗下", "知名", "老牌", "头部",
    "民营", "国有", "物业", "娱乐", "传媒", "影业", "视频", "音乐", "游戏", "动漫", "商业", "住宅", "园区", "写字", "前期", "原有",
    "新的", "涉事", "一家", "多家", "两家", "此前", "目前",
})
# Characters after a head that make it a thing, not a name: 物业费, 娱乐圈, 娱乐场所, 传媒业.
_TRADE_AFTER = frozenset("费圈场业界区类化性")
# One-character function words a name may follow directly (在某某传媒, 与某某影业).
_FUNCTION_CHARS = frozenset("在与和同据由经被向对给让是的及跟将把从为称")
# Two characters before the function word that make it part of a word (现在, 正在, 参与).
_WORDISH = re.compile("现在|正在|存在|实在|所在|参与|给与|比较")


def find_quoted_shops(key: str, text: str) -> Iterator[Mention]:
    """“某记牛肉面”门口, 装修公司“某某家装”: a shop's name in quotes, with a shop's word beside it.

    Papers quote the signboard of a shop or a restaurant; the quotes alone say nothing (a
    dish, a slogan, a product are quoted too), so a word of the shop must stand right
    before them (餐馆, 装修公司) or right after (门口, 的老板, 已有七十多年).
    """
    for match in _QUOTED_SHOP.finditer(text):
        before = _SHOP_BEFORE.search(text, max(0, match.start() - 6), match.start())
        if (before is not None and before.end() == match.start()) or _SHOP_AFTER.match(text, match.end()):
            yield org_mention(key, text, match.start(1), match.end(1))


_QUOTED_SHOP = re.compile(rf"“([{HAN_RANGES}A-Za-z0-9\-]{{2,8}})”")
# Words for a shop or a trade firm written right before its quoted name.
_SHOP_BEFORE = re.compile(
    r"(?:餐馆|饭馆|面馆|饭店|小店|老店|老字号|店铺|连锁店|便利店|健身房|火锅店|烧烤店|早餐店|小吃店|装修公司|家政公司|商家)$"
)
# What is said right after a shop's quoted name: its door, owner, age, a stall of it.
_SHOP_AFTER = re.compile(
    r"门口|门前|门店|店门|店内|店里|的老板|老板|店主|店长|已有[^，。]{1,4}年|开业|开张|分店|总店|包子铺|饭馆|面馆"
)


# 名为X的公司, 名叫“X”的餐厅: the head after 的 says a business (a company, a shop, a brand) is named.
_CALLED = re.compile(
    r"(?:名为|名叫|叫做|叫作|取名为?)[“「\"]?([^\s，。、；：“”「」\"的]{2,12}?)[”」\"]?的"
    rf"[{HAN_RANGES}]{{0,4}}?(?:公司|企业|品牌|餐厅|饭店|餐馆|酒楼|超市|商店|工作室|合作社|连锁店|网店|门店)"
)


# 石化城, 汽车城, 瓷都: an industry word and 城 or 都 are a city's epithet, no trade name.
_EPITHETS = frozenset("城都")
# 某地地铁2号线, 某地公交站, 某地航空港: a line, a stop or a port of the network, which is a place.
_NETWORK_PART = re.compile(rf"(?:[0-9０-９{CN_NUMERALS}]+号?)?线|站|港|枢纽|口岸|业")


def _body_after(text: str, at: int, lex: Lexicon) -> bool:
    """某市地铁办, 某省电力局: a public body's head follows, whose name the grammar reads whole."""
    head = next((s for s in lex.org_suffixes if text.startswith(s, at)), None)
    return head is not None and kind_of(head) is not EntityKind.CORPORATION


def _company_end(text: str, end: int, lex: Lexicon) -> int:
    """某某汽车集团有限公司: a trade name goes on over the company heads after it."""
    grown = True
    while grown:
        grown = False
        for suffix in lex.org_suffixes:  # longest first: 有限公司 before 公司
            if text.startswith(suffix, end) and kind_of(suffix) is EntityKind.CORPORATION:
                end, grown = end + len(suffix), True
                break
    return end


# ------------------------------------------------------------------ known companies


@functools.cache
def known_company(name: str) -> bool:
    """The name is a company's of the lexicon (腾讯, 网易), needing no cue."""
    return any(r.kind is EntityKind.CORPORATION and not r.needs_cue for r in foreign_names().get(name, ()))


def company_shops(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """某品牌门店, 某品牌直营店 → 某品牌: a known company's shop is where the company is.

    The tagger reads a shop (a place) with the company's name in it; the shop's word is
    the cue a company's short name needs (苹果 + 直营店: the company).
    """
    out = []
    for m in mentions:
        shop = _SHOP.search(m.text) if m.source is MentionSource.TAGGER and m.type is not EntityType.PER else None
        if shop is not None and shop.start() >= 2 and _company_reading(m.text[: shop.start()]):
            end = m.start + shop.start()
            m = dataclasses.replace(
                m, end=end, text=text[m.start : end], type=EntityType.ORG, source=MentionSource.RULE,
                kind=EntityKind.CORPORATION, canonical=None, code=None,
            )
        out.append(m)
    return out


def _company_reading(name: str) -> bool:
    return any(r.kind is EntityKind.CORPORATION for r in foreign_names().get(name, ()))


_SHOP = re.compile(r"(?:门店|零售店|直营店|旗舰店|专卖店|体验店|专柜|分店|超市)$")


def grow_services(mentions: Sequence[Mention], text: str, words: WordIndex) -> list[Mention]:
    """腾讯 + 视频, 中通 + 快递: a known company and its service or trade word are one name.

    A company of the lexicon followed by a word of its trade (体育, 视频, 快递, 汽车 …)
    that ends a word names the company's business of that name (腾讯视频, 中通快递). A
    short name that is an ordinary word too (大众, 小鹏) is a company before a company's
    own head (汽车, 科技, 集团): the head is its cue.
    """
    key = mentions[0].article if mentions else ""
    out = [*mentions, *_cued_companies(key, text, words, {m.start for m in mentions if m.type is EntityType.ORG})]
    mentions, out = out, []
    for m in mentions:
        if m.type is EntityType.ORG and known_company(m.text):
            service = _SERVICE.match(text, m.end)
            # 某某体育讯: a dateline's 讯 after the service's name
            if service is not None and (at_boundary(text, service.end(), words) or text[service.end()] in "讯电"):
                end = service.end()
                m = dataclasses.replace(m, end=end, text=text[m.start : end], canonical=None, code=None)
        out.append(m)
    return out


def _cued_companies(key: str, text: str, words: WordIndex, taken: set[int]) -> list[Mention]:
    out = []
    for name, start in _cued_scan(text):
        head = _CUE_HEAD.match(text, start + len(name))
        if start in taken or head is None or not at_boundary(text, start, words) or not at_boundary(text, head.end(), words):
            continue
        if text[start - 1 : start] in _OWNED_BY:
            continue  # 他的理想汽车: a thing someone has, not the company
        end = head.end()
        out.append(Mention(key, start, end, text[start:end], EntityType.ORG, MentionSource.RULE, kind=EntityKind.CORPORATION))
    return out


def _cued_scan(text: str) -> list[tuple[str, int]]:
    names = _cued_names()
    return [
        (text[i : i + n], i) for i in (f.start() for f in _cued_firsts().finditer(text))
        for n in (2, 3) if text[i : i + n] in names
    ]


@functools.cache
def _cued_firsts() -> re.Pattern[str]:
    """The first characters of :func:`_cued_names` as a class: only there can one start.

    The regex engine finds them, where a loop over every character of the text was slower.
    """
    return re.compile("[" + "".join(sorted(re.escape(c) for c in {name[0] for name in _cued_names()})) + "]")


@functools.cache
def _cued_names() -> frozenset[str]:
    """The companies' short names that need a cue (大众, 小鹏, 理想), Han only."""
    return frozenset(
        name for name, readings in foreign_names().items()
        if 2 <= len(name) <= 3 and any(r.kind is EntityKind.CORPORATION and r.needs_cue for r in readings)
        and not name.isascii()
    )


_OWNED_BY = frozenset("的之我你他她")
# A company's own heads, which make a short name that is an ordinary word a company's.
_CUE_HEAD = re.compile(r"汽车|科技|集团|控股|影业|传媒|娱乐|公司")
# The trades a company's business is named after (腾讯视频, 网易体育, 中通快递, 大疆创新).
_SERVICE = re.compile(
    r"体育|视频|音乐|新闻|财经|游戏|快递|物流|汽车|科技|创新|易购|影业|传媒|娱乐|文学|地产|医药|金融|证券|保险|银行|集团"
)
