r"""How a conditional GAN's VaR responds to its condition features.

The GAN innovation model of a :class:`~fingan.scenarios.ConditionalScenarioModel` draws
tomorrow's standardised residual from a condition: recent residuals and changes of the filter's
log variance (see :class:`~fingan.models.InnovationGAN`), standardised with the training mean
and spread. Tomorrow's return is :math:`\mu + \sigma_t z`, so its VaR at level :math:`1-\alpha`
is :math:`-(\mu + \sigma_t q_\alpha(c_t))` where :math:`q_\alpha(c)` is the
:math:`\alpha`-quantile of the generator's residuals given the condition :math:`c`.

:class:`ConditionalVaR` computes :math:`q_\alpha(c)` as a quantile over one fixed batch of noise
(common random numbers: curves are smooth and differences between conditions are not sampling
noise). The generator has the location-scale form :math:`x = m(c) + s(c)\,\varepsilon(z)`
with :math:`s(c) > 0` (:class:`~fingan.nn.conditional.ConditionalReturnGenerator`), so the
noise draws that make the quantile are the same for every condition; the quantile is two
generator evaluations per condition, differentiable in the condition, so integrated gradients
(Sundararajan et al., 2017) go through the generator's location and scale heads.

With EVT tails (``gan_evt``) the draws beyond the 5 % thresholds come from a generalised Pareto
distribution fitted to all residuals; what is explained here is the GAN body, which decides
how the condition moves the distribution.

References
----------
Sundararajan, M., Taly, A., & Yan, Q. (2017). Axiomatic attribution for deep networks. ICML.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import torch
from torch import Tensor, nn

from fingan.core.estimator import check_is_fitted
from fingan.core.exceptions import ConfigError, ShapeError
from fingan.core.random import RandomState, draw_seed, torch_generator
from fingan.core.validation import check_int
from fingan.data.validation import validate_returns_frame
from fingan.models import InnovationGAN
from fingan.nn.market import path_noise

__all__ = [
    "VOLATILITY_FEATURE",
    "ConditionHistory",
    "ConditionalVaR",
    "condition_feature_names",
    "gan_innovations",
    "integrated_gradients",
]

FloatArray = npt.NDArray[np.float64]

VOLATILITY_FEATURE = "filter volatility"
"""Name of the filter's volatility when it is an input beside the condition features."""

_EXTRA = 'integrated gradients need captum: pip install "fingan[explain]"'


def gan_innovations(model: Any) -> InnovationGAN | None:
    """Return the fitted :class:`~fingan.models.InnovationGAN` of a scenario model, or ``None``.

    The GAN is the model's innovation model or the body of its EVT tails.
    """
    innovations = getattr(model, "innovations_", None)
    for candidate in (innovations, getattr(innovations, "body_", None)):
        if isinstance(candidate, InnovationGAN):
            return candidate
    return None


def condition_feature_names(gan: InnovationGAN, assets: tuple[str, ...]) -> list[str]:
    """Return the names of the GAN's condition features, in the order of its ``conditions``."""
    check_is_fitted(gan)
    suffix = [f" ({asset})" if len(assets) > 1 else "" for asset in assets]
    n_lags = int(gan.n_lags)
    names = [f"residual t-{n_lags - j}{s}" for j in range(n_lags) for s in suffix]
    if gan.variance_level:
        names += [f"variance level{s}" for s in suffix]
    names += [f"variance change {int(h)}d{s}" for h in gan.changes for s in suffix]
    if gan.dispersion_window is not None:
        names += [f"residual dispersion {int(gan.dispersion_window)}d{s}" for s in suffix]
    return names


@dataclass(frozen=True)
class ConditionHistory:
    """The condition features of every day of a history, with the filter's volatility.

    Attributes
    ----------
    features : pandas.DataFrame
        One row per day (the day the condition is for, known the evening before), one column
        per named feature, standardised as the GAN sees them.
    volatility : pandas.Series
        The filter's conditional volatility of each day of the explained asset.
    """

    features: pd.DataFrame
    volatility: pd.Series

    def inputs(self) -> pd.DataFrame:
        """Return the volatility then the features: the inputs of :meth:`ConditionalVaR.var`."""
        return pd.concat([self.volatility.rename(VOLATILITY_FEATURE), self.features], axis=1)


