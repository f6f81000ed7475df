"""Issue 20, input half: every input problem is reported with its code and file, never a traceback.

Each test failed on the code before the fix: a symlink loop raised RuntimeError, Big5 and
UTF-16 without a BOM became mojibake or "binary", fields of the wrong type reached the
metadata as printed Python values, and a JSON Lines record with a bad date was dropped.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kg import errors
from kg.model import InputProblem, Page
from kg.read.decoding import decode_bytes, plausibility
from kg.read.ingest import iter_input_files, read_pages

PAGE = "春运首日客流平稳\n\n本报讯(记者张三)1月7日,全市道路运输安全运送旅客5万人次,市长李四到车站检查工作。\n"
# Traditional Chinese, as a Taiwan or Hong Kong paper prints it (Big5 encodes no simplified forms).
TRADITIONAL = (
    "臺北市政府今日宣佈，將於明年三月舉辦國際書展，邀請各國出版業者參加。市長表示，這項活動對於推動"
    "閱讀風氣具有重要意義，希望市民踴躍參與。記者王大明報導，今年書展共有四百家廠商報名，展期為六天。\n"
)


def _read(*paths: Path, **options) -> tuple[list[Page], list[InputProblem]]:
    items = list(read_pages(paths, **options))
    return [i for i in items if isinstance(i, Page)], [i for i in items if isinstance(i, InputProblem)]


# ------------------------------------------------------------------ symbolic link loops


def test_a_symlink_loop_is_reported_and_the_rest_is_read(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(PAGE, encoding="utf-8")
    os.symlink("self.txt", tmp_path / "self.txt")  # a link to itself
    os.symlink("b.txt", tmp_path / "a.txt")  # two links to each other
    os.symlink("a.txt", tmp_path / "b.txt")
    (tmp_path / "sub").mkdir()
    os.symlink("..", tmp_path / "sub" / "up")  # a folder loop: not followed
    pages, problems = _read(tmp_path, tmp_path / "self.txt")
    assert [Path(p.meta.source).name for p in pages] == ["good.txt"]
    assert sorted((Path(p.source).name, p.code) for p in problems) == [
        ("a.txt", errors.UnreadableInputError.code),
        ("b.txt", errors.UnreadableInputError.code),
        ("self.txt", errors.UnreadableInputError.code),  # named twice, reported once
    ]
    assert [p.name for p, _ in iter_input_files([tmp_path])] == ["good.txt"]  # what `kg build` counts


# ------------------------------------------------------------------ encodings


def test_a_big5_page_is_decoded_not_stored_as_mojibake() -> None:
    data = TRADITIONAL.encode("big5")
    assert data.decode("gb18030")  # it decodes as GB18030 too, to garbage: the old reading
    text, warning = decode_bytes(data, source="big5.txt")
    assert text == TRADITIONAL and warning is None


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("page", [PAGE, TRADITIONAL, "Plain ASCII page\nwith two lines.\n"])
def test_utf16_without_a_bom_is_decoded(encoding: str, page: str) -> None:
    text, warning = decode_bytes(page.encode(encoding), source="utf16.txt")
    assert text == page and warning is None


def test_gb18030_pages_still_read_as_before() -> None:
    for encoding in ("gb18030", "gbk"):
        assert decode_bytes(PAGE.encode(encoding), source="gb.txt") == (PAGE, None)


def test_text_garbled_in_every_encoding_is_refused_with_kg102(tmp_path: Path) -> None:
    # Big5 with one GBK-only character: Big5 no longer decodes it, GB18030 only as mojibake.
    data = TRADITIONAL.encode("big5") + "丂".encode("gbk")
    with pytest.raises(errors.EncodingError):
        decode_bytes(data, source="garbled.txt")
    (tmp_path / "garbled.txt").write_bytes(data)
    (tmp_path / "good.txt").write_text(PAGE, encoding="utf-8")
    pages, problems = _read(tmp_path)
    assert [Path(p.meta.source).name for p in pages] == ["good.txt"]
    assert [(Path(p.source).name, p.code) for p in problems] == [("garbled.txt", errors.EncodingError.code)]


def test_plausibility_tells_text_from_mojibake() -> None:
    assert plausibility(TRADITIONAL) > 0.95 and plausibility(PAGE) > 0.95
    assert plausibility(TRADITIONAL.encode("big5").decode("gb18030")) < 0.6
    assert plausibility("short") is None  # too little to judge by


# ------------------------------------------------------------------ fields of the wrong type


def test_sidecar_fields_of_the_wrong_type_are_reported_and_left_out(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text(PAGE, encoding="utf-8")
    side = {"paper": ["甲报", "乙报"], "page": {"n": 2}, "date": "2023-01-09", "url": 3}
    (tmp_path / "p.json").write_text(json.dumps(side, ensure_ascii=False), encoding="utf-8")
    (page,), problems = _read(tmp_path / "p.txt", paper="默认报")
    assert [p.code for p in problems] == [errors.MetadataError.code] * 3
    assert [next(f for f in ("paper", "page", "url") if f in p.message) for p in problems] == ["paper", "page", "url"]
    meta = page.meta
    assert (meta.paper, meta.page, meta.url, meta.date, meta.page_id) == ("默认报", None, None, "2023-01-09", "p")


def test_jsonl_fields_of_the_wrong_type_are_reported_and_left_out(tmp_path: Path) -> None:
    records = [
        {"headline": "甲", "text": "正文一。", "paper": ["甲报"], "page": {"n": 1}},
        {"headline": "乙", "text": 12345},  # a number is no text, but not "missing" either
        {"headline": "丙", "text": "正文三。", "page": 3, "byline": ["记者 张三"]},
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    pages, problems = _read(path, paper="默认报")
    assert [(p.headline, p.meta.paper, p.meta.page, p.byline) for p in pages] == [
        ("甲", "默认报", None, None), ("丙", "默认报", "3", None),
    ]
    assert [(p.line, p.code) for p in problems] == [
        (1, errors.MetadataError.code), (1, errors.MetadataError.code),
        (2, errors.MetadataError.code), (3, errors.MetadataError.code),
    ]
    assert ["paper" in problems[0].message, "page" in problems[1].message, "text" in problems[2].message,
            "byline" in problems[3].message] == [True] * 4


def test_a_jsonl_record_with_a_bad_date_is_built_without_it(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    lines = [{"headline": "甲", "text": "正文。", "date": "2023-02-30"}, {"headline": "乙", "text": "正文。", "date": 7}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n", encoding="utf-8")
    pages, problems = _read(path, date="2023-01-01")
    # Built, undated: not given the --date of records that name none.
    assert [(p.headline, p.meta.date) for p in pages] == [("甲", None), ("乙", None)]
    assert [(p.line, p.code) for p in problems] == [(1, errors.MetadataError.code), (2, errors.MetadataError.code)]
