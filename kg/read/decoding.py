"""Decoding: the bytes of a page export, and the values of its metadata, into clean text.

Newspaper exports come as UTF-8 (with or without a BOM) or GB18030/GBK; some are UTF-8
with a few damaged bytes; some come from Taiwan or Hong Kong in Big5, or from Windows
tools as UTF-16 without a BOM; some files named ``.txt`` are not text at all.

Any byte string decodes as *something* in GB18030, so a decoding that succeeds is not
yet a right one: Big5 read as GB18030 gives kana, box-drawing signs and rare characters
(mojibake). Each legacy decoding is scored by how plausible its text is (the share of
its characters that are frequent Han characters, ASCII or CJK punctuation); the most
plausible is kept, and a text implausible in every encoding is refused (KG102) with the
encoding that came closest named, never stored garbled.
"""

from __future__ import annotations

import functools
import re

from kg import errors
from kg.lang.chars import HAN_COMPATIBILITY, HAN_RANGES
from kg.model import InputProblem

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
# A JSON string may escape half a surrogate pair (\ud800); such text cannot be
# encoded as UTF-8, so it would fail later, in the middle of a build.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
BINARY_PROBE = 65536  # bytes looked at to tell text from binary
# Bytes that plain text does not hold (C0 controls other than tab, LF, FF, CR). A few
# of them, a stray NUL included, are damage inside a text; many make a binary file.
_NON_TEXT = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_TEXT_BYTES = bytes(b for b in range(256) if b not in _NON_TEXT)
# Encodings tried when the bytes are not UTF-8, in order of preference on a tie.
_LEGACY = ("gb18030", "cp950")  # cp950: Big5 as Windows writes it
_NAMES = {"gb18030": "GB18030/GBK", "cp950": "Big5"}
PLAUSIBLE = 0.85  # least share of frequent characters among the Chinese ones of a decoded text
_SCORED = 20_000  # characters scored: enough to judge, cheap for an 8 MiB page
_MIN_EVIDENCE = 20  # characters to judge by, at least
_HAN = re.compile(f"[{HAN_RANGES}{HAN_COMPATIBILITY}]")
# What wrong decodings are made of besides rare Han characters: controls, C1 controls,
# Greek and Cyrillic, Hangul jamo, box drawing, kana, bopomofo, Hangul, private use, U+FFFD.
_GARBLE = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u0370-\u04ff\u1100-\u11ff\u2500-\u257f\u3040-\u30ff"
    "\u3100-\u318f\uac00-\ud7af\ue000-\uf8ff\ufffd]"
)
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


