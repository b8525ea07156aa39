"""semaxkg: a curated, provenance-first knowledge graph of claims about the peptide Semax."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("semaxkg")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = ["__version__"]
