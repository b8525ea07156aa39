"""semaxkg: a curated, provenance-first knowledge graph of claims about the peptide Semax."""

# The single source of the version (pyproject.toml reads it): a literal, because looking it up
# with importlib.metadata costs ~90 ms of every start-up.
__version__ = "0.2.0"

__all__ = ["__version__"]
