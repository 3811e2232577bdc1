# ruff: noqa: E501  (one article per line, as in the law-versions files)
"""A test fixture: articles of 中华人民共和国数据安全法 (2021), written out by code.

These are real articles of the Data Security Law as adopted on 2021-06-10 (the
official text of a state organ, which China's Copyright Law, Art. 5, excludes from
protection): 第一条, 第二十七条, 第三十条, 第三十一条, 第三十二条 and 第三十六条 of its
chapters 一 and 四, in the Markdown layout of ../shared/corpora/law-versions.  It is an
excerpt (the other articles are left out), not a synthetic text.  Used to check that
``search 数据出境`` finds 第三十一条 (…重要数据的出境安全管理…), where the two words are
one character apart.
"""

from __future__ import annotations

from pathlib import Path

NAME = "数据安全法(2021-06-10).md"
TEXT = """# 中华人民共和国数据安全法

2021年6月10日 第十三届全国人民代表大会常务委员会第二十九次会议通过

<!-- INFO END -->

## 第一章 总则

第一条 为了规范数据处理活动，保障数据安全，促进数据开发利用，保护个人、组织的合法权益，维护国家主权、安全和发展利益，制定本法。

## 第四章 数据安全保护义务

第二十七条 开展数据处理活动应当依照法律、法规的规定，建立健全全流程数据安全管理制度，组织开展数据安全教育培训，采取相应的技术措施和其他必要措施，保障数据安全。利用互联网等信息网络开展数据处理活动，应当在网络安全等级保护制度的基础上，履行上述数据安全保护义务。

重要数据的处理者应当明确数据安全负责人和管理机构，落实数据安全保护责任。

第三十条 重要数据的处理者应当按照规定对其数据处理活动定期开展风险评估，并向有关主管部门报送风险评估报告。

风险评估报告应当包括处理的重要数据的种类、数量，开展数据处理活动的情况，面临的数据安全风险及其应对措施等。

第三十一条 关键信息基础设施的运营者在中华人民共和国境内运营中收集和产生的重要数据的出境安全管理，适用《中华人民共和国网络安全法》的规定；其他数据处理者在中华人民共和国境内运营中收集和产生的重要数据的出境安全管理办法，由国家网信部门会同国务院有关部门制定。

第三十二条 任何组织、个人收集数据，应当采取合法、正当的方式，不得窃取或者以其他非法方式获取数据。

法律、行政法规对收集、使用数据的目的、范围有规定的，应当在法律、行政法规规定的目的和范围内收集、使用数据。

第三十六条 非经中华人民共和国主管机关批准，境内的组织、个人不得向外国司法或者执法机构提供存储于中华人民共和国境内的数据。
"""


def write(folder: Path) -> Path:
    """Write the excerpt into ``folder`` (created) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / NAME
    path.write_text(TEXT, encoding="utf-8")
    return path
