"""sitegen: a static timeline site generator for collected news articles."""

__version__ = "0.1.0"
