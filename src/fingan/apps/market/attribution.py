"""What MarketGAN learned: the window statistics its critic relies on, what its noise controls."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from fingan.core.random import RandomState, draw_seed
from fingan.explain.critic import CriticAttribution, critic_attributions
from fingan.explain.latent import LatentTraversal, latent_traversal
from fingan.models import MarketGAN
from fingan.report import HtmlReport
from fingan.report.figures.attribution import critic_attribution_figure, latent_traversal_figure

__all__ = ["MarketAttribution", "add_attribution_section", "attribute_market_gan"]


@dataclass(frozen=True)
class MarketAttribution:
    """Critic attributions and latent traversals of one fitted MarketGAN.

    Attributes
    ----------
    critic : CriticAttribution or None
        Attributions of the critic's statistics head on real training windows (``None`` when
        the model was fitted with ``window_statistics=False``).
    traversal : LatentTraversal
        Generated volatility, kurtosis and tail quantile along directions of the noise.
    """

    critic: CriticAttribution | None
    traversal: LatentTraversal

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "critic": None if self.critic is None else self.critic.to_dict(),
            "latent": self.traversal.to_dict(),
        }


def attribute_market_gan(
    model: MarketGAN,
    returns: pd.DataFrame,
    *,
    n_windows: int = 256,
    n_paths: int = 256,
    random_state: RandomState = 0,
) -> MarketAttribution:
    """Explain a fitted MarketGAN on its training returns.

    Parameters
    ----------
    model : MarketGAN
        A fitted model.
    returns : pandas.DataFrame
        Real returns whose windows the critic's attributions are computed on (the training
        period).
    n_windows, n_paths : int
        Real windows explained, and generated paths per traversal step (one year long).
    random_state : int, numpy.random.Generator or None
        Seed of the windows, the deletion test and the traversal's noise.
    """
    seed = draw_seed(random_state)
    has_head = getattr(model.discriminator_, "statistics", None) is not None
    critic = (
        critic_attributions(model, returns, n_windows=n_windows, random_state=seed)
        if has_head
        else None
    )
    traversal = latent_traversal(model, n_paths=n_paths, random_state=seed)
    return MarketAttribution(critic=critic, traversal=traversal)


def add_attribution_section(report: HtmlReport, name: str, attribution: MarketAttribution) -> None:
    """Add "What the critic looks at" and "What the noise controls" for the GAN ``name``."""
    report.add_heading(f"{name}: what the critic looks at")
    critic = attribution.critic
    if critic is None:
        report.add_text("The critic has no statistics head (window_statistics=False).")
    else:
        frame = critic.to_frame()
        top = ", ".join(str(label) for label in frame.index[:3])
        report.add_text(
            "Integrated-gradient attributions of the critic's statistics head on "
            f"{len(critic.attributions)} real training windows, from the average window: how "
            "much each stylized-fact statistic moves a window's score. The critic relies most "
            f"on {top}. Faithfulness: {critic.deletion.summary()} (the top-3 statistics of a "
            "window swapped for another real window's must move the score more than the "
            "bottom-3). The TCN head's share of the score is not attributed."
        )
        report.add_figure(
            critic_attribution_figure(critic.importance, frame["mean_attribution"]),
            f"{name}: mean |attribution| per window statistic (hatched: negative on average)",
        )
        report.add_table(frame, float_format="{:.4g}")
    traversal = attribution.traversal
    report.add_heading(f"{name}: what the noise controls")
    fit = traversal.fit["r_squared"]
    report.add_text(
        "Each path's noise level per channel was moved by a number of standard deviations "
        "along a direction (common random numbers at every offset). The volatility regime "
        f"moves most along '{traversal.volatility_direction}' and the tails (excess kurtosis) "
        f"along '{traversal.tail_direction}'. The channel levels explain "
        f"{fit['volatility']:.0%} of the spread of the paths' log volatility and "
        f"{fit['kurtosis']:.0%} of their kurtosis (R²)."
    )
    report.add_figure(
        latent_traversal_figure(traversal.to_frame()),
        f"{name}: generated volatility, excess kurtosis and {traversal.level:.0%} quantile of "
        "daily returns along each direction of the noise",
    )
    report.add_table(traversal.sensitivity(), float_format="{:.4g}")
