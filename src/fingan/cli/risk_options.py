"""What the ``fingan risk`` commands share: options, their parsing, and the scenario model used.

:class:`ScenarioModelChoice` is the model a ``var`` or ``stress`` command draws from: a risk
model fitted to the data by name (``--model``, ``--gan-steps``, checkpoints), or a model saved
by ``fingan risk fit`` (``--model-dir``), checked before the data are read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fingan.cli._common import console

if TYPE_CHECKING:
    import pandas as pd

    from fingan.apps.risk import ConditionalScenarioModel, PortfolioWeights
    from fingan.core.protocols import ConditionalPathModel

DEFAULT_MODEL = "garch_t"
"""The scenario model of ``var`` and ``stress`` when neither --model nor --model-dir is given."""

WeightsOption = Annotated[
    str | None,
    typer.Option(
        help='Portfolio weights summing to 1, e.g. "sp500=0.6,nasdaq=0.4" (default: equal).'
    ),
]
NormalizeWeightsOption = Annotated[
    bool,
    typer.Option(
        "--normalize-weights", help="Divide the weights by their sum instead of requiring 1."
    ),
]
AllowLeverageOption = Annotated[
    bool,
    typer.Option("--allow-leverage", help="Accept weights with a gross leverage sum(|w|) above 2."),
]
ModelOption = Annotated[
    str | None,
    typer.Option(
        help=f"Scenario model fitted to the data (default: {DEFAULT_MODEL}; see `fingan risk "
        "models`).",
        show_default=False,
    ),
]
ModelDirOption = Annotated[
    Path | None,
    typer.Option(
        help="Use the model saved in this folder by `fingan risk fit` instead of fitting one "
        "(not with --model, --gan-steps or checkpoint options)."
    ),
]

ExplainOption = Annotated[
    bool,
    typer.Option(
        "--explain",
        help="Also explain each conditional GAN (e.g. gan): the days its VaR moved most and the "
        "condition features that moved it, with deletion tests (needs fingan\\[explain]).",
    ),
]
ExplainDayOption = Annotated[
    str | None,
    typer.Option(
        help="With --explain: the forecast day whose VaR is attributed; the model that forecast "
        "it is explained (default: the last day, the last refit's model).",
        show_default=False,
    ),
]


@dataclass(frozen=True)
class ScenarioModelChoice:
    """The scenario model of a ``var`` or ``stress`` command: fitted by name, or saved.

    Build it with :meth:`choose` before reading the data; then :meth:`match` the data to it
    and :meth:`fitted` gives the model to draw from.
    """

    name: str
    saved: ConditionalScenarioModel | None = None
    model_dir: Path | None = None
    seed: int = 0
    gan_steps: int | None = None
    checkpoint_dir: Path | None = None
    checkpoint_every: int | None = None
    resume: Path | None = None

    @classmethod
    def choose(
        cls,
        model: str | None,
        model_dir: Path | None,
        *,
        seed: int,
        gan_steps: int | None,
        checkpoint_dir: Path | None,
        checkpoint_every: int | None,
        resume: Path | None,
        out: Path | None = None,
    ) -> ScenarioModelChoice:
        """Check the model options (and load a saved model) before any work.

        Raises
        ------
        ConfigError
            If --model-dir is given with --model, --gan-steps or a checkpoint option, or
            ``out`` lies in it; or a checkpoint option does not apply to the model.
        CheckpointError
            If --model-dir holds no usable saved model, or a checkpoint folder is unusable.
        """
        if model_dir is None:
            name = model or DEFAULT_MODEL
            check_training(name, checkpoint_dir, checkpoint_every, resume, out)
            return cls(name, None, None, seed, gan_steps, checkpoint_dir, checkpoint_every, resume)
        from fingan.apps.risk import configuration_of, load_risk_model

        _refuse_with_model_dir(
            model=model,
            gan_steps=gan_steps,
            checkpoint_dir=checkpoint_dir,
            checkpoint_every=checkpoint_every,
            resume=resume,
        )
        _refuse_output_inside(out, model_dir)
        saved = load_risk_model(model_dir)
        return cls(configuration_of(saved) or "saved model", saved, model_dir, seed)

    def match(self, returns: pd.DataFrame) -> pd.DataFrame:
        """Return the data in the saved model's asset order (as they are when fitting).

        With a saved model, say which one is used once the data fit it.
        """
        from fingan.apps.risk import match_assets

        if self.saved is None:
            return returns
        source = f"the model saved in {self.model_dir}"
        matched = match_assets(self.saved, returns, source=source)
        line = f"Model: {self.name}, saved in {self.model_dir}"
        console.print(line, highlight=False, soft_wrap=True)
        return matched

    def fitted(self, returns: pd.DataFrame) -> ConditionalPathModel:
        """Return the saved model, or fit the named one to all of ``returns``."""
        from fingan.apps.registry import gan_training
        from fingan.apps.risk import fit_risk_model

        if self.saved is not None:
            return self.saved
        return fit_risk_model(
            returns,
            self.name,
            gan_training=gan_training(
                self.name, self.gan_steps, checkpoint_every=self.checkpoint_every
            ),
            random_state=self.seed,
            checkpoint_dir=self.checkpoint_dir,
            resume=self.resume,
        )


def check_training(
    model: str,
    checkpoint_dir: Path | None,
    checkpoint_every: int | None,
    resume: Path | None,
    out: Path | None = None,
) -> None:
    """Check the model's checkpoint options before any work; say where a resumed run starts."""
    from fingan.apps.registry import check_checkpoint_options

    step = check_checkpoint_options(
        model,
        checkpoint_dir=checkpoint_dir,
        checkpoint_every=checkpoint_every,
        resume=resume,
        out=out,
    )
    if step is not None:
        console.print(f"Resuming {model} from step {step}", highlight=False)


