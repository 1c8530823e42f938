"""Opening data files: encodings (UTF-8, UTF-8 with BOM, GB18030, UTF-16) and their errors."""

from __future__ import annotations

import codecs

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
        return "gb18030"


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
