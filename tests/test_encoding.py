"""Encodings: GB18030/UTF-16 copies of the seed, short ambiguous texts, rare characters, junk."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from goldcheck import differences

import policytext
from policytext.cli import main
from policytext.errors import EncodingError, InputError
from policytext.read.plain import decode


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-16-le", "utf-16-be",
                                      "utf-8-sig"])
def test_seed_copy_parses_to_gold(encoding, seed_path, gold, tmp_path):
    text = seed_path.read_text(encoding="utf-8")
    path = tmp_path / f"seed-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    doc = policytext.read(path)
    assert differences(doc.to_dict(), gold) == []
    assert doc.status == "ok"


@pytest.mark.parametrize("encoding, expected", [
    ("gb18030", "gb18030"), ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"),
    ("utf-16-be", "utf-16-be"), ("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8"),
])
def test_encoding_is_reported(encoding, expected, seed_path):
    text = seed_path.read_text(encoding="utf-8")
    assert decode(text.encode(encoding)).encoding == expected


def test_characters_outside_gb2312_survive_gb18030():
    text = "朱镕基、王堃、张喆同志出席会议。" * 3 + "𠀀𪚥"  # also astral ideographs
    for ch in "镕堃喆":
        with pytest.raises(UnicodeEncodeError):
            ch.encode("gb2312")
    doc = policytext.read_bytes(text.encode("gb18030"), name="rare.txt")
    assert doc.encoding == "gb18030"
    assert doc.text == text
    assert "镕" in doc.text and "堃" in doc.text and "喆" in doc.text


@pytest.mark.parametrize("text, encoding", [
    ("政府工作报告要点", "gbk"),          # 8 characters
    ("加强党的建设工作要点通知", "gbk"),   # 12
    ("中華民國政府機關", "big5"),        # 8
    ("中華民國政府中華民國", "big5"),      # 10
])
def test_short_gbk_big5_is_flagged_not_guessed_silently(text, encoding):
    doc = policytext.read_bytes(text.encode(encoding), name="short.txt")
    assert doc.status == "degraded"
    assert any(w.startswith("ambiguous encoding") for w in doc.warnings)
    assert doc.encoding in ("gb18030", "big5")


@pytest.mark.parametrize("text, encoding", [
    ("中华人民共和国国务院", "gbk"),   # not valid Big5
    ("政府工作報告要點", "big5"),       # as GB18030 it has private-use characters
])
def test_short_text_that_only_one_encoding_reads_is_not_flagged(text, encoding):
    doc = policytext.read_bytes(text.encode(encoding), name="x.txt")
    assert doc.text == text
    assert not any(w.startswith("ambiguous") for w in doc.warnings)


def test_long_text_is_told_apart():
    simplified = "现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。" * 3
    traditional = "現在，我代表國務院，向大會報告政府工作，請予審議，並請全國政協委員提出意見。" * 3
    assert decode(simplified.encode("gbk")) .encoding == "gb18030"
    assert decode(traditional.encode("big5")).text == traditional
    assert decode(traditional.encode("big5")).warnings == ()


def test_no_reader_decodes_with_errors_ignore():
    root = Path(policytext.__file__).parent
    offenders = [str(p) for p in root.rglob("*.py")
                 if re.search(r"(?<!`)errors\s*=\s*[\"'](ignore|replace)", p.read_text("utf-8"))]
    assert offenders == []


def test_replacement_characters_degrade():
    doc = policytext.read_bytes("一、总则\n\n正文\ufffd\ufffd缺字。".encode("utf-8"), name="x.txt")
    assert doc.status == "degraded"
    assert any("replacement characters" in w for w in doc.warnings)


def test_empty_and_junk_raise_typed_errors():
    with pytest.raises(InputError, match="empty"):
        policytext.read_bytes(b"", name="empty.txt")
    with pytest.raises(InputError, match="empty"):
        policytext.read_bytes(b" \n\r\n\t ", name="blank.txt")
    for seed in range(20):
        with pytest.raises(EncodingError):
            policytext.read_bytes(_random_bytes(seed, 4096), name="r.txt")
        with pytest.raises(EncodingError):
            policytext.read_bytes(_random_bytes(seed, 4096, 1), name="r.txt")


def test_decodable_junk_is_not_text():
    # Bytes that happen to be valid GB18030 but are not Chinese text at all.
    junk = bytes([0xB3, 0x80]) * 500 + bytes([0x81, 0x30, 0x81, 0x30]) * 50
    assert junk.decode("gb18030")
    with pytest.raises(EncodingError, match="not text"):
        decode(junk)


def _random_bytes(seed: int, n: int, low: int = 0) -> bytes:
    rnd = random.Random(seed)
    return bytes(rnd.randrange(low, 256) for _ in range(n))


@pytest.mark.parametrize("content", [
    b"",
    _random_bytes(1, 2048),
    _random_bytes(2, 2048, 0x80),
    b"\xff\xfe\x00\xd8",  # UTF-16 BOM then a lone surrogate
], ids=["empty", "random", "high-bytes", "bad-utf16"])
def test_cli_one_line_exit_2(content, tmp_path, capsys):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    assert main(["parse", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    assert "Traceback" not in err and "internal error" not in err
