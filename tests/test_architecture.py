"""The architecture as a checked contract: layer order, private names, module size.

docs/architecture.md draws the same picture. Every import counts, including those under
``TYPE_CHECKING`` and inside functions: a lower layer that names a higher one in any way
already depends on it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

import fingan

PACKAGE_ROOT = Path(fingan.__file__).parent

LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("data",),
    ("datasets",),
    ("transforms",),
    ("nn",),
    ("training",),
    ("models", "baselines"),
    ("scenarios",),
    ("metrics",),
    ("products", "explain", "audit"),
    ("evaluation",),
    ("report",),
    ("apps",),
    ("cli",),
)
"""fingan's packages from the bottom up. A package imports only packages of lower layers;
packages of one layer (the GANs and the classical baselines) do not import each other."""

CLI_MAY_IMPORT = frozenset({"cli", "apps", "core"})
"""The command line is a thin layer over the apps: it calls nothing else."""

MAX_LINES = 400
LONG_MODULES: dict[str, str] = {}
"""Modules allowed past :data:`MAX_LINES`, with the reason."""


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. "fingan.apps.market.study"
    target: str  # the imported module, e.g. "fingan.core.paths"
    names: tuple[str, ...]  # names imported from it (empty for ``import x``)
    line: int

    def __str__(self) -> str:
        names = f" ({', '.join(self.names)})" if self.names else ""
        return f"{self.module}:{self.line} imports {self.target}{names}"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def fingan_imports() -> list[Import]:
    found: list[Import] = []
    for path in sorted(PACKAGE_ROOT.rglob("*.py")):
        module = module_name(path)
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [
                    Import(module, alias.name, (), node.lineno)
                    for alias in node.names
                    if alias.name.split(".")[0] == "fingan"
                ]
            elif isinstance(node, ast.ImportFrom):
                target = resolve(module, is_package, node.module, node.level)
                if target.split(".")[0] == "fingan":
                    names = tuple(alias.name for alias in node.names)
                    found.append(Import(module, target, names, node.lineno))
    return found


def resolve(module: str, is_package: bool, target: str | None, level: int) -> str:
    if level == 0:
        return target or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, target] if target else base)


def package_of(module: str) -> str:
    """The top-level fingan package of a module (``""`` for ``fingan`` itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def layer_of(package: str) -> int:
    for index, layer in enumerate(LAYERS):
        if package in layer:
            return index
    raise AssertionError(f"package fingan.{package} is in no layer of {LAYERS}")


def test_every_package_has_a_layer():
    packages = {path.name for path in PACKAGE_ROOT.iterdir() if (path / "__init__.py").is_file()}
    for package in packages:
        layer_of(package)


def test_no_package_imports_a_higher_layer_or_a_sibling():
    wrong = []
    for item in fingan_imports():
        source, target = package_of(item.module), package_of(item.target)
        if source in ("", target) or target == "":
            continue
        if layer_of(target) >= layer_of(source):
            wrong.append(str(item))
    assert not wrong, "imports against the layer order:\n" + "\n".join(wrong)


def test_the_command_line_calls_the_apps_only():
    wrong = [
        str(item)
        for item in fingan_imports()
        if package_of(item.module) == "cli" and package_of(item.target) not in CLI_MAY_IMPORT
    ]
    assert not wrong, "the CLI reaches past the apps:\n" + "\n".join(wrong)


def owner_of_private(target: str, name: str | None) -> str | None:
    """The package that owns a private module or name, or ``None`` if nothing is private."""
    parts = target.split(".")
    for index, part in enumerate(parts):
        if part.startswith("_") and not part.startswith("__"):
            return ".".join(parts[:index])
    if name is not None and name.startswith("_") and not name.startswith("__"):
        return target if is_package(target) else ".".join(parts[:-1])
    return None


def is_package(module: str) -> bool:
    return PACKAGE_ROOT.parent.joinpath(*module.split("."), "__init__.py").is_file()


def test_no_private_name_is_used_outside_its_package():
    wrong = []
    for item in fingan_imports():
        for name in item.names or (None,):
            owner = owner_of_private(item.target, name)
            if owner is not None and not (item.module + ".").startswith(owner + "."):
                wrong.append(str(item))
    assert not wrong, "private names used outside their package:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    "path", sorted(PACKAGE_ROOT.rglob("*.py")), ids=lambda path: module_name(path)
)
def test_modules_stay_small(path):
    module = module_name(path)
    lines = len(path.read_text(encoding="utf-8").splitlines())
    if module in LONG_MODULES:
        return
    assert lines <= MAX_LINES, f"{module} has {lines} lines; split it or state why in LONG_MODULES"


def test_the_checks_catch_what_they_should():
    assert resolve("fingan.apps.market.study", False, "result", 1) == "fingan.apps.market.result"
    assert owner_of_private("fingan.models._checks", "x") == "fingan.models"
    assert owner_of_private("fingan.report.palette", "_PALETTE") == "fingan.report"
    assert owner_of_private("fingan.apps", "_helper") == "fingan.apps"
    assert owner_of_private("fingan.core.paths", "ReturnPaths") is None
    assert layer_of("core") < layer_of("models") == layer_of("baselines") < layer_of("apps")
