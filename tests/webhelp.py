"""Helpers for the web tests: hostile and benign twin documents, an HTML inventory."""

from __future__ import annotations

from html.parser import HTMLParser

HOSTILE = {
    "title": '<script>alert("t")</script>',
    "text": "<script>alert(1)</script>",
    "attr": '"><img src=x onerror=alert(2)>',
    "link": '<a href="javascript:alert(3)">点我</a>',
}
BENIGN = {"title": "标题测试词语组合", "text": "正文测试词语", "attr": "属性测试词语组合组",
          "link": "链接测试词语组合组合组合组合组合"}
HOSTILE_NAME = "javascript:alert(4) <img src=x onerror=alert(5)> <script>.txt"
BENIGN_NAME = "正常文件名.txt"


def document(words: dict[str, str], year: int = 2025) -> str:
    """A small 工作要点 whose title and items carry ``words`` (hostile or benign)."""
    return (
        "各单位：\n"
        f"现将《{year}年{words['title']}工作要点》印发给你们，请认真贯彻落实。\n"
        "中共测试委员会\n"
        f"{year}年3月1日\n"
        f"{year}年，总体要求是：做好测试条目工作，参见{words['link']}。\n"
        "一、第一部分\n"
        f"1．测试条目甲。内容包括{words['text']}，每半年至少召开1次会议。\n"
        f"2．测试条目乙。要求{words['attr']}，党支部要{'全面' if year > 2024 else ''}落实。\n"
        "二、第二部分\n"
        f"3．测试条目丙。链接{words['link']}，推进工作。\n"
    )


def wsgi(app, path: str, query: str = "") -> tuple[int, dict[str, str], bytes]:
    """``GET path?query`` straight into a WSGI app: (status, headers, body bytes)."""
    captured = {}

    def start_response(status, headers):
        captured["status"] = int(status.split()[0])
        captured["headers"] = dict(headers)

    # as a server hands them over (PEP 3333): the bytes of the request as latin-1 text
    body = b"".join(app({"REQUEST_METHOD": "GET", "PATH_INFO": path,
                         "QUERY_STRING": query.encode("utf-8").decode("latin-1"),
                         "HTTP_HOST": "127.0.0.1:8765", "SERVER_PORT": "8765"}, start_response))
    return captured["status"], captured["headers"], body


class Inventory(HTMLParser):
    """The elements, attributes and text of a page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: set[tuple[str, tuple[str, ...]]] = set()
        self.values: list[str] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.add((tag, tuple(sorted(a for a, _ in attrs))))
        self.values.extend(v or "" for _, v in attrs)

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)
