import pytest

from lint.plugins import load_registry


@pytest.fixture(scope="session")
def registry():
    registry = load_registry()
    assert not registry.errors, registry.errors
    return registry
