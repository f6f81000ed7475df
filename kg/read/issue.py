"""A text file of several pages (a whole issue's export): cut at its pages' labels.

E-paper exports often put an issue, or several of its pages, in one text file, each page
opening with its label alone on a line (第01版：要闻, A05 城事, 第3版), the issue line often
printed again above it. :func:`split_pages` cuts such a text into its pages, conservatively:
a text is several pages only when

- it opens with a label (nothing but furniture above it: masthead, issue line, a contents list),
- and at least one more label of the same form (第N版 / N版, a letter and digits, bare
  digits) and a later page (A08 → B01, 03 → 04) follows, each label followed by a
  story's text (a sentence's end, or a line of :data:`BODY_CHARS` characters at least:
  not only a title).

A label printed again (a column's header, a footer), one of an earlier page, or one of
another form (a feature's numbered subheads: 01 老街新生 on page A05) is text of the page it
is in. A label that heads no story starts no page: a contents list (第01版 第02版 ... one
per line), a front page's guide (第02版：民生, then a title). Anything else is one page, as
a page export always was.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kg.lang.chars import HAN_RANGES
from kg.read.furniture import FURNITURE, page_label

# A line at least this long, or one ending a sentence (an export may break lines short), is a
# story's text, not a title a guide lists under a label.
BODY_CHARS = 20
_SENTENCE_ENDS = ("。", "。”", "。」")


# A label that names its page's section after its number (第01版：要闻, A05 城事, 第3版 健康专版).
_NAMED = re.compile(rf"[0-9０-９](?:[ \u3000]*版)?[ \u3000：:·|｜丨]+[{HAN_RANGES}]")
# A section's first page numbers: a later letter's label opens its section (B01, C1).
_SECTION_START = 2
_SECTIONS = "ABCDＡＢＣＤ"  # the sections of a paper's pages, as LABEL_ALONE reads them


@dataclass(frozen=True)
class PrintedPage:
    """One page of a text of several: the number its label prints (01, A05, 3) and its text."""

    page: str
    text: str


@dataclass(frozen=True)
class _Label:
    line: int  # its line's index in the text
    page: str
    form: str  # "letter", "ban" (第N版, N版) or "bare" (05 城事)
    order: tuple[str, int]  # A08 before B01, 03 before 04
    named: bool  # the page's section printed with it (第01版：要闻)


def split_pages(text: str) -> list[PrintedPage]:
    """The pages a text of several holds, in order; ``[]`` when it is one page (see the module).

    The first page holds everything above its label (the file's masthead); each later one
    starts with the furniture printed right above its label (its issue line).
    """
    lines = text.split("\n")
    kinds = [_kind(line) for line in lines]
    starts = _page_starts(lines, kinds)
    if len(starts) < 2:
        return []
    cuts = [0] + [_head_of(kinds, start.line) for start in starts[1:]] + [len(lines)]
    return [
        PrintedPage(start.page, "\n".join(lines[cuts[i] : cuts[i + 1]])) for i, start in enumerate(starts)
    ]


def _kind(line: str) -> str:
    """A line's part in the cut: "blank", "label", "furniture" (other than a label), "body" or "text"."""
    stripped = unicodedata.normalize("NFKC", line).strip()
    if not stripped:
        return "blank"
    if page_label(stripped) is not None:
        return "label"
    if FURNITURE.fullmatch(stripped):
        return "furniture"
    return "body" if len(stripped) >= BODY_CHARS or stripped.endswith(_SENTENCE_ENDS) else "text"


def _page_starts(lines: list[str], kinds: list[str]) -> list[_Label]:
    """The labels that open a page: the text's opening one, then each later page's of its form."""
    labels = [_label(i, lines[i]) for i, kind in enumerate(kinds) if kind == "label" and _heads_text(kinds, i)]
    if not labels or {"text", "body"} & set(kinds[: labels[0].line]):
        return []  # no label opens the text: whatever labels follow are not its pages'
    # Named labels after a bare first one are pages, unless the bare labels go on (a guide's 第02版：民生
    # on a front page whose pages print 第02版): the reading that reaches more pages wins.
    return max((_ascending(labels, loose) for loose in (False, True)), key=len)


def _ascending(labels: list[_Label], loose: bool) -> list[_Label]:
    """The labels that open pages, in order: each a later page's of the opening one's form."""
    starts = [labels[0]]
    for label in labels[1:]:
        if _next_page(starts[0], starts[-1], label, loose=loose):
            starts.append(label)
    return starts


def _next_page(first: _Label, last: _Label, label: _Label, *, loose: bool) -> bool:
    """A later page's label: the opening one's form, a higher number, and
    - its shape: named (第01版：要闻) after named, bare after bare (``loose``: named after bare too);
    - for letters, the same section further on, or a later section (A–D) from its start, printed as
      wide as the first (A08 → B01, A02 → C01; G20 峰会 and a subhead G1 are no pages)."""
    shape = label.named == first.named or loose and label.named
    if label.form != first.form or not shape or label.order <= last.order:
        return False
    if label.form != "letter" or label.order[0] == last.order[0]:
        return True
    width = len(label.page) == len(first.page)
    return label.order[0] in _SECTIONS and width and label.order[1] <= _SECTION_START


def _heads_text(kinds: list[str], index: int) -> bool:
    """Whether a story's text follows a label before the next label."""
    for after in range(index + 1, len(kinds)):  # not a slice: a text of many labels stays linear
        kind = kinds[after]
        if kind == "label":
            return False
        if kind == "body":
            return True
    return False


def _label(index: int, line: str) -> _Label:
    page = page_label(line) or ""
    printed = unicodedata.normalize("NFKC", line).strip()
    if page[:1].isalpha():
        form = "letter"
    elif printed.startswith("第") or "版" in printed:
        form = "ban"
    else:
        form = "bare"
    letter = page[:1] if page[:1].isalpha() else ""
    named = _NAMED.search(printed) is not None
    return _Label(index, page, form, (letter, int(page[len(letter) :])), named)


def _head_of(kinds: list[str], label: int) -> int:
    """Where the page whose label is on line ``label`` starts: at the furniture right above it."""
    start = label
    while start > 0 and kinds[start - 1] in ("blank", "furniture"):
        start -= 1
    while start < label and kinds[start] == "blank":
        start += 1  # blank lines between two pages stay with the one above
    return start


__all__ = ["BODY_CHARS", "PrintedPage", "split_pages"]