class ConditionalVaR:
    """The one-day VaR of a conditional GAN scenario model as a function of its condition.

    Parameters
    ----------
    model : ConditionalScenarioModel
        A fitted model whose innovations are an InnovationGAN (or GPD tails around one).
    asset : str, optional
        The explained asset (default: the first).
    level : float, default 0.99
        VaR level.
    n_noise : int, default 20000
        Fixed noise draws the quantile is taken over.
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the noise.

    Raises
    ------
    ConfigError
        If the model has no GAN innovation model, or the asset or level is invalid.
    """

    def __init__(
        self,
        model: Any,
        *,
        asset: str | None = None,
        level: float = 0.99,
        n_noise: int = 20_000,
        random_state: RandomState = 0,
    ) -> None:
        check_is_fitted(model)
        gan = gan_innovations(model)
        if gan is None:
            raise ConfigError("the model has no GAN innovation model to explain")
        if not 0.5 < level < 1.0:
            raise ConfigError(f"level must be in (0.5, 1); got {level!r}")
        assets = tuple(model.assets_)
        name = assets[0] if asset is None else asset
        if name not in assets:
            raise ConfigError(f"asset {name!r} is not one of the model's {list(assets)}")
        self.model, self.gan, self.level, self.asset = model, gan, float(level), name
        self.asset_index = assets.index(name)
        self.feature_names = condition_feature_names(gan, assets)
        self.mean = float(np.asarray(model.volatility_.mean)[self.asset_index])
        n_noise = check_int(n_noise, "n_noise", minimum=2)
        self._pick_quantile_noise(n_noise, draw_seed(random_state))

    @property
    def generator(self) -> nn.Module:
        """The fitted generator (in evaluation mode while this object evaluates it)."""
        module: nn.Module = self.gan.generator_
        return module

    def _pick_quantile_noise(self, n_noise: int, seed: int) -> None:
        """Find the two noise draws whose residuals interpolate the ``alpha``-quantile."""
        gan = self.gan
        noise = path_noise(
            n_noise,
            int(gan.noise_dim),
            1,
            torch_generator(seed),
            n_assets=int(gan.n_assets_),
            innovation_df=gan.innovation_df,
        )[..., 0]  # (n_noise, noise_dim)
        condition = torch.zeros(n_noise, len(self.feature_names))
        draws = self._generate(noise, condition)[:, self.asset_index].detach().numpy()
        position = (1.0 - self.level) * (n_noise - 1)
        lower = int(np.floor(position))
        order = np.argsort(draws, kind="stable")
        self.weight = float(position - lower)
        self.noise = noise[[order[lower], order[min(lower + 1, n_noise - 1)]]]  # (2, noise_dim)
        self.n_noise = n_noise

    def _generate(self, noise: Tensor, condition: Tensor) -> Tensor:
        generator = self.generator
        was_training = generator.training
        generator.eval()
        try:
            device = self.gan.device_
            out: Tensor = generator(noise.to(device), condition.to(device)).cpu()
        finally:
            generator.train(was_training)
        return out

    def residual_quantile(self, conditions: Tensor) -> Tensor:
        """Return the ``alpha``-quantile of the residual given each condition: ``(batch,)``.

        Differentiable in ``conditions`` ``(batch, n_features)`` (standardised features).
        """
        batch = conditions.shape[0]
        low = self.noise[0].expand(batch, -1)
        high = self.noise[1].expand(batch, -1)
        values = [self._generate(z, conditions)[:, self.asset_index] for z in (low, high)]
        return (1.0 - self.weight) * values[0] + self.weight * values[1]

    def residual_var(self, conditions: FloatArray) -> FloatArray:
        """Return the VaR in units of the filter's volatility, ``-q_alpha(c)``, per row."""
        rows = _rows(conditions, len(self.feature_names))
        with torch.no_grad():
            quantile = self.residual_quantile(torch.as_tensor(rows, dtype=torch.float32))
        return -quantile.double().numpy()

    def residual_var_tensor(self, conditions: Tensor) -> Tensor:
        """Return ``-q_alpha(c)`` per row of ``conditions``; differentiable."""
        return -self.residual_quantile(conditions)

    def var_tensor(self, inputs: Tensor) -> Tensor:
        """Return the VaR (a positive loss) of rows ``(volatility, *features)``; differentiable."""
        return -(self.mean + inputs[:, 0] * self.residual_quantile(inputs[:, 1:]))

    def var(self, inputs: FloatArray) -> FloatArray:
        """Return the one-day VaR of rows ``(volatility, *features)`` (as :meth:`history` gives)."""
        rows = _rows(inputs, len(self.feature_names) + 1)
        with torch.no_grad():
            values = self.var_tensor(torch.as_tensor(rows, dtype=torch.float32))
        return values.double().numpy()

    def history(self, returns: Any) -> ConditionHistory:
        """Return the condition features and volatility of every day of ``returns``.

        Parameters
        ----------
        returns : pandas.DataFrame
            Daily log returns with the model's assets; filtered with the fitted filter. The
            first days (before the condition's memory is full) have no condition and are left
            out.
        """
        frame = validate_returns_frame(returns, min_rows=2)
        if tuple(str(c) for c in frame.columns) != tuple(self.model.assets_):
            raise ShapeError(f"the returns must have the model's assets {list(self.model.assets_)}")
        filtered = self.model.volatility_.filter(frame.to_numpy(dtype=np.float64))
        gan = self.gan
        residuals, logs = filtered.residuals, filtered.log_variances()[:-1]
        first = max(gan.memory, gan.residual_memory)
        days = np.arange(first, len(residuals))
        if len(days) < 2:
            raise ShapeError(f"the returns need more than {first + 1} days for a condition")
        lags = np.stack([residuals[t - gan.residual_memory : t] for t in days])
        windows = np.stack([logs[t - gan.memory : t + 1] for t in days])
        values = gan.conditions(lags, windows, filtered.long_run_variance)
        index = frame.index[days]
        volatility = np.sqrt(filtered.variances[days, self.asset_index])
        return ConditionHistory(
            features=pd.DataFrame(values, index=index, columns=self.feature_names),
            volatility=pd.Series(volatility, index=index, name=VOLATILITY_FEATURE),
        )


