"""Spec validation: bad terms give one-line ConfigErrors naming the field."""

from __future__ import annotations

import dataclasses

import pytest

from fingan.core.exceptions import ConfigError
from fingan.products import (
    CPPI,
    Autocallable,
    BufferNote,
    CoveredCall,
    ProtectedNote,
    ReverseConvertible,
)

COMMON = {"underlyings": ("a",), "maturity": 252}
AUTOCALL = {**COMMON, "observation_days": (126, 252), "coupon": 0.04, "knock_in": 0.6}

BAD_SPECS = [
    (ProtectedNote, {**COMMON, "protection": -0.1}, "protection"),
    (ProtectedNote, {**COMMON, "protection": 1.0, "cap": 0.9}, "cap"),
    (ProtectedNote, {**COMMON, "protection": "all"}, "protection"),
    (ProtectedNote, {**COMMON, "protection": True}, "protection"),
    (ProtectedNote, {**COMMON, "protection": float("nan")}, "protection"),
    (ProtectedNote, {**COMMON, "protection": 1.0, "notional": 0}, "notional"),
    (ProtectedNote, {"underlyings": (), "maturity": 5, "protection": 1.0}, "underlyings"),
    (ProtectedNote, {"underlyings": ("a", "a"), "maturity": 5, "protection": 1.0}, "underlyings"),
    (ProtectedNote, {"underlyings": (3,), "maturity": 5, "protection": 1.0}, "underlyings"),
    (ProtectedNote, {"underlyings": ("a",), "maturity": 0, "protection": 1.0}, "maturity"),
    (ProtectedNote, {"underlyings": ("a",), "maturity": 2.5, "protection": 1.0}, "maturity"),
    (BufferNote, {**COMMON, "buffer": 1.2}, "buffer"),
    (BufferNote, {**COMMON, "buffer": 0.1, "participation": -1}, "participation"),
    (ReverseConvertible, {**COMMON, "coupon": 0.05, "knock_in": 0.0}, "knock_in"),
    (ReverseConvertible, {**COMMON, "coupon": 0.05, "knock_in": 1.1}, "knock_in"),
    (ReverseConvertible, {**COMMON, "coupon": -0.05, "knock_in": 0.7}, "coupon"),
    (
        ReverseConvertible,
        {**COMMON, "coupon": 0.05, "knock_in": 0.7, "knock_in_observation": "weekly"},
        "knock_in_observation",
    ),
    (Autocallable, {**AUTOCALL, "knock_in": 0.9, "autocall_trigger": 0.8}, "knock_in"),
    (Autocallable, {**AUTOCALL, "coupon_barrier": 1.1}, "coupon_barrier"),
    (Autocallable, {**AUTOCALL, "observation_days": (126, 63)}, "observation_days"),
    (Autocallable, {**AUTOCALL, "observation_days": (126, 300)}, "observation_days"),
    (Autocallable, {**AUTOCALL, "observation_days": ()}, "observation_days"),
    (Autocallable, {**AUTOCALL, "observation_days": (0, 126)}, "observation_days"),
    (Autocallable, {**AUTOCALL, "memory": "yes"}, "memory"),
    (CoveredCall, {**COMMON, "underlyings": ("a", "b")}, "one underlying"),
    (CoveredCall, {**COMMON, "roll_days": 0}, "roll_days"),
    (CoveredCall, {**COMMON, "strike": 0}, "strike"),
    (CPPI, {**COMMON, "multiplier": 4, "floor": 1.0}, "floor"),
    (CPPI, {**COMMON, "multiplier": 0, "floor": 0.8}, "multiplier"),
    (CPPI, {**COMMON, "multiplier": 4, "floor": 0.8, "rate": -1}, "rate"),
    (CPPI, {**COMMON, "multiplier": 4, "floor": 0.8, "rebalance_days": 1.0}, "rebalance_days"),
]


@pytest.mark.parametrize(
    ("cls", "terms", "field"), BAD_SPECS, ids=[f"{c.__name__}-{f}" for c, _, f in BAD_SPECS]
)
def test_bad_terms_give_a_one_line_error_naming_the_field(cls, terms, field):
    with pytest.raises(ConfigError, match=field) as caught:
        cls(**terms)
    assert "\n" not in str(caught.value)
    assert cls.kind in str(caught.value) or field == "one underlying"


def test_specs_are_frozen_and_keyword_only():
    note = ProtectedNote(**COMMON, protection=1.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        note.protection = 0.5
    with pytest.raises(TypeError):
        ProtectedNote(("a",), 252, 1.0)


def test_values_are_normalised():
    note = Autocallable(
        underlyings="a",
        maturity=252,
        observation_days=[126, 252],
        coupon=0,
        knock_in=1,
    )
    assert note.underlyings == ("a",)
    assert note.observation_days == (126, 252)
    assert isinstance(note.coupon, float)
    assert isinstance(note.knock_in, float)
    assert note.coupon_barrier == note.autocall_trigger == 1.0


def test_a_cppi_floor_of_par_is_accepted_when_the_rate_discounts_it():
    spec = CPPI(underlyings=("a",), maturity=252, multiplier=3, floor=1.0, rate=0.02)
    assert spec.floor == 1.0
