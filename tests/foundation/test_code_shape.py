"""The shape of the code (README, "Develop it"): small modules and functions, imports that go
one way, and no reaching into a library's private parts.

These read the source with ``ast``; they run nothing of it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "workflows")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 40
# Libraries whose private modules and attributes we never touch.
LIBRARIES = (
    "flask",
    "flask_babel",
    "flask_limiter",
    "flask_login",
    "flask_migrate",
    "flask_sqlalchemy",
    "flask_wtf",
    "jinja2",
    "werkzeug",
    "sqlalchemy",
    "psycopg",
    "weasyprint",
    "limits",
    "babel",
    "wtforms",
    "itsdangerous",
    "transitions",
    "markupsafe",
    "pypdf",
)


def _sources() -> list[Path]:
    return sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


SOURCES = {_module_name(path): path for path in _sources()}
TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in SOURCES.items()}


def test_the_sources_are_found():
    assert "app" in TREES and "app.extensions" in TREES and "workflows.proposal" in TREES


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_modules_stay_small(name):
    lines = SOURCES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{name}: {lines} lines"


def _data_lines(function: ast.AST) -> int:
    """Lines of the function that are literal tables (dicts, lists, tuples of data)."""
    lines: set[int] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Dict | ast.List | ast.Tuple) and node.end_lineno > node.lineno:
            lines.update(range(node.lineno, node.end_lineno + 1))
    return len(lines)


def test_functions_stay_small():
    """Data tables aside: a function that mostly returns a literal table is data."""
    long = []
    for name, tree in TREES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length - _data_lines(node) > MAX_FUNCTION_LINES:
                    long.append(f"{name}.{node.name}: {length} lines")
    assert long == []


def _imported_modules(node: ast.AST, module: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level:  # relative: resolve against the importing package
            package = module.split(".")[: -node.level or None]
            base = ".".join([*package, node.module] if node.module else package)
        else:
            base = node.module or ""
        return [base, *(f"{base}.{alias.name}" for alias in node.names)]
    return []


def test_no_private_parts_of_libraries():
    found = []
    private = re.compile(r"(^|\.)_[a-z]")
    for name, tree in TREES.items():
        for node in ast.walk(tree):
            for imported in _imported_modules(node, name):
                top = imported.split(".")[0]
                if top in LIBRARIES and private.search(imported):
                    found.append(f"{name}: imports {imported}")
            if isinstance(node, ast.Attribute) and node.attr in {
                "_get_current_object",
                "_login_user",
                "_flask_babel",
            }:
                found.append(f"{name}:{node.lineno}: .{node.attr}")
    assert found == []


def test_no_html_escaped_by_hand():
    found = [
        f"{name}: {line.strip()}"
        for name, path in SOURCES.items()
        for line in path.read_text(encoding="utf-8").splitlines()
        if "Markup(" in line or "noqa: S704" in line
    ]
    assert found == []


def _function_imports(tree: ast.AST, module: str) -> list[str]:
    inner = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for child in ast.walk(node):
                inner += [m for m in _imported_modules(child, module) if m in SOURCES]
    return inner


def test_our_modules_are_imported_at_the_top():
    """An import inside a function hides a cycle; `except ImportError` hides a missing area."""
    found = []
    for name, tree in TREES.items():
        found += [
            f"{name} imports {inner} in a function" for inner in _function_imports(tree, name)
        ]
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and "ImportError" in ast.unparse(
                node.type or node
            ):
                found.append(f"{name}:{node.lineno}: except ImportError")
            if isinstance(node, ast.Attribute) and node.attr == "view_functions":
                found.append(f"{name}:{node.lineno}: looks at view_functions")
    assert found == []


def _top_level_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, tree in TREES.items():
        edges = graph.setdefault(name, set())
        for node in tree.body:
            if isinstance(node, ast.If):  # `if TYPE_CHECKING:` imports do not run
                continue
            edges.update(m for m in _imported_modules(node, name) if m in SOURCES and m != name)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_imports_go_one_way():
    """No two modules import each other, directly or around a circle (a package's
    ``__init__`` importing its own submodules aside)."""
    graph = _top_level_graph()
    for name in graph:  # a package may gather its submodules
        graph[name] = {m for m in graph[name] if not m.startswith(name + ".")}
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
