"""A mini corpus with the sample text beside it in the sources folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_mini
from tests.curation.sample import SAMPLE_TEXT


@pytest.fixture()
def corpus(tmp_path: Path) -> dict[str, Path]:
    """The mini corpus (source-900) and ``sources/sample.txt``, not yet added."""
    mini = write_mini(tmp_path)
    sample = mini["sources"] / "sample.txt"
    sample.write_text(SAMPLE_TEXT, encoding="utf-8")
    return {**mini, "sample": sample}
