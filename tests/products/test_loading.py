"""Specs from mappings, JSON and YAML files: round trips and one-line errors naming the field."""

from __future__ import annotations

import json

import pytest
import yaml

from fingan.core.exceptions import ConfigError, FileMissingError
from fingan.products import (
    CPPI,
    PRODUCT_TYPES,
    Autocallable,
    BufferNote,
    CoveredCall,
    ProtectedNote,
    ReverseConvertible,
    load_spec,
    spec_from_dict,
    spec_to_dict,
)

SPECS = [
    ProtectedNote(underlyings=("a",), maturity=252, protection=0.9, cap=1.3),
    BufferNote(underlyings=("a", "b"), maturity=252, buffer=0.1, participation=1.2),
    ReverseConvertible(underlyings=("a",), maturity=252, coupon=0.07, knock_in=0.7),
    Autocallable(
        underlyings=("a", "b"),
        maturity=504,
        observation_days=(126, 252, 378, 504),
        coupon=0.02,
        coupon_barrier=0.7,
        memory=True,
        knock_in=0.6,
    ),
    CoveredCall(underlyings=("a",), maturity=252, strike=1.03, premium=0.005),
    CPPI(underlyings=("a",), maturity=252, multiplier=4, floor=0.9, rate=0.02),
]


def test_every_product_type_is_registered():
    assert set(PRODUCT_TYPES) == {type(spec).kind for spec in SPECS}


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.kind)
def test_a_spec_round_trips_through_json(spec, tmp_path):
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec_to_dict(spec)), encoding="utf-8")
    assert load_spec(path) == spec
    assert spec_from_dict(json.loads(path.read_text(encoding="utf-8"))) == spec


def test_defaults_may_be_left_out():
    spec = spec_from_dict(
        {"type": "cppi", "underlyings": "a", "maturity": 10, "multiplier": 3, "floor": 0.9}
    )
    assert spec == CPPI(underlyings=("a",), maturity=10, multiplier=3.0, floor=0.9)


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"underlyings": ["a"], "maturity": 5}, '"type" field'),
        (
            {"type": "digital", "underlyings": ["a"], "maturity": 5},
            "unknown product type 'digital'",
        ),
        (
            {"type": "buffer_note", "underlyings": ["a"], "maturity": 5, "bufer": 0.1},
            "unknown buffer_note field 'bufer' \\(did you mean 'buffer'\\?\\)",
        ),
        ({"type": "buffer_note", "underlyings": ["a"], "maturity": 5}, "field 'buffer'"),
        ({"type": "cppi", "underlyings": ["a"], "maturity": 5, "floor": 0.9}, "'multiplier'"),
        (
            {
                "type": "reverse_convertible",
                "underlyings": ["a"],
                "maturity": 5,
                "coupon": "7%",
                "knock_in": 0.7,
            },
            "coupon must be a number",
        ),
        (
            {"type": "protected_note", "underlyings": ["a"], "maturity": "1y", "protection": 1},
            "maturity must be a whole number",
        ),
        ([1, 2], "mapping"),
    ],
)
def test_bad_mappings_give_one_line_errors(mapping, message):
    with pytest.raises(ConfigError, match=message) as caught:
        spec_from_dict(mapping)
    assert "\n" not in str(caught.value)


def test_errors_from_a_file_name_it(tmp_path):
    path = tmp_path / "note.json"
    path.write_text('{"type": "buffer_note", "underlyings": ["a"], "maturity": 5}')
    with pytest.raises(ConfigError, match=r"^note\.json: buffer_note spec misses"):
        load_spec(path)


def test_bad_json_gives_one_line_error(tmp_path):
    path = tmp_path / "note.json"
    path.write_text('{"type": "buffer_note",\n "buffer": }')
    with pytest.raises(ConfigError, match=r"note.json is not valid JSON: .* \(line 2") as caught:
        load_spec(path)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.kind)
@pytest.mark.parametrize("suffix", [".yaml", ".yml"])
def test_a_yaml_spec_reads_as_its_json_twin(spec, tmp_path, suffix):
    path = tmp_path / f"spec{suffix}"
    path.write_text(yaml.safe_dump(spec_to_dict(spec)), encoding="utf-8")
    assert load_spec(path) == spec


def test_yaml_that_would_build_an_object_is_refused(tmp_path):
    path = tmp_path / "note.yaml"
    path.write_text('type: !!python/object/apply:os.system ["echo pwned"]\n')
    with pytest.raises(ConfigError, match=r"^note\.yaml is not valid YAML") as caught:
        load_spec(path)
    assert "\n" not in str(caught.value)


def test_bad_yaml_gives_one_line_error(tmp_path):
    path = tmp_path / "note.yaml"
    path.write_text("type: buffer_note\nbuffer: [0.1\n")
    with pytest.raises(ConfigError, match=r"not valid YAML: .*\(line \d+") as caught:
        load_spec(path)
    assert "\n" not in str(caught.value)


def test_a_yaml_list_is_not_a_spec(tmp_path):
    path = tmp_path / "note.yml"
    path.write_text("- buffer_note\n")
    with pytest.raises(ConfigError, match=r"^note\.yml: a product spec must be a mapping"):
        load_spec(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(FileMissingError, match=r"absent\.json"):
        load_spec(tmp_path / "absent.json")
