"""Rules that find named events in article text (used by :mod:`kg.extract.events`).

Four forms are found, in this order of trust:

* quoted names with an event head, inside or after the quote: “X行动”, “X”活动,
  “X”“Y”行动 (two events), “X”百日行动;
* ordinal party congresses and plenums: 党的二十大, 十九届六中全会;
* unquoted noun phrases ending in an event head (中央经济工作会议), whose left edge
  is found with rjieba's words and tags; a bare or generic head (会议, 此次评选,
  工作会议) is not a name;
* recurring public events of the lexicon ``data/lexicons/events.tsv`` (春节, 高考 …).

Spans of one form never overlap a span found by an earlier form. The module also
holds the cue phrases :mod:`kg.extract.events` reads attributes from (在 X 召开, 由 X 主办,
X 出席) and the phrases that refer back to a named event (此次评选, 会上).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import errors
from kg.model import EventType
from kg.package_data import data_path

M, C, A, S, R, E = (
    EventType.MEETING,
    EventType.CAMPAIGN,
    EventType.ACTIVITY,
    EventType.SELECTION,
    EventType.RECRUITMENT,
    EventType.EVENT,
)
# head -> (type, also without quotes). Generic heads (活动, 工程 …) name an event only
# when a quoted name carries them.
_HEADS: dict[str, tuple[EventType, bool]] = {
    "会议": (M, True), "大会": (M, True), "全会": (M, True), "座谈会": (M, True),
    "研讨会": (M, True), "论坛": (M, True), "峰会": (M, True), "年会": (M, True),
    "推进会": (M, True), "动员会": (M, True), "现场会": (M, True), "表彰会": (M, True),
    "交流会": (M, True), "洽谈会": (M, True), "推介会": (M, True), "发布会": (M, True),
    "团拜会": (M, True), "茶话会": (M, True), "行动": (C, True), "专项治理": (C, True),
    "专项整治": (C, True), "专项斗争": (C, True), "会战": (C, True), "大会战": (C, True),
    "攻坚战": (C, True), "战役": (C, True), "工程": (C, False), "攻坚": (C, False),
    "运动": (C, False), "整治": (C, False), "活动": (A, False), "评选表彰": (S, True),
    "评选": (S, True), "评比": (S, True), "表彰": (S, False), "招生": (R, True),
    "考试": (R, True), "招聘": (R, True), "招录": (R, True), "招考": (R, True),
    "比武": (E, False), "竞赛": (E, False), "大赛": (E, True), "比赛": (E, False),
    "运动会": (E, True), "锦标赛": (E, True), "博览会": (E, True), "交易会": (E, True),
    "文化节": (E, True), "艺术节": (E, True), "旅游节": (E, True), "电影节": (E, True),
    "音乐节": (E, True),
}
_HEAD_ALT = "|".join(sorted(map(re.escape, _HEADS), key=len, reverse=True))
# A head followed by these names an office, a document or a room, not an event. 中心 before
# 任务, 工作, 环节 … is a modifier (the campaign's central task), not an office.
_NOT_EVENT_AFTER = (
    r"(?!室|堂|厅|大厅|大楼|中心(?!战场|任务|工作|环节|议题|内容|地位|位置|区域|城区)|单位|名额|人数|指标|机制|制度|略|办|处|局|站|院|所|部|组|委|方案|计划|规划|纲要|简章|章程|指南|名单|"
    r"机构|主席团|秘书处|代表|纪要|文件|办法|标准|细则|条例|队|员|费|师|热|计|起来|起|了|着|过|长(?!达)|常务委员会|常委会)"
)
_HEAD_RE = re.compile(rf"(?:{_HEAD_ALT}){_NOT_EVENT_AFTER}")
_QUOTE = r"(?:“[^“”\n]{1,40}”|\"[^\"\n]{1,40}\"|「[^「」\n]{1,40}」|『[^『』\n]{1,40}』|‘[^‘’\n]{1,40}’)"
_FUNCTION_CHARS = "的地得了在于和与及或是为把被将从对向以并也都已其所这那该此等"
_INNER = rf"(?![一二三四五六七八九十两几多][大项个种类批条])(?:(?![{_FUNCTION_CHARS}])[\u4e00-\u9fff]){{0,4}}?"
_QUOTED_RE = re.compile(
    rf"(?P<chain>{_QUOTE}(?:[、和与及]?{_QUOTE})*)(?:(?P<inner>{_INNER})(?P<head>{_HEAD_ALT}){_NOT_EVENT_AFTER})?"
)
_ONE_QUOTE = re.compile(_QUOTE)
_PARTICLES = re.compile(r"[的地得了在是着吗呢吧啊]")
_CONGRESS_RE = re.compile(
    r"(?:党的|中共)?(?:第?[一二三四五六七八九十]{1,3}届[一二三四五六七八九十]{1,2}中全会)"
    r"|(?:党的|中共)(?:十[一二三四五六七八九]|二十[一二三四五六七八九]?)大(?![学队会小家])"
    r"|(?<![第一二三四五六七八九十])(?:十[五六七八九]|二十[一二三四五六七八九]?)大"
    r"(?=精神|报告|以来|代表|召开|胜利|期间|上|后|前|开幕|闭幕|作出|提出|部署|确定)"
)
_PUNCT = re.compile(r"[\s，,。！？!?；;：:、“”\"「」『』‘’《》〈〉（）()\[\]【】—…·/|]")
_SENTENCE_PUNCT = re.compile(r"[。！？!?；;]")
# Verbs and words that introduce an event name rather than belong to it.
_GOVERNING = frozenset(
    "启动 召开 开展 印发 举行 举办 组织 参加 出席 实施 推进 部署 落实 开启 进行 迎来 传达 学习 贯彻 "
    "宣布 发布 完成 结束 出台 参与 通过 审议 主持 走进 打响 掀起 深化 深入 扎实 持续 积极 全面开展 "
    "动员 发起 筹备 筹办 承办 主办 协办 列席 获悉 了解 表示 指出 强调 获得 荣获 获 入选 当选 评为 "
    "组织开展 召集 结合 围绕 按照 根据 随着 作为 成为 利用 借助 借 趁 经过 是 有 为 在 于 从 对 以 将 把 被 "
    "向 和 与 及".split()
)
_NOUN_POS = frozenset("n nt nz ns ng j".split())
_STOP_POS = frozenset("p c u uj ul uz ug uv ud r d ad x w y e o f t".split())
# Modifier words too general to make a head into a name (此次会议, 工作会议, 专项行动).
_GENERIC = frozenset(
    "工作 专项 集中 专题 主题 系列 一系列 综合 联合 统一 全面 重要 重点 主要 有关 相关 各类 各项 各种 多种 "
    "电视电话 视频 网络 线上 线下 全体 大型 小型 首次 各级 部分 其他 新闻 常务 一次 年度 月度 例行 定期 "
    "日常 现场 紧急 扩大 专门 整治 治理 打击 执法 检查 安全 大 小 新 全市 全省 全国 全县 全区 全镇 我市 "
    "我省 我区 我县 市 省 县 区 各地 党委 党组 常委会 市委 县委 省委 区委 镇 乡 期末 期中 入学 资格 笔试 "
    "面试 纪念 庆祝 欢迎 表彰 总结 誓师 报告 座谈 学术 协调 领导 干部 职工 群众 全员 第一次 这次 本次 此次 "
    "一些 多次 各个 这个 那个 这些 历次 每年 每次 同类 类似 专业 公开 统一 招生 考试 招聘 活动 行动 会议 "
    "单独 定向 自主 春季 秋季 夏季 冬季 年终 年初 年底 半年 联席 全国性 主席 股东 代表 人民代表 人民 成立 颁奖 "
    "换届 庆功 军事 外交 武力 作战 救援 后续 重大 一轮 闭幕 开幕 全委 常委 扩大 工作组".split()
)
_SCOPE = frozenset("全国 全省 全市 全县 全区 我国 我省 我市 各地 今年 明年 去年 本届 历届 首届 国际 地方".split())
_NUMERIC = re.compile(r"^[0-9０-９一二三四五六七八九十百千万两〇零第届次年期个]+$")
_MAX_LEFT = 30
# A date printed before a name (1998年, 十六日电, 11月) is not part of it.
_DATE_CUT = re.compile(
    r"(?:[0-9０-９〇零一二三四五六七八九]{4}年度?|[0-9０-９一二三四五六七八九十]{1,3}(?:月份|月|日|号))(?:电|讯)?"
)
# Ordinals and counts that do belong to names: 第三届, 一次, 三年, 百日.
_ORDINAL = re.compile(r"^(?:第?[0-9０-９一二三四五六七八九十百]+[届次期]|[一二三四五六七八九十百千两]+[年日天月周])$")
# Verbs (as rjieba tags them) that occur inside event names: 扶贫攻坚战, 禁毒专项斗争.
_NAME_VERBS = frozenset(
    "扶贫 禁毒 治污 反腐败 就业 再就业 创新 创业 开发 打击 治理 整治 执法 普法 减负 减轻 安置 接收 招收 "
    "攻读 评选 评比 表彰 提案 征集 寻访 赶集 深挖 解困 救灾 援助 助学 助养 助残 帮扶 扫黄 打非 扫黑 除恶 "
    "防汛 抗洪 抗旱 防疫 防控 植树 造林 绿化 献血 支教 拥军 优属 双拥 维权 消费 环保 节能 减排 禁烟 戒毒 "
    "保护 统计 出版 展览 投资 招商 交易 贸易 合作 发展 建设 改革 开放 管理 监督 检查 宣传 教育 培训 服务 "
    "保障 生产 规划 研究 读书 健身 迎春 迎新 团拜 联谊 交流 洽谈 推介 招聘 考核 选拔 竞聘 比武 竞赛 评审 "
    "打假 清理 清查 排查 整顿 攻坚 会战 预防 治安 维稳 反恐 缉毒 缉私 走私 打私 引进 转化 孵化 扩招 征兵 "
    "统战 移植 认可 立功 创建 争创 文明 振兴 脱贫 致富 增收 减灾 防灾 应急 搬迁 移民 奔 小康".split()
)
_STOP_WORDS = frozenset("实际 主动 单独 共同 紧急 果断 坚决 一致 正式 有效 进一步 大力 切实 认真".split())
# Heads that are also common verbs or generic nouns need a longer real name.
_MIN_CONTENT = {"行动": 4, "评选": 3, "评比": 3, "招生": 3, "考试": 3, "招聘": 3, "招录": 3, "招考": 3}


@dataclass
class Candidate:
    """One named event found in the text, with its attributes filled in later."""

    start: int
    end: int
    name: str
    type: EventType
    rule: str | None = None  # holiday date rule from the lexicon


@dataclass(frozen=True)
class _LexEntry:
    type: EventType
    canonical: str
    date: str | None


def find_candidates(text: str) -> list[Candidate]:
    """All named events of ``text``, in text order, with non-overlapping spans."""
    masked = _mask_titles(text)
    found: list[Candidate] = []
    for finder in (_quoted, _congresses, _unquoted, _lexicon):
        for cand in sorted(finder(masked), key=lambda c: c.start - c.end):  # longest first
            if not any(c.start < cand.end and cand.start < c.end for c in found):
                found.append(cand)
    return sorted(found, key=lambda c: c.start)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: cut at 。！？； and line ends."""
    bounds, start = [], 0
    for match in re.finditer(r"[。！？!?；;\n]", text):
        bounds.append((start, match.end()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


_WIDE = str.maketrans(",;:!?()", "，；：！？（）")


def normalize_name(name: str) -> str:
    """An event's name as it is compared: no spaces, Chinese punctuation widths."""
    return re.sub(r"\s+", "", name).translate(_WIDE)


def head_type(word: str) -> EventType | None:
    """The event type a head word (会议, 评选 …) names, if it is one."""
    entry = _HEADS.get(word)
    return entry[0] if entry else None


def _mask_titles(text: str) -> str:
    """Blank out 《…》 titles: a 行动方案 inside a document title is no event."""
    if "《" not in text:
        return text
    return re.sub(r"《[^《》\n]{0,60}》", lambda m: "《" + "　" * (len(m.group(0)) - 2) + "》", text)


# ------------------------------------------------------------------ quoted


def _quoted(text: str) -> list[Candidate]:
    if not any(q in text for q in "“\"「『‘"):
        return []
    out: list[Candidate] = []
    for match in _QUOTED_RE.finditer(text):
        quotes = list(_ONE_QUOTE.finditer(match.group("chain")))
        base = match.start("chain")
        if match.group("head"):
            out.extend(_quoted_with_head(match, quotes, base))
            continue
        last = quotes[-1]
        content = last.group(0)[1:-1].strip()
        head = _HEAD_RE.search(content)
        while head and head.end() != len(content):
            head = _HEAD_RE.search(content, head.start() + 1)
        if head and head.start() >= 2 and _good_content(content, whole=True):
            kind = _HEADS[head.group(0)][0]
            out.append(Candidate(base + last.start(), base + last.end(), normalize_name(content), kind))
    return out


def _quoted_with_head(match: re.Match[str], quotes: list[re.Match[str]], base: int) -> list[Candidate]:
    inner, head = match.group("inner") or "", match.group("head")
    kind = _HEADS[head][0]
    contents = [q.group(0)[1:-1].strip() for q in quotes]
    titled = [i for i, c in enumerate(contents[:-1]) if _PUNCT.search(c)]
    if titled:  # “A、B”和“C”“D”行动: a title with inner punctuation ends the list
        quotes, contents = quotes[titled[-1] + 1 :], contents[titled[-1] + 1 :]
    out = []
    for i, (quote, content) in enumerate(zip(quotes, contents)):
        if not _good_content(content):
            continue
        last = i == len(quotes) - 1
        start = base + quote.start()
        end = match.end() if last else base + quote.end()
        title = f"“{content}”" if _PUNCT.search(content) else content
        out.append(Candidate(start, end, normalize_name(f"{title}{inner}{head}"), kind))
    return out


def _good_content(content: str, *, whole: bool = False) -> bool:
    """A quoted name: 2+ word characters, no sentence end inside.

    A quote that is the whole name (“X行动”) must also read as a name, not as a
    phrase cited from speech: short, without inner punctuation or particles.
    """
    words = sum(1 for ch in content if ch.isalnum())
    if words < 2 or _SENTENCE_PUNCT.search(content):
        return False
    return not whole or (len(content) <= 16 and not _PUNCT.search(content) and not _PARTICLES.search(content))


# ------------------------------------------------------------------ congresses


def _congresses(text: str) -> list[Candidate]:
    if "大" not in text and "全会" not in text:
        return []
    out = []
    for match in _CONGRESS_RE.finditer(text):
        name = match.group(0)
        if name.endswith("中全会"):
            name = re.sub(r"^(?:党的|中共)", "", name)
        elif name.startswith("中共"):
            name = "党的" + name[2:]
        out.append(Candidate(match.start(), match.end(), name, EventType.MEETING))
    return out


# ------------------------------------------------------------------ unquoted


def _unquoted(text: str) -> list[Candidate]:
    out = []
    for match in _HEAD_RE.finditer(text):
        kind, bare_ok = _HEADS[match.group(0)]
        if not bare_ok or text[match.end() : match.end() + 1] in "“\"「":
            continue
        start = _left_edge(text, match.start(), match.group(0))
        if start is not None:
            out.append(Candidate(start, match.end(), normalize_name(text[start : match.end()]), kind))
    return out


def _left_edge(text: str, head_start: int, head: str) -> int | None:
    """Where the name ending at ``head_start`` begins, or None if it has no real name."""
    lo = max(0, head_start - _MAX_LEFT)
    truncated = lo > 0
    for cut in (*_PUNCT.finditer(text, lo, head_start), *_DATE_CUT.finditer(text, lo, head_start)):
        lo, truncated = max(lo, cut.end()), False
    if head_start - lo < 2:
        return None
    tokens = _tag(text[lo:head_start])[1 if truncated else 0 :]  # a word cut by the window is no word
    kept: list[tuple[str, str]] = []
    for word, pos in reversed(tokens):
        if _stops(word, pos):
            break
        kept.append((word, pos))
    while kept and len(kept[-1][0]) == 1 and kept[-1][1] not in _NOUN_POS:
        kept.pop()  # 打好X攻坚战: a lone character left of the name is the verb's tail
    words = [w for w, _ in kept]
    if not _has_content(words, _MIN_CONTENT.get(head, 2)):
        return None
    return head_start - sum(len(w) for w in words)


def _stops(word: str, pos: str) -> bool:
    """True when ``word`` cannot belong to an event name: it introduces or ends it."""
    if word in _GOVERNING or word in _STOP_WORDS or pos in _STOP_POS:
        return True
    if len(word) > 2 and word[-2:] in _GOVERNING and pos not in _NOUN_POS:  # 隆重召开
        return True
    if pos == "v" and word not in _NAME_VERBS:
        return True
    return pos in ("m", "q") and not _ORDINAL.match(word)


def _has_content(words: list[str], minimum: int) -> bool:
    content = [w for w in words if w not in _GENERIC and w not in _SCOPE and not _NUMERIC.match(w)]
    return sum(len(w) for w in content) >= minimum


@lru_cache(maxsize=8192)
def _tag(fragment: str) -> tuple[tuple[str, str], ...]:
    import rjieba  # deferred: the tagger loads its dictionary on first use

    return tuple(rjieba.tag(fragment))


# ------------------------------------------------------------------ lexicon


def _lexicon(text: str) -> list[Candidate]:
    lexicon, pattern = _load_lexicon()
    out = []
    for match in pattern.finditer(text):
        if _compound_before(text, match.start()):
            continue
        entry = lexicon[match.group(0)]
        out.append(Candidate(match.start(), match.end(), entry.canonical, entry.type, entry.date))
    return out


def _compound_before(text: str, start: int) -> bool:
    """True when a noun or adjective is glued before the match: 技能高考 is not 高考."""
    lo = max(0, start - 4)
    window = text[lo:start]
    if not window or not ("\u4e00" <= window[-1] <= "\u9fff"):
        return False
    tokens = _tag(window)
    word, pos = tokens[-1]
    return pos in ("n", "nz", "vn", "a", "an", "ng", "ag") and word not in _SCOPE


@lru_cache(maxsize=1)
def _load_lexicon() -> tuple[dict[str, _LexEntry], re.Pattern[str]]:
    """Read ``data/lexicons/events.tsv``.

    Raises:
        ModelError: the file is missing or a row is malformed.
    """
    path = data_path("lexicons", "events.tsv")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise errors.ModelError(f"cannot read event lexicon: {exc}", source=str(path)) from None
    entries: dict[str, _LexEntry] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#") or line.startswith("name\t"):
            continue
        cells = (line.split("\t") + ["", "", "", ""])[:5]
        name, kind, canonical, date = (c.strip() for c in cells[:4])
        try:
            entries[name] = _LexEntry(EventType(kind), canonical or name, date or None)
        except ValueError:
            raise errors.ModelError(f"unknown event type {kind!r}", source=str(path), line=number) from None
    alternation = "|".join(sorted(map(re.escape, entries), key=len, reverse=True))
    pattern = re.compile(rf"(?:{alternation})(?!办|站|局|委员会|领导小组|指挥部|工作站)")
    return entries, pattern

# ------------------------------------------------------------------ attribute cues
# Phrases that refer back to a named event: 此次评选, 会议, 会上.
_ANAPHOR = re.compile(
    r"(?P<det>此次|本次|这次|该|上述|本届|此项|这项)?(?P<word>评选|评比|会议|会上|大会|全会|活动|行动|仪式|典礼|比赛|考试|招生)"
)
_ANAPHOR_TYPE = {"会上": M, "仪式": A, "典礼": A}
HELD_AT = re.compile(
    r"(?:在|于)(?P<where>[^，,。！？!?；;：:\n]{1,30}?)(?:隆重|正式|顺利|胜利|盛大)?(?:召开|举行|举办|开幕|闭幕|开班)"
)
VISITS = re.compile(r"走进|来到|走入|深入到")
ORGANIZES = re.compile(r"(?:联合|共同)?(?:主办|承办|协办|组织|举办|发起)")
TAKES_PART = re.compile(r"出席|列席|参加|参与|主持|讲话|致辞|发言|作报告")
ROLE = {
    "出席": "attended", "列席": "attended", "参加": "participated", "参与": "participated",
    "主持": "chaired", "讲话": "spoke", "致辞": "spoke", "发言": "spoke", "作报告": "spoke",
}
# Where the subject of a clause ends: its first preposition, adverb or predicate.
SUBJECT_END = re.compile(r"在|于|并|还|也|均|都|分别|将|等|出席|列席|参加|参与|主持|讲话|致辞|发言|作报告|表示|指出")
CITED = re.compile(r"精神|以来|报告|确定的|提出的|作出的|部署的")


def find_anaphors(text: str, cands: list[Candidate]) -> list[tuple[int, int, EventType, bool]]:
    """Phrases referring back to an event: (start, end, event type, has 此次/该 …)."""
    out = []
    for match in _ANAPHOR.finditer(text):
        if not any(c.start < match.end() and match.start() < c.end for c in cands):
            word = match.group("word")
            kind = _ANAPHOR_TYPE.get(word) or head_type(word) or E
            out.append((match.start(), match.end(), kind, bool(match.group("det"))))
    return out


__all__ = ["Candidate", "find_anaphors", "find_candidates", "head_type", "normalize_name", "sentence_bounds"]
