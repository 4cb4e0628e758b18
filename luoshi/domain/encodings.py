"""Decoding the text files Chinese offices produce: UTF-8 with or without BOM, UTF-16 with a
BOM, else GB18030 (a superset of GBK and GB2312)."""

import codecs


def decode_chinese_text(data: bytes) -> str:
    """The text of `data`; raises UnicodeDecodeError when no encoding above fits."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")
