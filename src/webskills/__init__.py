"""webskills: self-assessment of competences for French web jobs, against e-CF and ROME profiles."""

__version__ = "0.1.0"

__all__ = ["__version__"]
