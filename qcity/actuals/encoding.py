"""Opening data files: encodings (UTF-8, UTF-8 with BOM, GB18030, UTF-16) and their errors."""

from __future__ import annotations

import codecs
import functools

SNIFF = 1 << 16  # bytes looked at to guess the encoding and spot binary files


def detect_encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM) when the bytes allow it, else GB18030.

    GB18030 is a superset of GBK and GB2312, which is what Excel in China
    writes; any byte string that is not UTF-8 is tried as GB18030.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # Excel's "Unicode 文本": UTF-16 with a BOM, tab-separated
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "utf-8" if _mostly_utf8(head) else "gb18030"


def _mostly_utf8(head: bytes) -> bool:
    """Whether more lines are Chinese in UTF-8 than are not UTF-8: a UTF-8 file with a
    line pasted in GBK is read as UTF-8 and stops at that line (a GBK file decodes as
    UTF-8 by chance only in short runs, never a line of CJK characters)."""
    utf8 = other = 0
    for line in head.split(b"\n")[:-1] or [head]:
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            other += 1
            continue
        utf8 += sum(ch >= "\u0800" for ch in text) >= 2
    return utf8 > other


def bad_byte_line(path: str, encoding: str) -> int:
    """The line of the first byte that does not decode (the text layer reads ahead)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return line + chunk[: exc.start].count(b"\n")
            line += chunk.count(b"\n")
    return line


def wide_encoding(encoding: str) -> bool:
    """UTF-16 or UTF-32: NUL bytes are part of plain text, not a sign of a binary file."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith(("utf-16", "utf-32"))


@functools.lru_cache(maxsize=None)
def _legacy(encoding: str) -> bool:
    """GB18030, GBK, Big5 …: an encoding that is not one of the Unicode ones."""
    try:
        return not codecs.lookup(encoding).name.startswith(("utf-8", "utf-16", "utf-32"))
    except LookupError:
        return False


def _cjk(ch: str) -> bool:
    return ch.isascii() or "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" \
        or "\uff00" <= ch <= "\uffef"


def utf8_reading(text: str, encoding: str):
    """The UTF-8 text that ``text`` really is, when a file read as GB18030 (or another
    legacy encoding) holds a line saved as UTF-8 whose bytes happen to decode: "杭州"
    read as GB18030 is "鏉窞", a new city nobody sees is wrong.  None when it is not
    that: its bytes are not UTF-8, or their UTF-8 reading is not Chinese text (GB18030
    text whose bytes also form UTF-8 gives Latin, Greek, Cyrillic… characters)."""
    if text.isascii() or not _legacy(encoding):
        return None
    try:
        reading = text.encode(encoding).decode("utf-8")
    except (UnicodeError, LookupError):
        return None
    if reading == text or not all(map(_cjk, reading)):
        return None
    return reading
