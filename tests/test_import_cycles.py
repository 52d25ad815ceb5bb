"""No import circles among juesuan's own modules.

A circle hides behind imports made inside functions: it works until someone moves an import to the top of a
file, and it means neither module can be understood, tested or moved without the other. The graph is read
with `ast` from the source (nothing is imported), over the folders pyproject.toml maps into `juesuan.*`
(juesuan/, extract/, normalize/, schemas/), counting imports at module level and inside functions alike;
only imports under `if TYPE_CHECKING:` are left out (they never run). Each circle is reported as one path
through its strongly connected component.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def package_dirs() -> dict[str, Path]:
    """Top-level package name → its folder, as pyproject.toml's [tool.setuptools] package-dir maps them."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")  # no tomllib before Python 3.11
    table = re.search(r"^package-dir\s*=\s*\{(.*?)\}", text, re.M | re.S)
    assert table, "pyproject.toml has no [tool.setuptools] package-dir"
    return {name: ROOT / folder for name, folder in re.findall(r'"([\w.]+)"\s*=\s*"([^"]+)"', table.group(1))}


def product_modules() -> dict[str, Path]:
    """Every module's dotted name → its file (a package is its __init__.py), sub-folders included."""
    modules: dict[str, Path] = {}
    for package, folder in package_dirs().items():
        for path in sorted(folder.rglob("*.py")):
            rel = path.relative_to(folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            if any(p in {"tests", "__pycache__"} for p in parts):
                continue
            modules[".".join([package, *parts])] = path
    return modules


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """ids of the import nodes under `if TYPE_CHECKING:` (or `typing.TYPE_CHECKING`)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else test.attr if isinstance(test, ast.Attribute) else ""
            if name == "TYPE_CHECKING":
                for inner in node.body:
                    skipped.update(id(n) for n in ast.walk(inner))
    return skipped


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The product modules `name` imports anywhere in its file (module level or inside a function)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skipped = _type_checking_nodes(tree)
    is_package = path.name == "__init__.py"
    here = name.split(".") if is_package else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    found.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = here[:len(here) - (node.level - 1)] if node.level > 1 else here
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in modules:  # `from pkg import module`
                    found.add(sub)
                elif base in modules:  # `from module import name`
                    found.add(base)
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = product_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively: the components of more than one module, each sorted, sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        components.append(sorted(component))
    return sorted(components)


def a_circle(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """One shortest path from the component's first module back to itself, inside the component."""
    members = set(component)
    start = component[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for child in sorted(graph[node] & members):
            if child == start:
                return paths[node] + [start]
            if child not in paths:
                paths[child] = paths[node] + [child]
                queue.append(child)
    raise AssertionError(f"no circle through {start} in {component}")


def circles() -> dict[str, str]:
    """Each circle's modules ("a <-> b <-> c", the strongly connected component) → one path around it."""
    graph = import_graph()
    return {" <-> ".join(c): " -> ".join(a_circle(graph, c)) for c in strongly_connected(graph)}


def test_the_cycle_finder_finds_a_circle_hidden_in_a_function_and_none_in_a_chain():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert strongly_connected(graph) == [["a", "b", "c"]]
    assert a_circle(graph, ["a", "b", "c"]) == ["a", "b", "c", "a"]
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_imports_are_read_at_module_level_in_functions_and_relative_to_the_mapped_package(tmp_path):
    modules = {"juesuan.model": Path("m"), "juesuan.extract": Path("e"), "juesuan.extract.pdf": Path("p"),
               "juesuan.extract.document": tmp_path / "document.py", "juesuan.batch": Path("b")}
    (tmp_path / "document.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "from ..model import Word\n"
        "def read():\n"
        "    from .pdf import open_pdf\n"
        "    import juesuan.batch\n"
        "if TYPE_CHECKING:\n"
        "    from juesuan.extract import pdf\n", encoding="utf-8")
    found = imports_of("juesuan.extract.document", tmp_path / "document.py", modules)
    assert found == {"juesuan.model", "juesuan.extract.pdf", "juesuan.batch"}


def test_the_graph_covers_the_mapped_folders():
    graph = import_graph()
    assert {"juesuan.pipeline", "juesuan.extract.tables", "juesuan.normalize.amounts"} <= set(graph)
    assert "juesuan.model" in graph["juesuan.extract.tables"]  # `from juesuan.model import …` in extract/tables.py


def test_no_import_circles_among_product_modules():
    """The three circles found when this test was written (batch <-> ray_engine (now ray_runner), dataset <-> output,
    the readers <-> extract/document) were broken by moving the shared piece down (jobs.py, records.py,
    extract/readers/base.py)."""
    found = circles()
    assert not found, "import circles:\n" + "\n".join(f"{m}: {p}" for m, p in found.items())


def test_product_modules_import_each_other_by_absolute_name():
    """extract/, normalize/ and schemas/ are mapped into juesuan.* by pyproject.toml, so `from ..model import` in
    extract/tables.py names a file no path on disk shows; `from juesuan.model import` says which module is meant."""
    relative = []
    for name, path in product_modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        relative += [f"{name}:{n.lineno}" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level]
    assert not relative, "relative imports: " + ", ".join(relative)


# what the table catalogue may import: itself and the model/normalize level below it (data flows one way: readers
# and checks read the catalogue, the catalogue reads neither)
SPEC_MAY_IMPORT = re.compile(r"juesuan\.(?:spec(?:\..+)?|model|normalize(?:\..+)?)")


def test_the_table_catalogue_imports_neither_extraction_nor_checks():
    graph = import_graph()
    spec_modules = [m for m in graph if m == "juesuan.spec" or m.startswith("juesuan.spec.")]
    assert {"juesuan.spec", "juesuan.spec.registry", "juesuan.spec.table"} <= set(spec_modules)
    wrong = {m: sorted(i for i in graph[m] if not SPEC_MAY_IMPORT.fullmatch(i)) for m in spec_modules}
    assert not any(wrong.values()), {m: i for m, i in wrong.items() if i}


def _private_attributes(tree: ast.AST, modules: dict[str, Path]) -> list[tuple[int, str]]:
    """`c._NAME` where `c` names a product module (`from juesuan.extract import columns as c`, `import … as c`)."""
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            aliases.update({a.asname or a.name: f"{node.module}.{a.name}" for a in node.names
                            if f"{node.module}.{a.name}" in modules})
        elif isinstance(node, ast.Import):
            aliases.update({a.asname: a.name for a in node.names if a.asname and a.name in modules})
    return [(n.lineno, f"{aliases[n.value.id]}.{n.attr}") for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id in aliases
            and n.attr.startswith("_") and not n.attr.startswith("__")]


def test_no_module_imports_another_modules_private_vocabulary():
    """`from juesuan.extract.columns import _EXPENDITURE` in a check is how the checks used to learn what a table
    is; the catalogue (juesuan/spec) says it now. A private name (leading underscore) stays in its module."""
    found = []
    modules = product_modules()
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found += [f"{name}:{line} uses {attribute}" for line, attribute in _private_attributes(tree, modules)]
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and any(a.name.startswith("_") for a in node.names):
                if node.module and node.module != "__future__":
                    found.append(f"{name}:{node.lineno} from {node.module} import "
                                 + ", ".join(a.name for a in node.names if a.name.startswith("_")))
    assert not found, "\n".join(found)
