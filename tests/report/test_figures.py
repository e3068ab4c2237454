"""Content checks of the report figures: every model drawn, in its own colour, in the legend."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from fingan.report.figures.forecast import crps_over_time, fan_chart, pit_histograms
from fingan.report.figures.market import (
    curve_comparison,
    qq_plot,
    return_histograms,
    sample_paths,
)
from fingan.report.figures.risk import var_forecast_panels, violation_counts
from fingan.report.figures.tabular import (
    column_distributions,
    dcr_distributions,
    metric_intervals,
)
from fingan.report.palette import PALETTE, colour_of, colours, model_colours

MODELS = ("GARCH", "Student-t", "Bootstrap", "QuantGAN", "TimeGAN", "MarketGAN", "GBM", "FHS")
DATES = pd.bdate_range("2020-01-01", periods=120)


def _legend_entries(figure: Figure) -> dict[str, str | None]:
    """Map every legend text of the figure (axes and figure legends) to its handle's colour."""
    legends = [axes.get_legend() for axes in figure.axes] + list(figure.legends)
    entries: dict[str, str | None] = {}
    for legend in legends:
        if legend is None:
            continue
        for text, handle in zip(legend.get_texts(), legend.legend_handles, strict=True):
            entries[text.get_text()] = _colour(handle)
    return entries


def _colour(handle: Any) -> str | None:
    for getter in ("get_color", "get_facecolor"):
        if hasattr(handle, getter):
            value = getattr(handle, getter)()
            array = np.asarray(value, dtype=object)
            if array.ndim == 2:  # a collection: one RGBA row per element
                value = tuple(array[0])
            return to_hex(value)
    return None


def _assert_all_models(figure: Figure, models: tuple[str, ...]) -> None:
    entries = _legend_entries(figure)
    missing = [name for name in models if name not in entries]
    assert not missing, f"models missing from the legend: {missing}"
    model_colours_drawn = [entries[name] for name in models]
    assert None not in model_colours_drawn
    assert len(set(model_colours_drawn)) == len(models), model_colours_drawn


def _rng() -> np.random.Generator:
    return np.random.default_rng(12)


@pytest.mark.parametrize("n_models", [6, 8])
def test_return_histograms_draws_every_model(n_models: int) -> None:
    rng = _rng()
    models = MODELS[:n_models]
    synthetic = {name: rng.standard_t(4, 3000) * 0.01 for name in models}
    figure = return_histograms(rng.standard_t(3, 500) * 0.01, synthetic)
    _assert_all_models(figure, models)
    assert "real" in _legend_entries(figure)
    # one line per model, none empty
    lines = [line for line in figure.axes[0].get_lines() if line.get_label() in models]
    assert len(lines) == n_models
    assert all(np.isfinite(np.asarray(line.get_ydata(), dtype=float)).any() for line in lines)


def test_return_histograms_real_density_has_no_holes() -> None:
    rng = _rng()
    real = np.concatenate([rng.normal(0, 0.01, 400), [0.12, -0.15]])  # far, isolated outliers
    figure = return_histograms(real, {"GBM": rng.normal(0, 0.01, 1000)})
    fill = figure.axes[0].collections[0]
    assert fill.get_label() == "real"
    # the real density is one contiguous region: its outline is a single closed path
    assert len(fill.get_paths()) <= 3


@pytest.mark.parametrize("n_models", [6, 8])
def test_qq_plot_draws_every_model(n_models: int) -> None:
    rng = _rng()
    models = MODELS[:n_models]
    figure = qq_plot(rng.normal(size=300), {name: rng.normal(size=500) for name in models})
    _assert_all_models(figure, models)


def test_sample_paths_draws_every_model() -> None:
    rng = _rng()
    synthetic = {name: rng.normal(0, 0.01, (5, 60)) for name in MODELS[:7]}
    figure = sample_paths(pd.Series(rng.normal(0, 0.01, 60)), synthetic)
    _assert_all_models(figure, MODELS[:7])
    titles = [axes.get_title() for axes in figure.axes if axes.get_visible()]
    assert titles == list(MODELS[:7])


