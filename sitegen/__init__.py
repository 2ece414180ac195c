"""sitegen: documents in, an interactive timeline site of their dated events out."""

__version__ = "0.1.0"
