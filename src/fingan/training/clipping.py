"""The sum of per-row clipped gradients of a network of linear and layer-norm layers.

DP-SGD clips each row's gradient to a norm ``C`` before summing. For a layer applied to each row
on its own, row ``i``'s gradient of a linear layer's weight is the outer product
``g_i a_i^T`` of the gradient ``g_i`` at the layer's output and the layer's input ``a_i``, so
its norm is ``||g_i|| ||a_i||`` (Goodfellow, 2015; "ghost clipping", Li et al., 2022); a
layer norm's weight gets ``g_i * xhat_i`` (``xhat_i`` the normalised input) and every bias
``g_i``. One backward pass, to the layers' outputs only, therefore gives every row's norm, and
the clipped sum is ``sum_i f_i g_i a_i^T`` with ``f_i = min(1, C / ||grad_i||)``: neither a
per-row gradient nor a second backward pass is formed. This is the computation of opacus'
ghost clipping for these two layer types, without its module wrapper and hooks on every call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import torch
import torch.nn.functional as F  # noqa: N812
from torch import Tensor, nn

__all__ = ["clipped_gradient_sum"]

_LAYERS = (nn.Linear, nn.LayerNorm)


def clipped_gradient_sum(
    network: nn.Module,
    terms_of: Callable[[], Tensor],
    parameters: list[nn.Parameter],
    max_grad_norm: float,
) -> list[Tensor]:
    """Return, for each of ``parameters``, the sum over rows of the row's gradient clipped.

    Parameters
    ----------
    network : nn.Module
        Its layers with parameters must be :class:`~torch.nn.Linear` or
        :class:`~torch.nn.LayerNorm`, each applied once per pass to inputs ``(rows, features)``.
    terms_of : callable
        Runs ``network`` (once or through several of its parts) and returns each row's loss
        term, ``(rows,)``; a row's term may depend only on that row.
    parameters : list of nn.Parameter
        The parameters to return sums for (those of ``network`` that are trained).
    max_grad_norm : float
        ``C``: each row's gradient over all ``parameters`` is scaled to at most this norm.

    Raises
    ------
    ValueError
        If ``network`` holds another kind of layer with parameters, or a layer runs twice or on
        inputs of another shape.
    """
    modules = list(network.modules())
    others = [
        type(module).__name__
        for module in modules
        if not isinstance(module, _LAYERS) and _has_parameters(module)
    ]
    if others:
        raise ValueError(f"per-row clipping supports linear and layer-norm layers; got {others}")
    with _recorded_layers([module for module in modules if isinstance(module, _LAYERS)]) as records:
        terms = terms_of()
    size = terms.shape[0]
    wanted = {id(parameter) for parameter in parameters}
    records = [record for record in records if _trains(record[0], wanted)]
    if len({id(module) for module, _, _ in records}) != len(records):
        raise ValueError("per-row clipping needs each layer to run once per pass")
    if any(inputs.dim() != 2 or inputs.shape[0] != size for _, inputs, _ in records):
        raise ValueError("per-row clipping needs each layer's input to hold one row per term")
    outputs = [output for _, _, output in records]
    found: tuple[Tensor | None, ...] = torch.autograd.grad(terms.sum(), outputs, allow_unused=True)
    pieces = []
    squared = terms.new_zeros(size)
    for (module, inputs, _), gradient in zip(records, found, strict=True):
        if gradient is None:
            continue
        features = inputs.detach()
        if isinstance(module, nn.LayerNorm):
            features = F.layer_norm(features, module.normalized_shape, eps=module.eps)
            squared += (gradient * features).square().sum(dim=1)
        else:
            squared += features.square().sum(dim=1) * gradient.square().sum(dim=1)
        if module.bias is not None:
            squared += gradient.square().sum(dim=1)
        pieces.append((module, features, gradient))
    factors = (max_grad_norm / (squared.sqrt() + 1e-6)).clamp(max=1.0)
    sums: dict[int, Tensor] = {}
    for module, features, gradient in pieces:
        weighted = gradient * factors.unsqueeze(1)
        if isinstance(module, nn.LayerNorm):
            sums[id(module.weight)] = (weighted * features).sum(dim=0)
        else:
            sums[id(module.weight)] = weighted.T @ features
        if module.bias is not None:
            sums[id(module.bias)] = weighted.sum(dim=0)
    return [sums.get(id(p), torch.zeros_like(p)).reshape(p.shape) for p in parameters]


def _has_parameters(module: nn.Module) -> bool:
    return any(parameter is not None for parameter in module._parameters.values())


def _trains(module: nn.Module, wanted: set[int]) -> bool:
    return any(id(parameter) in wanted for parameter in module._parameters.values())


@contextmanager
def _recorded_layers(layers: list[nn.Module]) -> Iterator[list[tuple[nn.Module, Tensor, Tensor]]]:
    """Record ``(layer, input, output)`` of every call of ``layers`` while inside."""
    records: list[tuple[nn.Module, Tensor, Tensor]] = []

    def record(module: nn.Module, inputs: tuple[Tensor, ...], output: Tensor) -> None:
        records.append((module, inputs[0], output))

    handles = [layer.register_forward_hook(record) for layer in layers]
    try:
        yield records
    finally:
        for handle in handles:
            handle.remove()
