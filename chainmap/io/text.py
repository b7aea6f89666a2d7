"""Decoding of every text file a planner hands chainmap (CSV tables, city data, YAML).

Files saved by Chinese Excel or WPS are GBK/GB18030, "Unicode text" exports are UTF-16, and
anything else is UTF-8 with or without a byte-order mark. :func:`read_text` tries them in a
fixed order, so the same bytes always give the same text:

1. a byte-order mark decides (UTF-8, UTF-16 LE/BE);
2. UTF-16 without a mark, recognised by its NUL bytes in every other position;
3. strict UTF-8;
4. strict GB18030 (a superset of GBK and GB2312);
5. charset-normalizer's best guess among a few other encodings (Big5, UTF-16).

Text holding NUL or other control characters is binary, not text. A file that decodes under
no candidate is one :class:`~chainmap.errors.InputDataError` naming it and saying how to
re-save it as UTF-8.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

from chainmap.errors import InputDataError, Issue

RESAVE_HINT = (
    "re-save it as UTF-8 (Excel: File > Save As > 'CSV UTF-8 (Comma delimited)'; "
    "a text editor: encoding UTF-8)"
)
#: Control characters other than tab, line feed, form feed and carriage return, and the
#: replacement character: any of them means the bytes are not text in that encoding. One
#: regular-expression scan (C speed): a per-character Python test cost about 1 s on a
#: 1000-sector table.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")
_FALLBACK = ("big5", "utf_16_le", "utf_16_be")


def _is_text(text: str) -> bool:
    r"""Whether ``text`` holds no control character (but tab, newlines, form feed) or U+FFFD.

    >>> _is_text("a,b\tc\r\n\x0c"), _is_text("a\x00b"), _is_text("a\x1fb"), _is_text("\ufffd")
    (True, False, False, False)
    """
    return _NOT_TEXT.search(text) is None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if _is_text(text) else None


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    half = len(data) // 2
    if odd.count(0) > 0.3 * half and even.count(0) < 0.05 * half:
        return _strict(data, "utf-16-le")
    if even.count(0) > 0.3 * half and odd.count(0) < 0.05 * half:
        return _strict(data, "utf-16-be")
    return None


def decode_bytes(data: bytes, source: str = "") -> tuple[str, str]:
    """``(text, encoding)`` of ``data``; see the module docstring for the order.

    Raises
    ------
    InputDataError
        No candidate encoding gives text (binary data, a mixed or unknown encoding).

    Examples
    --------
    >>> decode_bytes("代码,名称".encode("gbk"))
    ('代码,名称', 'gb18030')
    >>> decode_bytes(codecs.BOM_UTF8 + "a,b".encode())
    ('a,b', 'utf-8-sig')
    >>> decode_bytes("a,b".encode("utf-16"))[0]
    'a,b'
    """
    if data.startswith(codecs.BOM_UTF8):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    else:
        text = _utf16_without_bom(data)
        if text is not None:
            return text, "utf-16"
        candidates = ("utf-8", "gb18030")
    for encoding in candidates:
        text = _strict(data, encoding)
        if text is not None:
            return text, encoding
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=list(_FALLBACK)).best()
        if best is not None:
            text = _strict(data, best.encoding)
            if text is not None:
                return text, best.encoding
    msg = f"cannot read the file as text (tried UTF-8, GBK/GB18030, UTF-16); {RESAVE_HINT}"
    raise InputDataError([Issue(msg, source)], source)


def read_text(path: str | Path) -> str:
    """The text of ``path``, decoded as :func:`decode_bytes` does, newlines kept as they are.

    Raises
    ------
    InputDataError
        The file cannot be read or decoded (names the file and how to re-save it).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        msg = f"cannot read the file: {err.strerror or err}"
        raise InputDataError([Issue(msg, str(path))], str(path)) from None
    return decode_bytes(data, str(path))[0]


def read_csv_text(path: str | Path) -> list[list[str]]:
    """Every row of a CSV file as strings, decoded by :func:`read_text`.

    Raises
    ------
    InputDataError
        Undecodable, or not parseable as CSV (names the file and line).
    """
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return list(reader)
    except csv.Error as err:
        msg = f"not a readable CSV file: {err}"
        raise InputDataError([Issue(msg, str(path), row=f"line {reader.line_num}")]) from None
