"""Reading pages as a person would: visible text, tables as rows of cells."""

import re
from html.parser import HTMLParser


class _TableParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html: str) -> list[list[str]]:
    """Every table row's cells as text, header rows included."""
    parser = _TableParser()
    parser.feed(html)
    return parser.rows


def text(html: str) -> str:
    """The page's text with tags removed and white space folded."""
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def first_table(html: str) -> str:
    """The page's first table (the performance table on summary pages)."""
    start = html.index("<table")
    return html[start : html.index("</table>", start) + len("</table>")]
