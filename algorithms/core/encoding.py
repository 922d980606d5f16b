"""Text decoded with the wrong code page: recognising it, and what it was written to say.

A shapefile written in GBK without a ``.cpg`` and without a code page in its DBF header is decoded by QGIS
with whatever encoding the layer is set to. With UTF-8 (the default) each Chinese character turns into
replacement characters (U+FFFD) and the bytes are lost; with Latin-1 or the Windows code page it turns into
mojibake, valid Unicode made of characters up to U+00FF ('ÓÀ¾Ã»ù±¾Å©Ìï' for 永久基本农田), whose bytes can be
decoded again. A UTF-8 file read as Latin-1 gives the same kind of mojibake ('æ°¸ä¹…').

Text that is simply in Latin-1 ('Café', 'Müller Straße') is not taken for mojibake: mojibake needs two
characters of U+0080–U+00FF side by side (a Chinese character is two such bytes in GBK, two to four in UTF-8),
and its bytes must decode into valid UTF-8 or into GBK holding Chinese characters.
"""
import re
from dataclasses import dataclass

REPLACEMENT_CHARACTER = "\ufffd"
_CHINESE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TWO_HIGH_BYTES = re.compile(rb"[\x80-\xff]{2}")


@dataclass(frozen=True)
class Misread:
    """A garbled text: as read, the encoding it was written in and what it says there.

    ``encoding`` is "GBK" or "UTF-8"; "" when the bytes were lost in decoding (replacement characters), so
    the encoding cannot be told and ``meant`` is "".
    """

    text: str
    encoding: str
    meant: str


def misread(text):
    """The ``Misread`` of ``text`` when it is text decoded with the wrong code page, else None."""
    if not isinstance(text, str) or text.isascii():
        return None
    if REPLACEMENT_CHARACTER in text:
        return Misread(text, "", "")
    for single_byte in ("latin-1", "cp1252"):  # what QGIS's Latin-1 and Windows code page give
        try:
            raw = text.encode(single_byte)
        except UnicodeEncodeError:
            continue
        if not _TWO_HIGH_BYTES.search(raw):
            return None
        for encoding in ("utf-8", "gbk"):
            try:
                meant = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            if encoding == "utf-8" or _CHINESE.search(meant):
                return Misread(text, encoding.upper(), meant)
        return None
    return None


def first_misread(values):
    """The ``Misread`` of the first garbled text among ``values`` (other values are skipped), else None."""
    for value in values:
        found = misread(value)
        if found is not None:
            return found
    return None
