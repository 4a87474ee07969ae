"""Reading pages as a person would: visible text, tables as rows of cells."""

import html as entities
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
    return " ".join(entities.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def first_table(html: str) -> str:
    """The page's first table (the performance table on summary pages)."""
    start = html.index("<table")
    return html[start : html.index("</table>", start) + len("</table>")]


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_fields(html: str) -> dict[str, str]:
    """What submitting the page's forms unchanged would send: each field's shown value."""
    parser = _FormParser()
    parser.feed(html)
    return parser.fields


def summary_rows(html: str) -> list[tuple[str, str]]:
    """Every GOV.UK summary list row as (key, value) text, in page order."""
    found = re.findall(
        r'(?s)<dt class="govuk-summary-list__key[^"]*">(.*?)</dt>\s*'
        r'<dd class="govuk-summary-list__value[^"]*">(.*?)</dd>',
        html,
    )
    return [(text(key), text(value)) for key, value in found]
