"""Character classes of Chinese text, defined once: Han characters and sentence punctuation.

The ranges are written as ``\\u`` escapes for use inside a regular expression's
character class (``re`` reads the escapes): ``re.compile(f"[{HAN_RANGES}]{{2,4}}")``.
"""

from __future__ import annotations

import re

# Han characters: the CJK Unified Ideographs (U+4E00–U+9FFF), extension A (U+3400–U+4DBF)
# and the supplementary-plane extensions B to G (U+20000–U+3134F). Names use rare
# characters of the extensions (㛃, 𠮷), so the basic block alone misses them. The CRF's
# character-type feature ("H") is this class: changing it means retraining the model.
HAN_RANGES = r"\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f"
HAN = re.compile(f"[{HAN_RANGES}]")
# CJK compatibility ideographs: duplicates of unified ones that legacy encodings (Big5) map to.
HAN_COMPATIBILITY = r"\uf900-\ufaff"

# Ends of a sentence proper (full stop, exclamation and question marks, full and half
# width). Without the semicolon: where a semicolon splits too, use SENTENCE_ENDS.
FULL_STOPS = "。！？!?"
# Where a sentence, or one clause of a list of clauses, ends: full stops and semicolons.
SENTENCE_ENDS = FULL_STOPS + "；;"
# Where a clause ends: a sentence's ends, commas and colons.
PAUSES = "，,：:"  # commas and colons: a clause ends, the sentence goes on
CLAUSE_ENDS = SENTENCE_ENDS + PAUSES
# Quotation marks, opening → closing (“……”, 「……」, 『……』).
QUOTE_MARKS = {"“": "”", "「": "」", "『": "』"}


def is_han(ch: str) -> bool:
    """True when the character ``ch`` is a Han character (see :data:`HAN_RANGES`)."""
    return HAN.match(ch) is not None


# Chinese numerals: the digits one to nine, and with ten, as ordinals, counts and dates write
# them (第三届, 十二家, 二十一日); the zeros of a year written digit by digit (二〇二三年).
CN_DIGITS = "一二三四五六七八九"
CN_NUMERALS = CN_DIGITS + "十"
CN_ZEROS = "〇零"
# Digits of a printed date (1月8日, １月８日, 十二月三十一日): ASCII, full-width and Chinese.
DATE_DIGITS = "0-9０-９" + CN_ZEROS + CN_NUMERALS
# Bullets and marks printed before a byline or a caption (□ 记者 X, ▲ 图为 …).
BULLETS = "□■●◎◆◇★☆▲△○◯◉▪▫※→▶►◥◤"
# Brackets around a byline or an aside, opening and closing in the same order.
OPENING_BRACKETS = "(（〔[【"
CLOSING_BRACKETS = ")）〕]】"
# What joins the names of several outlets in one credit: 某某晚报、某某网讯, 某某网-某某日报讯,
# 某某日报/某某网记者, 某某报·某某网记者 (written for a regular expression's character class).
OUTLET_JOINERS = "、/／\\-－·•"
# Vertical bars that new media print between a credit's role and its names (文丨记者 X, 图 | Y):
# ASCII, full width, and the CJK stroke 丨 that looks like one.
VERTICAL_BARS = "|｜丨"
# What joins the items of a list of names: 张三、李四, 张三和李四, 张三与李四, 张三及李四.
LIST_JOINS = "、和与及"
# Prefixes of a familiar form of address before a surname: 老王, 小李.
FAMILIAR_PREFIXES = "老小"
# The levels of China's divisions a name's one-character suffix gives (某某省, 某某县 … 某某镇).
DIVISION_LEVELS = "省市县区乡镇"
