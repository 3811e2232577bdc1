"""Markdown and plain-text rendering of a law and a report (exact outputs)."""

from __future__ import annotations

from test_structure import LAW_MD, LIST_REPORT

import policytext
from policytext.cli import main
from policytext.render import printed_number, to_markdown, to_text

LAW_MARKDOWN = """\
# 中华人民共和国示例法

| 要素 | 内容 |
|---|---|
| 文种 | 法律法规 (law) |
| 标题 | 中华人民共和国示例法 |
| 年度 | 2024 |
| 署名 | 全国人民代表大会常务委员会 |
| 沿革 | 2020-01-01 通过；2024-06-28 修订 |

## 第一章 总则

- **第一条** 为了规范示例活动，制定本法。

- **第二条** 本法所称示例，包括：

  （一）书面示例；

  （二）口头示例。

## 第二章 示例管理

### 第一节 一般规定

- **第三条** 国务院主管部门负责全国示例管理工作。

  前款规定以外的部门，在各自职责范围内负责有关工作。

### 第二节 特别规定

- **第四条** 第三条规定的部门应当公开示例目录。
- **第五条** 本法自2025年1月1日起施行。
"""

LAW_TEXT = """\
中华人民共和国示例法
  文种: 法律法规 (law)
  年度: 2024
  署名: 全国人民代表大会常务委员会
  沿革: 2020-01-01 通过；2024-06-28 修订

第一章 总则
  第一条 为了规范示例活动，制定本法
  第二条 本法所称示例，包括：
    （一）书面示例；
    （二）口头示例
第二章 示例管理
  第一节 一般规定
    第三条 国务院主管部门负责全国示例管理工作
  第二节 特别规定
    第四条 第三条规定的部门应当公开示例目录
    第五条 本法自2025年1月1日起施行
"""

REPORT_MARKDOWN = """\
# 政府工作报告

| 要素 | 内容 |
|---|---|
| 文种 | 工作报告 (work_report) |
| 标题 | 政府工作报告 |
| 主送 | 各位代表 |

现在，我代表市人民政府向大会报告工作。

## 一、2024年工作回顾

过去一年，我们主要做了以下工作。

- **一是**稳增长。全年地区生产总值增长5%。
- **二是**促改革。深化重点领域改革。
- **三是**惠民生。新增就业10万人。

## 二、2025年工作安排

- **（一）**扩大内需。
- **（二）**发展新质生产力。
"""

REPORT_TEXT = """\
政府工作报告
  文种: 工作报告 (work_report)
  主送: 各位代表

现在，我代表市人民政府向大会报告工作。

一、2024年工作回顾
  ¶1 过去一年，我们主要做了以下工作
  一是稳增长
  二是促改革
  三是惠民生
二、2025年工作安排
  （一）扩大内需
  （二）发展新质生产力
"""


def _law() -> policytext.Document:
    return policytext.read_bytes(LAW_MD.encode("utf-8"), name="示例法(2024-06-28).md")


def test_law_markdown():
    assert to_markdown(_law()) == LAW_MARKDOWN


def test_law_text():
    assert to_text(_law()) == LAW_TEXT


def test_report_markdown_and_text():
    doc = policytext.read_text(LIST_REPORT)
    assert to_markdown(doc) == REPORT_MARKDOWN
    assert to_text(doc) == REPORT_TEXT


def test_printed_numbers():
    assert [printed_number(n, k) for n, k in [
        ("一", "cn"), ("（二）", "paren_cn"), ("3", "arabic"), ("（4）", "paren_arabic"),
        ("⑤", "circled"), ("第六条", "article"), ("第一章", "chapter"), ("附件1", "annex"),
        ("一是", "list"), (None, "paragraph")]] == [
        "一、", "（二）", "3．", "（4）", "⑤", "第六条 ", "第一章 ", "附件1 ", "", ""]


def test_show_removed_lists_every_removal(tmp_path, capsys):
    path = tmp_path / "law.md"
    path.write_text(LAW_MD, encoding="utf-8")
    assert main(["parse", str(path), "--format", "text", "--show-removed"]) == 0
    out = capsys.readouterr().out
    doc = policytext.read(path)
    assert f"removed and repaired ({len(doc.removed)}):" in out
    assert "markup: '<!-- INFO END -->' (HTML comment in Markdown)" in out


def test_markdown_escapes_lines_that_would_become_markup():
    doc = policytext.read_text("说明：\n# 不是标题\n- 不是列表\n")
    md = to_markdown(doc)
    assert "\\# 不是标题" in md and "\\- 不是列表" in md