def _curves(models: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    rng = _rng()
    real = rng.normal(0, 0.05, 20)
    return {
        name: pd.DataFrame(
            {"real": real, "synthetic": rng.normal(0, 0.05, 20)}, index=np.arange(1, 21)
        )
        for name in models
    }


def test_curve_comparison_draws_every_model_and_the_band() -> None:
    figure = curve_comparison(_curves(MODELS[:7]), title="acf", xlabel="lag", n_obs=400)
    _assert_all_models(figure, MODELS[:7])
    band = [text for text in _legend_entries(figure) if "1.96" in text]
    assert len(band) == 1
    assert "400" in band[0]
    half = 1.96 / np.sqrt(400)
    (span,) = [patch for patch in figure.axes[0].patches if patch.get_label() == band[0]]
    assert isinstance(span, Rectangle)
    assert span.get_y() == pytest.approx(-half)
    assert span.get_y() + span.get_height() == pytest.approx(half)


def test_curve_comparison_without_n_has_no_band() -> None:
    figure = curve_comparison(_curves(MODELS[:6]), title="kurtosis", xlabel="h")
    assert not [text for text in _legend_entries(figure) if "1.96" in text]
    _assert_all_models(figure, MODELS[:6])


def test_legends_are_outside_the_axes() -> None:
    rng = _rng()
    figure = qq_plot(rng.normal(size=300), {name: rng.normal(size=300) for name in MODELS})
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    axes = figure.axes[0]
    legend = axes.get_legend()
    assert legend is not None
    legend_box = legend.get_window_extent(renderer)
    assert legend_box.x0 >= axes.get_window_extent(renderer).x1


def test_one_model_keeps_its_colour_across_figures() -> None:
    rng = _rng()
    models = MODELS[:7]
    synthetic = {name: rng.normal(size=400) for name in models}
    first = _legend_entries(return_histograms(rng.normal(size=300), synthetic))
    second = _legend_entries(qq_plot(rng.normal(size=300), synthetic))
    third = _legend_entries(curve_comparison(_curves(models), title="t", xlabel="x"))
    for name in models:
        assert first[name] == second[name] == third[name] == to_hex(model_colours(models)[name])


def test_given_colours_are_used() -> None:
    rng = _rng()
    given = {"GBM": "#000000", "GARCH": "#ff0000"}
    synthetic = {name: rng.normal(size=100) for name in MODELS}
    entries = _legend_entries(qq_plot(rng.normal(size=100), synthetic, colours=given))
    assert entries["GBM"] == "#000000"
    assert entries["GARCH"] == "#ff0000"
    assert len({entries[name] for name in MODELS}) == len(MODELS)


def test_forecast_figures_draw_every_model() -> None:
    rng = _rng()
    models = MODELS[:7]
    levels = [0.05, 0.25, 0.5, 0.75, 0.95]
    quantiles = {
        name: pd.DataFrame(
            np.sort(rng.normal(size=(len(DATES), len(levels))), axis=1), index=DATES, columns=levels
        )
        for name in models
    }
    observed = pd.Series(rng.normal(size=len(DATES)), index=DATES)
    _assert_all_models(fan_chart(observed, quantiles), models)
    _assert_all_models(pit_histograms({name: rng.uniform(size=200) for name in models}), models)
    crps = {name: pd.Series(rng.uniform(size=len(DATES)), index=DATES) for name in models}
    _assert_all_models(crps_over_time(crps), models)


def test_risk_figures_draw_every_model() -> None:
    rng = _rng()
    models = MODELS[:7]
    frames = []
    for name in models:
        realised = rng.normal(0, 0.01, len(DATES))
        var = np.full(len(DATES), 0.02)
        frames.append(
            pd.DataFrame(
                {
                    "date": DATES,
                    "model": name,
                    "var": var,
                    "es": var * 1.3,
                    "realised": realised,
                    "violation": -realised > var,
                }
            )
        )
    _assert_all_models(var_forecast_panels(pd.concat(frames), models=list(models)), models)
    tests = pd.DataFrame(
        {
            "n_violations": np.arange(len(models)),
            "n_days": 250,
            "level": 0.99,
            "traffic_light": "green",
        },
        index=list(models),
    )
    figure = violation_counts(tests)
    ticks = [label.get_text() for label in figure.axes[0].get_xticklabels()]
    assert ticks == list(models)


def test_tabular_figures_draw_every_model() -> None:
    rng = _rng()
    models = MODELS[:7]

    def table(n: int) -> pd.DataFrame:
        return pd.DataFrame(
            {"amount": rng.lognormal(size=n), "purpose": rng.choice(["car", "home", "other"], n)}
        )

    real = table(200)
    synthetic = {name: table(150) for name in models}
    _assert_all_models(column_distributions(real, synthetic), models)
    dcr = {name: rng.uniform(size=100) for name in models}
    _assert_all_models(dcr_distributions(rng.uniform(size=100), dcr), models)
    index = pd.MultiIndex.from_product(
        [list(models), ["logistic"], ["roc_auc", "brier"]],
        names=["augmenter", "classifier", "metric"],
    )
    mean = rng.uniform(0.6, 0.8, len(index))
    summary = pd.DataFrame({"mean": mean, "ci_low": mean - 0.02, "ci_high": mean + 0.02}, index)
    _assert_all_models(metric_intervals(summary), models)


@pytest.mark.parametrize("n", [1, 5, 10, 11, 16, 40])
def test_colours_are_distinct(n: int) -> None:
    drawn = colours(n)
    assert len(drawn) == n
    assert len(set(drawn)) == n
    assert drawn[: min(n, len(PALETTE))] == PALETTE[: min(n, len(PALETTE))]


def test_model_colours_follow_the_order_and_skip_duplicates() -> None:
    mapping = model_colours(["b", "a", "b", "c"])
    assert list(mapping) == ["b", "a", "c"]
    assert list(mapping.values()) == list(colours(3))
    assert colour_of(0) != colour_of(len(PALETTE))
