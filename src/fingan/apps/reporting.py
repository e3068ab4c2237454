"""One convention for every study's result, and one function that writes any report folder.

A study returns a frozen result object with ``summary()`` (text), ``verdict()`` (the paragraph
at the top of its report), ``to_frame()`` (the main table), ``to_dict()`` (everything,
JSON-ready) and ``report()`` (the :class:`~fingan.report.HtmlReport`); its class says what kind
of output its folder is (``REPORT_KIND``, recorded in the folder's marker file, see
:mod:`fingan.core.io`). :func:`write_report` writes ``metrics.json`` and ``report.html`` for any
of them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar, Protocol

from fingan.apps.provenance import Provenance
from fingan.core.io import check_output_folder
from fingan.report import HtmlReport, write_report_folder

__all__ = ["StudyResult", "check_report_folder", "write_report"]


class StudyResult(Protocol):
    """What every study's result offers."""

    REPORT_KIND: ClassVar[str]
    """What a folder with this result's report holds (``"risk report"``...)."""

    def summary(self) -> str:
        """Return the main findings as text."""
        ...

    def verdict(self) -> str:
        """Return the verdict: which model wins, by how much, how sure, what not to conclude.

        The same text as the report's verdict paragraph; a result whose verdict is costly
        (the market study's bootstrap) computes it once and reuses it in its report.
        """
        ...

    def to_dict(self) -> dict[str, Any]:
        """Return settings and results, JSON-ready."""
        ...

    def report(self) -> HtmlReport:
        """Return the HTML report."""
        ...


def check_report_folder(
    result_type: type[StudyResult], out_dir: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """Check, before a study runs, that ``out_dir`` may receive its report folder.

    Raises
    ------
    OutputPathError
        See :func:`fingan.core.io.check_output_folder`.
    """
    return check_output_folder(out_dir, kind=result_type.REPORT_KIND, overwrite=overwrite)


def write_report(
    result: StudyResult,
    out_dir: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    provenance: Provenance | None = None,
) -> Path:
    """Write ``metrics.json`` (``result.to_dict()``) and ``report.html`` into ``out_dir``.

    All or nothing; ``out_dir`` must be new, empty, or an earlier report of the same kind,
    replaced only when ``overwrite`` is true. ``metrics.json`` gets a top-level ``"verdict"``
    (``result.verdict()``, the text of the report's verdict paragraph) and a top-level
    ``"provenance"`` object, also shown in the report's footer: ``provenance`` (the command
    line passes one with its arguments and wall time), else one captured now from the result.

    Returns
    -------
    pathlib.Path
        The path of ``report.html``.
    """
    metrics = result.to_dict()
    if provenance is None:
        provenance = Provenance.capture(metrics)
    verdict = result.verdict()
    report = result.report()
    metrics = {"verdict": verdict, **metrics, "provenance": provenance.to_dict()}
    report.set_provenance(provenance.lines())
    return write_report_folder(
        out_dir,
        metrics,
        report,
        kind=result.REPORT_KIND,
        overwrite=overwrite,
    )
