"""The public surface: a curated, sorted __all__ whose every name exists, and py.typed."""

from __future__ import annotations

import os

import waitable


def test_all_is_sorted_and_complete() -> None:
    assert waitable.__all__ == sorted(waitable.__all__)
    for name in waitable.__all__:
        assert getattr(waitable, name) is not None
    public = {n for n in vars(waitable) if not n.startswith("_") and n != "annotations"}
    assert public - {"os"} == set(waitable.__all__)


def test_package_is_typed_and_ships_its_schema() -> None:
    here = os.path.dirname(waitable.__file__)
    assert os.path.exists(os.path.join(here, "py.typed"))
    assert os.path.exists(waitable.schema_path())
