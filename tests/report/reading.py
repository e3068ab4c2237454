"""Read a report's HTML as a person reads it: its verdict, and its tables with the bold cells."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Cell:
    text: str
    best: bool = False  # shown in bold (class "best")
    label: bool = False  # a row label (index) rather than a value


@dataclass
class Table:
    section: str  # the <h2> heading the table sits under
    headers: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)

    def best(self, header: str) -> list[tuple[str, ...]]:
        """Return the row labels of the bold cells of the column headed ``header``."""
        column = self.headers.index(header)
        return [
            tuple(cell.text for cell in row if cell.label) for row in self.rows if row[column].best
        ]

    def column(self, header: str) -> list[str]:
        """Return the cells' text of the column headed ``header``."""
        column = self.headers.index(header)
        return [row[column].text for row in self.rows]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.section = ""
        self.tables: list[Table] = []
        self.paragraphs: list[tuple[str, str]] = []  # (section, text)
        self._text: list[str] | None = None
        self._tag = ""
        self._cell: Cell | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag in ("h2", "p"):
            self._tag, self._text = tag, []
        elif tag == "table":
            self.tables.append(Table(self.section))
        elif tag == "thead":
            self._in_head = True
        elif tag == "tbody":
            self._in_head = False
        elif tag == "tr" and not self._in_head and self.tables:
            self.tables[-1].rows.append([])
        elif tag in ("th", "td"):
            self._text = []
            self._cell = Cell("", best="best" in classes, label=tag == "th")

    def handle_endtag(self, tag: str) -> None:
        if self._text is None:
            return
        text = "".join(self._text).strip()
        if tag == "h2" and self._tag == "h2":
            self.section, self._text = text, None
        elif tag == "p" and self._tag == "p":
            self.paragraphs.append((self.section, text))
            self._text = None
        elif tag in ("th", "td") and self._cell is not None:
            self._cell.text = text
            table = self.tables[-1]
            if self._in_head:
                table.headers.append(text)
            else:
                table.rows[-1].append(self._cell)
            self._cell, self._text = None, None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    return reader


def verdict(html: str) -> str:
    """Return the text of the paragraph right under the report's "Verdict" heading."""
    paragraphs = [text for section, text in read(html).paragraphs if section == "Verdict"]
    assert paragraphs, "the report has no verdict"
    return paragraphs[0]


def tables(html: str, section: str | None = None) -> list[Table]:
    """Return the report's tables, or those under the heading that starts with ``section``."""
    found = read(html).tables
    return found if section is None else [t for t in found if t.section.startswith(section)]