def clean_text(text: str) -> str:
    """Normalize line ends, drop control characters other than tab and newline, and
    replace lone surrogates (from JSON escapes) by U+FFFD."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


def decode_bytes(data: bytes, *, source: str) -> tuple[str, InputProblem | None]:
    """Decode a page export: UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030/GBK.

    A file that is UTF-8 except for a few bad bytes is decoded with replacement
    characters, and the first bad line is reported as a warning.

    Returns:
        The text and an optional warning.

    Raises:
        EmptyInputError, BinaryInputError, EncodingError.
    """
    if not data.strip():
        raise errors.EmptyInputError("file is empty", source=source)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Windows tools export UTF-16 with a BOM
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            pass
    binary = looks_binary(data)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        if not binary:
            return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # UTF-16 without a BOM looks binary byte by byte (NULs in its ASCII, control bytes in
    # its Han characters): tried before the file is called binary.
    if (utf16 := _utf16_without_bom(data)) is not None:
        return utf16, None
    if binary:
        raise errors.BinaryInputError("file looks binary, not text", source=source)
    if _mostly_utf8(data):
        line = data.count(b"\n", 0, utf8_error.start) + 1
        warning = InputProblem(
            source,
            errors.EncodingError.code,
            "invalid UTF-8 bytes replaced by U+FFFD",
            line=line,
        )
        return data.decode("utf-8", errors="replace"), warning
    return _legacy(data, source=source, line=data.count(b"\n", 0, utf8_error.start) + 1), None


def _legacy(data: bytes, *, source: str, line: int) -> str:
    """The more plausible of the legacy decodings of ``data``: GB18030 or Big5.

    Raises:
        EncodingError: no encoding decodes it, or none gives plausible text.
    """
    decoded = {}
    for encoding in _LEGACY:
        try:
            decoded[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if not decoded:
        raise errors.EncodingError("text is neither UTF-8, UTF-16, GB18030/GBK nor Big5", source=source, line=line)
    scores = {encoding: plausibility(text) for encoding, text in decoded.items()}
    if "gb18030" in decoded and scores["gb18030"] is None:
        return decoded["gb18030"]  # too few Chinese characters to judge by: read as before
    best = max(decoded, key=lambda encoding: scores[encoding] or 0.0)  # a tie keeps the first: GB18030
    score = scores[best] or 0.0
    if score < PLAUSIBLE:
        raise errors.EncodingError(
            f"text is not UTF-8 and reads as garbled text in every encoding tried; most likely "
            f"{_NAMES[best]}, but only {score:.0%} of its Chinese characters are common ones",
            source=source, line=line,
        )
    return decoded[best]


def _utf16_without_bom(data: bytes) -> str | None:
    """The text of ``data`` read as UTF-16 without a BOM, if that gives plausible text, else None.

    Chinese text must be plausible (:func:`plausibility`) and hold no control characters;
    text with too few Chinese characters to judge by must also have its NULs (the high
    bytes of its ASCII) on the side its byte order puts them.
    """
    if len(data) % 2:
        return None
    head = data[:BINARY_PROBE]
    nul_side = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
    found: list[tuple[float, str]] = []
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL_CHARS.search(text[:_SCORED]):
            continue
        score = plausibility(text)
        if score is None and encoding == nul_side and b"\x00" in head:
            return text
        if score is not None and score >= PLAUSIBLE:
            found.append((score, text))
    return max(found)[1] if found else None


def plausibility(text: str) -> float | None:
    """How much the (first 20,000) characters of ``text`` look like Chinese, from 0 to 1.

    The share of frequent Han characters (:func:`frequent_han`) among the characters a
    wrong decoding gives: Han characters, kana, Hangul, Greek and Cyrillic letters, box
    drawing, private-use code points, U+FFFD and controls. ASCII, punctuation and
    symbols count for neither side. None when fewer than 20 such characters are there
    to judge by.
    """
    sample = text[:_SCORED]
    judged = len(_HAN.findall(sample)) + len(_GARBLE.findall(sample))
    if judged < _MIN_EVIDENCE:
        return None
    frequent = len(sample) - len(sample.translate(_frequent_table()))
    return frequent / judged


@functools.cache
def frequent_han() -> frozenset[str]:
    """The frequent Han characters: level 1 of GB 2312 and Big5's 常用字.

    GB 2312 level 1 (rows 16–55: 3,755 characters) and Big5's frequently used characters
    (A440–C67E: 5,401) were chosen by frequency of use when the standards were made; they
    cover nearly all running text in simplified and traditional Chinese. They are read
    from Python's own codec tables, so no list of them is shipped.
    """
    gb = bytes(b for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF) for b in (hi, lo))
    chars = set(gb.decode("gb2312", errors="ignore"))
    for hi in range(0xA4, 0xC7):
        for lo in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            if (hi, lo) <= (0xC6, 0x7E):
                chars.update(bytes((hi, lo)).decode("big5", errors="ignore"))
    return frozenset(chars)


@functools.cache
def _frequent_table() -> dict[int, None]:
    """A ``str.translate`` table that deletes the frequent Han characters."""
    return dict.fromkeys(map(ord, frequent_han()))


# Fields of a sidecar or a JSON Lines record: text, or for the page also a whole number (2).
_NUMBERS_TOO = {"page", "id"}


def text_fields(
    data: dict, names: tuple[str, ...], *, source: str, line: int | None = None
) -> tuple[dict[str, str | None], list[InputProblem]]:
    """The named fields of a JSON object as text; one of another type is reported (KG105) and left out.

    A list as the paper or an object as the page must not reach article IRIs as printed
    Python values. A field left out, or null, is None; absent fields stay absent.
    """
    fields: dict[str, str | None] = {}
    problems = []
    for name in names:
        if name not in data:
            continue
        value = data[name]
        whole = isinstance(value, int) and not isinstance(value, bool)
        if value is None or isinstance(value, str) or name in _NUMBERS_TOO and whole:
            fields[name] = None if value is None else clean_text(str(value))
            continue
        fields[name] = None
        problems.append(InputProblem(
            source, errors.MetadataError.code, f"field {name!r} holds {_json_kind(value)}, not text: left out", line
        ))
    return fields, problems


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    return "a list" if isinstance(value, list) else "an object"


def looks_binary(data: bytes) -> bool:
    """True when the start of ``data`` holds many control bytes (NUL included): not text."""
    head = data[:BINARY_PROBE]
    controls = len(head.translate(None, _TEXT_BYTES))  # counted in C, not byte by byte
    return controls > max(8, len(head) * 0.05)


def _mostly_utf8(data: bytes) -> bool:
    """True when almost every non-ASCII byte belongs to a valid UTF-8 sequence."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return non_ascii > 0 and bad <= max(2, non_ascii // 100)