def portfolio(
    text: str | None, returns: pd.DataFrame, normalize: bool, allow_leverage: bool
) -> PortfolioWeights:
    """Parse ``--weights`` and check them against the data's assets, before any fitting."""
    from fingan.apps.risk import portfolio_weights

    return portfolio_weights(
        parse_weights(text),
        list(returns.columns),
        normalize=normalize,
        allow_leverage=allow_leverage,
    )


def print_weights(weights: pd.Series) -> None:
    """Print the weights used on one plain line (asset names may hold ``[``, not markup)."""
    from fingan.apps.risk import describe_weights

    line = f"Weights: {describe_weights(weights)}"
    console.print(line, markup=False, highlight=False, soft_wrap=True)


def parse_weights(text: str | None) -> dict[str, float] | None:
    """Parse ``"a=0.6,b=0.4"`` (the weights are checked by ``portfolio_weights``)."""
    from fingan.core.exceptions import ConfigError

    if text is None:
        return None
    weights: dict[str, float] = {}
    for item in text.split(","):
        name, equals, value = item.partition("=")
        name = name.strip()
        if name in weights:
            raise ConfigError(f"weights give {name!r} twice; got {text!r}")
        try:
            weights[name] = float(value)
        except ValueError:
            equals = ""
        if not equals or not name:
            raise ConfigError(f'weights must look like "sp500=0.6,nasdaq=0.4"; got {text!r}')
    return weights


def parse_levels(text: str) -> list[float]:
    """Parse ``"0.95,0.99"``."""
    from fingan.core.exceptions import ConfigError

    try:
        return [float(item) for item in text.split(",")]
    except ValueError:
        raise ConfigError(f'levels must look like "0.95,0.99"; got {text!r}') from None


def _refuse_with_model_dir(**options: object) -> None:
    from fingan.core.exceptions import ConfigError

    given = [f"--{name.replace('_', '-')}" for name, value in options.items() if value is not None]
    if given:
        verb = "does" if len(given) == 1 else "do"
        raise ConfigError(
            f"--model-dir uses a saved model; {' and '.join(given)} {verb} not apply to it "
            "(fit and save another model with `fingan risk fit`)"
        )


def _refuse_output_inside(out: Path | None, model_dir: Path) -> None:
    from fingan.core.exceptions import ConfigError

    if out is None:
        return
    folder = model_dir.resolve()
    if folder == out.resolve() or folder in out.resolve().parents:
        raise ConfigError(f"--out {out} lies in --model-dir {model_dir}; write it elsewhere")
