from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REFERENCE = SHARED / "samples" / "000_1035176a5ae2b0d4.txt"


def need_shared(path: Path) -> Path:
    """Skip (with the reason) when ../shared is not beside the checkout."""
    if not path.exists():
        pytest.skip(f"needs {path} (../shared is absent: a clone without the shared data)")
    return path


@pytest.fixture
def reference_text() -> str:
    return need_shared(REFERENCE).read_text(encoding="utf-8")
