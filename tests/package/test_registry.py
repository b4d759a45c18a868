"""The generic Registry: lookups by name, suffix and sniffer; built-in modules loaded lazily."""

import sys

import pytest

from refbridge._registry import Registry


def test_lookup_by_name_suffix_and_sniffer():
    registry: Registry[str] = Registry("thing")
    registry.register("a", "A", suffixes=(".A",), sniff=lambda head: head.startswith(b"@"))
    registry.register("b", "B", sniff=lambda head: True)
    assert registry.get("a") == "A"
    assert registry.name_for_suffix(".a") == "a"  # suffixes are case-insensitive
    assert registry.name_for_suffix(".b") is None
    assert registry.sniff(b"@x") == "a"  # first registered sniffer wins
    assert registry.sniff(b"x") == "b"
    assert registry.names() == ["a", "b"] == list(registry)
    with pytest.raises(KeyError, match="unknown thing 'c'; known: a, b"):
        registry.get("c")


def _write_module(directory, name, body):
    (directory / f"{name}.py").write_text(body, encoding="utf-8")


@pytest.fixture
def module_dir(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in [n for n in sys.modules if n.startswith("rb_builtin_")]:
        del sys.modules[name]


def test_builtin_modules_load_on_first_lookup_not_before(module_dir):
    registry: Registry[str] = Registry(
        "thing", builtin_modules=("rb_builtin_one", "rb_builtin_absent")
    )
    sys.modules["rb_builtin_registry"] = registry  # type: ignore[assignment]
    _write_module(
        module_dir,
        "rb_builtin_one",
        "import rb_builtin_registry as r\nr.register('one', 'ONE', suffixes=('.one',))\n",
    )
    try:
        assert "rb_builtin_one" not in sys.modules  # making the registry imports nothing
        assert registry.name_for_suffix(".one") == "one"  # a missing built-in is skipped
        assert registry.get("one") == "ONE"
        assert "one" in registry
    finally:
        del sys.modules["rb_builtin_registry"]


def test_a_broken_builtin_module_raises_and_is_tried_again(module_dir):
    _write_module(module_dir, "rb_builtin_broken", "import rb_builtin_missing_dependency\n")
    registry: Registry[str] = Registry("thing", builtin_modules=("rb_builtin_broken",))
    with pytest.raises(ModuleNotFoundError, match="rb_builtin_missing_dependency"):
        registry.names()
    with pytest.raises(ModuleNotFoundError):  # not silently forgotten after the first failure
        registry.names()