def integrated_gradients(
    function: Callable[[Tensor], Tensor],
    inputs: FloatArray,
    baselines: FloatArray,
    *,
    n_steps: int = 64,
) -> tuple[FloatArray, FloatArray]:
    """Integrated-gradient attributions (captum) of ``function`` at each row of ``inputs``.

    Parameters
    ----------
    function : callable
        Maps a float tensor ``(batch, n_inputs)`` to ``(batch,)``; differentiable.
    inputs, baselines : numpy.ndarray
        Rows explained and the rows they are compared with, both ``(n_rows, n_inputs)``
        (a baseline of shape ``(n_inputs,)`` serves every row).
    n_steps : int, default 64
        Steps of the path integral (Gauss-Legendre).

    Returns
    -------
    attributions : numpy.ndarray of shape (n_rows, n_inputs)
        Each input's share of ``function(input) - function(baseline)``.
    delta : numpy.ndarray of shape (n_rows,)
        The completeness error: attributions' sum minus the change of the function.

    Raises
    ------
    ImportError
        If captum is missing (``pip install "fingan[explain]"``).
    """
    try:
        from captum.attr import IntegratedGradients
    except ImportError as error:
        raise ImportError(_EXTRA) from error
    rows = np.atleast_2d(np.asarray(inputs, dtype=np.float64))
    base = np.broadcast_to(np.asarray(baselines, dtype=np.float64), rows.shape)
    method = IntegratedGradients(function)
    attributions, delta = method.attribute(
        torch.as_tensor(rows, dtype=torch.float32),
        baselines=torch.as_tensor(np.array(base), dtype=torch.float32),
        n_steps=check_int(n_steps, "n_steps", minimum=2),
        return_convergence_delta=True,
    )
    result: FloatArray = attributions.detach().double().numpy()
    return result, delta.detach().double().numpy().reshape(-1)


def _rows(values: Any, width: int) -> FloatArray:
    rows = np.atleast_2d(np.asarray(values, dtype=np.float64))
    if rows.ndim != 2 or rows.shape[1] != width:
        raise ShapeError(f"expected rows of {width} values; got shape {rows.shape}")
    return rows
