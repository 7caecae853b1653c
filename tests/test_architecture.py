"""The house's shape, checked on every run: arrows point one way between areas, no import cycles,
no imports by string, and no import hidden inside a function without a comment saying why.

The layers (ARCHITECTURE.md): an area may import its own modules and those of lower layers only.
A new area must be given its layer here, which is the moment to decide where it sits.
"""

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.pure

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {
    "core": 0,
    "courses": 1,
    "quizzes": 2,
    "case_library": 2,
    "simulator": 2,
    "assessment": 3,
    "practice": 4,
    "certification": 5,
}
TOP_LEVEL = {"app": 9, "tools": 9, "config": -1}  # the factory and tools see all; config none


def _modules() -> dict[str, Path]:
    found = {}
    for package in [*LAYERS, "tools"]:
        for path in (ROOT / package).rglob("*.py"):
            if "translations" in path.parts or "content" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    found["app"] = ROOT / "app.py"
    found["config"] = ROOT / "config.py"
    return found


MODULES = _modules()


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, at module level) for every import of a project module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    function_lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function_lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            if name in MODULES:
                found.append((name, node.lineno, node.lineno not in function_lines))
    return found


def _area(module: str) -> str:
    return module.split(".")[0]


def _layer(module: str) -> int:
    area = _area(module)
    return LAYERS.get(area, TOP_LEVEL.get(area, 0))


def test_every_package_has_a_layer():
    packages = {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in ("tests", "tools", "bench", "migrations")
    }
    assert packages <= set(LAYERS), f"give these areas a layer: {sorted(packages - set(LAYERS))}"


def test_areas_import_only_their_own_layer_or_lower():
    upward = []
    for module, path in MODULES.items():
        for imported, line, _top in _imports(path):
            same_area = _area(imported) == _area(module)
            if not same_area and _layer(imported) >= _layer(module) and _layer(module) < 9:
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    assert not upward, "imports against the layers:\n" + "\n".join(upward)


def test_there_are_no_import_cycles():
    graph = {
        module: {name for name, _line, top in _imports(path) if top and name != module}
        for module, path in MODULES.items()
    }
    # A package's __init__ importing its own submodules is how a blueprint collects its views.
    graph = {
        module: {n for n in edges if not n.startswith(module + ".")}
        for module, edges in graph.items()
    }
    cycles = []
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for nxt in sorted(graph.get(module, ())):
            if state.get(nxt) == 1:
                cycles.append(" → ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_no_import_by_string_and_no_hidden_imports():
    problems = []
    for path in MODULES.values():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        if "__import__(" in text or "import_module(" in text:
            problems.append(f"{path.relative_to(ROOT)}: imports by string")
        for _name, line, top in _imports(path):
            before = lines[line - 2].strip() if line > 1 else ""
            if not top and "#" not in lines[line - 1] and not before.startswith("#"):
                problems.append(f"{path.relative_to(ROOT)}:{line}: import inside a function")
    assert not problems, "\n".join(problems)
