"""A self-contained HTML report: text, tables and figures embedded as PNG data.

Tables get readable headers (:func:`readable_label`: ``"pr_auc"`` → ``"PR-AUC"``), numbers to
4 significant digits, the best value of a column in bold when the caller says which value is
best (highest, lowest or closest to a number; see :mod:`fingan.report.best`), and a box of their
own that scrolls sideways, so the page fits 1,024 px.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
import numbers
import os
import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from fingan.core.io import atomic_directory, write_text_atomic
from fingan.core.version import __version__
from fingan.report.best import Better, best_cells

_STYLE = """
*, *::before, *::after { box-sizing: border-box; }
body { font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; margin: 2rem auto;
       max-width: 1100px; color: #1f2933; line-height: 1.45; padding: 0 1rem; }
h1 { border-bottom: 2px solid #3d5a80; padding-bottom: .3rem; overflow-wrap: anywhere; }
h2 { color: #3d5a80; margin-top: 2rem; }
p, figcaption, footer { overflow-wrap: anywhere; }
.table { overflow-x: auto; max-width: 100%; margin: 1rem 0; }
table { border-collapse: collapse; font-size: .8rem; }
th, td { border: 1px solid #d9e2ec; padding: .3rem .4rem; text-align: right; }
td { white-space: nowrap; font-variant-numeric: tabular-nums; }
th { background: #f0f4f8; vertical-align: bottom; }
td:first-child, th:first-child, th.index, td.index { text-align: left; }
td.best { font-weight: 700; }
figure { margin: 1rem 0; max-width: 100%; }
figure img { max-width: 100%; height: auto; border: 1px solid #e4e7eb; }
figcaption { font-size: .9rem; color: #52606d; }
@media (max-width: 1100px) { body { padding: 0 .75rem; } }
footer { margin-top: 3rem; font-size: .8rem; color: #7b8794; }
footer dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0 1rem; }
footer dt { font-weight: 600; }
footer dd { margin: 0; }
"""

_WORDS = {
    "auc": "AUC",
    "pr": "PR",
    "roc": "ROC",
    "crps": "CRPS",
    "var": "VaR",
    "es": "ES",
    "cvar": "CVaR",
    "acf": "ACF",
    "pit": "PIT",
    "ks": "KS",
    "mae": "MAE",
    "mse": "MSE",
    "rmse": "RMSE",
    "gan": "GAN",
    "gbm": "GBM",
    "garch": "GARCH",
    "gjr": "GJR",
    "ewma": "EWMA",
    "fhs": "FHS",
    "hmm": "HMM",
    "vae": "VAE",
    "smote": "SMOTE",
    "ci": "CI",
    "id": "ID",
    "n": "n",
    "qq": "QQ",
    "dcr": "DCR",
}
"""Words written differently from their snake_case form (acronyms, units)."""

_UNITS = {"s": "(s)", "seconds": "(s)", "pct": "(%)", "bps": "(bp)", "bp": "(bp)"}
"""Final words that are units, shown in brackets."""

_JOINED = {("pr", "auc"): "PR-AUC", ("roc", "auc"): "ROC-AUC"}


@dataclass
class HtmlReport:
    """An HTML page built section by section, with every figure embedded.

    Parameters
    ----------
    title : str
        Page title and top heading.

    Examples
    --------
    >>> import pandas as pd
    >>> report = HtmlReport("Demo")
    >>> report.add_text("Hello.")
    >>> report.add_table(pd.DataFrame({"a": [1.0]}))
    >>> "<table" in report.to_html()
    True
    """

    title: str
    _parts: list[str] = field(default_factory=list)
    _provenance: list[tuple[str, str]] = field(default_factory=list)

    def add_heading(self, text: str) -> None:
        """Start a new section."""
        self._parts.append(f"<h2>{html.escape(text)}</h2>")

    def add_text(self, text: str) -> None:
        """Add a paragraph of plain text."""
        self._parts.append(f"<p>{html.escape(text)}</p>")

    def add_table(
        self,
        frame: pd.DataFrame,
        *,
        float_format: str = "{:.4g}",
        better: Mapping[Any, Better] | None = None,
        within: Hashable | None = None,
        values: pd.DataFrame | None = None,
    ) -> None:
        """Add a table in a box of its own that scrolls sideways when it is too wide.

        Parameters
        ----------
        frame : pandas.DataFrame
            The table; index levels become the first columns. Headers are shown with
            :func:`readable_label`.
        float_format : str, default ``"{:.4g}"``
            Format of non-integer numbers (4 significant digits).
        better : mapping, optional
            ``{column: "higher" | "lower" | number}``: the best value of each of these
            columns (the highest, the lowest, or the closest to the number) is shown in bold.
            Leave out columns with no best value (p-values). By default no value is marked.
        within : hashable, optional
            An index level: the best value is marked among the rows of each of its values
            (each target, each classifier) instead of among all rows.
        values : pandas.DataFrame, optional
            The numbers compared for ``better`` when the cells are text, with the index and
            columns of ``frame``.
        """
        self._parts.append(
            render_table(
                frame, float_format=float_format, better=better, within=within, values=values
            )
        )

    def add_figure(self, figure: Figure, caption: str) -> None:
        """Add a matplotlib figure as an embedded PNG with a caption."""
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
        encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
        self._parts.append(
            f'<figure><img alt="{html.escape(caption)}" src="data:image/png;base64,{encoded}">'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>"
        )

    def set_provenance(self, items: Sequence[tuple[str, str]]) -> None:
        """Show ``(label, text)`` pairs (how the result was made) in the page's footer."""
        self._provenance = [(str(label), str(text)) for label, text in items]

    def to_html(self) -> str:
        """Return the complete page."""
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        body = "\n".join(self._parts)
        details = "".join(
            f"<dt>{html.escape(label)}</dt><dd>{html.escape(text)}</dd>"
            for label, text in self._provenance
        )
        provenance = f'<dl class="provenance">{details}</dl>' if details else ""
        return (
            "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(self.title)}</title><style>{_STYLE}</style></head>"
            f"<body><h1>{html.escape(self.title)}</h1>\n{body}\n"
            f"<footer><p>Generated by fingan {__version__} on {stamp}.</p>{provenance}"
            "</footer></body></html>\n"
        )

    def write(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
        """Write the page to ``path`` atomically and return the path.

        An existing file is replaced only when ``overwrite`` is true.
        """
        return write_text_atomic(path, self.to_html(), overwrite=overwrite)


def readable_label(label: object) -> str:
    """Return a column or index name as a reader would write it.

    Lower-case snake_case names become words, with acronyms and units written out
    (``"pr_auc"`` → ``"PR-AUC"``, ``"fit_s"`` → ``"Fit (s)"``, ``"var"`` → ``"VaR"``); dotted
    names keep their parts (``"tails.var"`` → ``"Tails · VaR"``). Other names (model names
    such as ``"MarketGAN"``, numbers) are kept as they are.

    Examples
    --------
    >>> readable_label("pr_auc"), readable_label("violation_rate"), readable_label("MarketGAN")
    ('PR-AUC', 'Violation rate', 'MarketGAN')
    """
    if isinstance(label, tuple):
        return " · ".join(readable_label(part) for part in label if str(part))
    text = str(label)
    if not re.fullmatch(r"[a-z][a-z0-9_.]*", text):
        return text
    parts = re.split(r"\.(?=[a-z])", text)  # "tails.var", not "pinball_0.01"
    return " · ".join(_readable_part(part) for part in parts if part)


def _readable_part(text: str) -> str:
    words = [word for word in text.split("_") if word]
    if not words:
        return text
    unit = _UNITS.get(words[-1]) if len(words) > 1 else None
    if unit is not None:
        words = words[:-1]
    shown: list[str] = []
    index = 0
    while index < len(words):
        pair = tuple(words[index : index + 2])
        if pair in _JOINED:
            shown.append(_JOINED[pair])
            index += 2
            continue
        word = words[index]
        shown.append(_WORDS.get(word, word))
        index += 1
    first = shown[0]
    if words[0] not in _WORDS and first[:1].isalpha():  # an ordinary word: capitalise it
        shown[0] = first[:1].upper() + first[1:]
    return " ".join([*shown, *([unit] if unit else [])])


def render_table(
    frame: pd.DataFrame,
    *,
    float_format: str = "{:.4g}",
    better: Mapping[Any, Better] | None = None,
    within: Hashable | None = None,
    values: pd.DataFrame | None = None,
) -> str:
    """Return ``frame`` as an HTML table inside a sideways-scrolling box.

    One header row (index names first, then :func:`readable_label` of each column); numbers
    formatted with ``float_format`` (integers in full); missing values as ``-``; the best value
    of each column named in ``better`` in bold (see :func:`fingan.report.best.best_cells` for
    ``better``, ``within`` and ``values``).
    """
    best = best_cells(frame, better or {}, within=within, values=values)
    index_names = list(frame.index.names)
    show_index = not (
        len(index_names) == 1 and index_names[0] is None and isinstance(frame.index, pd.RangeIndex)
    )
    head: list[str] = []
    if show_index:
        corner = [readable_label(name) if name is not None else "" for name in index_names]
        if len(corner) == 1 and not corner[0] and frame.columns.name is not None:
            corner = [readable_label(frame.columns.name)]
        head += [f'<th class="index" scope="col">{html.escape(name)}</th>' for name in corner]
    head += [_column_header(column) for column in frame.columns]
    rows = []
    pairs = zip(frame.index, frame.itertuples(index=False), strict=True)
    for position, (key, cells_shown) in enumerate(pairs):
        cells = []
        if show_index:
            labels = key if isinstance(key, tuple) else (key,)
            cells += [
                f'<th class="index" scope="row">{html.escape(_cell(label, float_format))}</th>'
                for label in labels
            ]
        for column, value in enumerate(cells_shown):
            marked = position in best.get(column, ())
            cell = html.escape(_cell(value, float_format))
            cells.append(f'<td class="best">{cell}</td>' if marked else f"<td>{cell}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        '<div class="table"><table>'
        f"<thead><tr>{''.join(head)}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _column_header(column: object) -> str:
    """Return a ``<th>`` with the readable name; the raw name (as in ``metrics.json``) on hover."""
    shown = readable_label(column)
    raw = " · ".join(map(str, column)) if isinstance(column, tuple) else str(column)
    title = f' title="{html.escape(raw)}"' if raw != shown else ""
    return f'<th scope="col"{title}>{html.escape(shown)}</th>'


def _cell(value: object, float_format: str) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool | str):
        return str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return "-"
        return float_format.format(number)
    if value is pd.NaT or value is pd.NA:
        return "-"
    text = str(value)
    return text[:10] if hasattr(value, "strftime") and text.endswith("00:00:00") else text


def write_report_folder(
    out_dir: str | os.PathLike[str],
    metrics: Mapping[str, Any],
    report: HtmlReport,
    *,
    kind: str = "report",
    overwrite: bool = False,
) -> Path:
    """Write ``metrics.json`` and ``report.html`` into ``out_dir``, all or nothing.

    The folder is assembled under a temporary name and renamed into place, so an error leaves
    no half-written folder. ``out_dir`` must be new, empty, or an earlier report of the same
    ``kind``, which is replaced only when ``overwrite`` is true (see :mod:`fingan.core.io`).

    Parameters
    ----------
    out_dir : str or os.PathLike
        The output folder.
    metrics : mapping
        JSON-serialisable results, written indented as ``metrics.json``.
    report : HtmlReport
        The page written as ``report.html``.
    kind : str
        What the folder holds (``"risk report"``...), recorded in its marker file.
    overwrite : bool, default False
        Replace an earlier report of the same kind.

    Returns
    -------
    pathlib.Path
        The path of ``report.html``.
    """
    with atomic_directory(out_dir, kind=kind, overwrite=overwrite) as staging:
        (staging / "metrics.json").write_text(json.dumps(metrics, indent=2))
        report.write(staging / "report.html")
    return Path(out_dir) / "report.html"
