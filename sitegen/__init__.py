"""sitegen: a static timeline site generator for collected news articles."""

from pathlib import Path

__version__ = "0.1.0"

DATA_DIR = Path(__file__).resolve().parent / "data"
"""The packaged knowledge: YAML that a site's content/ files of the same name extend."""
