"""Decoding: the strict chain (UTF-8, GB18030, UTF-16 with BOM) and what is refused."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from auditlint.readers import SUPPORTED_SUFFIXES, ReadError, read
from auditlint.readers.encoding import decode, normalise_newlines, split_lines

TEXT = "一、收入情况\n本年收入 2,345.60 万元，占 88.20%。\n"


def test_utf8_without_bom() -> None:
    d = decode(TEXT.encode("utf-8"))
    assert d.text == TEXT
    assert d.encoding == "utf-8"


def test_utf8_with_bom_drops_the_mark() -> None:
    d = decode(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    assert d.text == TEXT
    assert d.encoding == "utf-8-sig"


@pytest.mark.parametrize(("bom", "codec"), [
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
])
def test_utf16_with_bom(bom: bytes, codec: str) -> None:
    d = decode(bom + TEXT.encode(codec))
    assert d.text == TEXT
    assert d.encoding == codec


def test_gbk_bytes_are_read_as_gb18030() -> None:
    d = decode(TEXT.encode("gbk"))
    assert d.text == TEXT
    assert d.encoding == "gb18030"


def test_gb18030_only_characters() -> None:
    text = "单位：万元 𠀀\n"
    assert decode(text.encode("gb18030")).text == text


@pytest.mark.parametrize("data", [b"", codecs.BOM_UTF8])
def test_empty_file_is_refused(data: bytes) -> None:
    with pytest.raises(ReadError, match="empty"):
        decode(data)


def test_nul_bytes_mean_binary() -> None:
    with pytest.raises(ReadError, match="binary"):
        decode(b"PK\x03\x04\x00\x00 word/document.xml")


def test_control_characters_mean_binary() -> None:
    with pytest.raises(ReadError, match="binary"):
        decode(bytes(range(1, 9)) * 40)


def test_undecodable_bytes_are_refused_with_one_line() -> None:
    with pytest.raises(ReadError) as info:
        decode("收入".encode() + b"\xff\xfe\xfd\x80")
    assert "\n" not in str(info.value)
    assert "UTF-8" in str(info.value)


def test_bad_utf16_after_bom() -> None:
    with pytest.raises(ReadError, match="UTF-16"):
        decode(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone surrogate


def test_crlf_and_cr_become_lf_and_columns_stay() -> None:
    text = normalise_newlines("甲\t乙\r\n丙 1.5\r丁\n")
    assert split_lines(text) == ["甲\t乙", "丙 1.5", "丁"]


def test_split_lines_keeps_form_feed_in_its_line() -> None:
    assert split_lines("a\n\fb\n") == ["a", "\fb"]
    assert split_lines("a\n\n") == ["a", ""]
    assert split_lines("") == []


def test_read_records_encoding(tmp_path: Path) -> None:
    p = tmp_path / "报告.txt"
    p.write_bytes(TEXT.encode("gbk"))
    doc = read(p)
    assert doc.encoding == "gb18030"
    assert doc.format == "text"
    assert doc.lines == TEXT.splitlines()


def test_read_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="cannot read"):
        read(tmp_path / "none.txt")


def test_read_directory_and_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="directory"):
        read(tmp_path)
    p = tmp_path / "r.xls"
    p.write_text("x")
    with pytest.raises(ReadError, match="unknown file type"):
        read(p)


def test_supported_suffixes() -> None:
    assert {".txt", ".text", ".md", ".markdown", ".docx", ".pdf"} <= set(SUPPORTED_SUFFIXES)


def test_text_suffix_is_case_insensitive(tmp_path: Path) -> None:
    p = tmp_path / "R.TXT"
    p.write_text(TEXT, encoding="utf-8")
    assert read(p).paragraphs
