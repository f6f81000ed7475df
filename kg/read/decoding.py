"""Decoding: the bytes of a page export into clean text, whatever its encoding.

Newspaper exports come as UTF-8 (with or without a BOM) or GB18030/GBK; some are UTF-8
with a few damaged bytes; some files named ``.txt`` are not text at all.
"""

from __future__ import annotations

import re

from kg import errors
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
    if looks_binary(data):
        raise errors.BinaryInputError("file looks binary, not text", source=source)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _mostly_utf8(data):
        line = data.count(b"\n", 0, utf8_error.start) + 1
        warning = InputProblem(
            source,
            errors.EncodingError.code,
            "invalid UTF-8 bytes replaced by U+FFFD",
            line=line,
        )
        return data.decode("utf-8", errors="replace"), warning
    try:
        return data.decode("gb18030"), None
    except UnicodeDecodeError:
        pass
    line = data.count(b"\n", 0, utf8_error.start) + 1
    raise errors.EncodingError(
        "text is neither UTF-8 nor GB18030/GBK", source=source, line=line
    )


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
