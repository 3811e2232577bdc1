"""避头尾 in a PDF: a line that ends short because its last character went down with a 。.

Typesetters do not start a line with 。，、 and the like; they send the character before
it down too, so the line above ends about an em short of the margin.  That line is
still a wrapped line, not a paragraph's end (seen in the LSCAT notice: …提供办 / 理。).
"""

from __future__ import annotations

import io

from pdfgen import song_canvas

import policytext

BODY = "有关票据由协办单位南京浙大方圆科技有限公司及技术支持单位杭州中西语言提供办理。"
WIDTH = 20  # characters per full line


def _pdf(lines: list[tuple[str, float]]) -> bytes:
    """One 12 pt glyph per character, each line from its x (90 = the margin)."""
    buf = io.BytesIO()
    c = song_canvas(buf)
    y = 760.0
    for text, x in lines:
        for k, ch in enumerate(text):
            c.drawString(x + 12 * k, y, ch)
        y -= 22
    c.save()
    return buf.getvalue()


OTHER = ("组织开展主题党日活动，围绕科技创新和服务企业发展开展调研走访，形成一批调研成果"
         "并转化运用，年底前完成。")


def _wrap(text: str) -> list[tuple[str, float]]:
    """A paragraph set in full lines: the first indented two ems."""
    out, start = [(text[:WIDTH - 2], 114.0)], WIDTH - 2
    while start < len(text):
        out.append((text[start:start + WIDTH], 90.0))
        start += WIDTH
    return out


def _layout() -> list[tuple[str, float]]:
    first, rest = BODY[:WIDTH - 2], BODY[WIDTH - 2:]
    # the second line holds one character less: 理 went down with 。
    second, third = rest[:WIDTH - 1], rest[WIDTH - 1:]
    assert third == "理。"
    return [("一、总体要求", 90.0), (first, 114.0), (second, 90.0), (third, 90.0),
            ("二、工作安排", 90.0), *_wrap(OTHER)]


def test_a_line_short_by_a_pushed_character_is_still_wrapped():
    doc = policytext.read_bytes(_pdf(_layout()), name="kinsoku.pdf")
    assert doc.text.split("\n") == ["一、总体要求", BODY, "二、工作安排", OTHER]


def test_a_short_line_before_other_text_still_ends_its_paragraph():
    lines = _layout()
    lines[3] = ("理想信念。", 114.0)  # indented, and not one character with its 。
    doc = policytext.read_bytes(_pdf(lines), name="short.pdf")
    assert doc.text.split("\n")[1:3] == [BODY[:-2], "理想信念。"]
