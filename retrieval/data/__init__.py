"""Data tables (abbreviations, agencies, provinces, header names, stop words), one entry per line."""

from importlib import resources


def lines(name: str) -> list[str]:
    """The entries of a data file: its non-empty lines that are not `#` comments, NFC as written."""
    raw = resources.files(__name__).joinpath(name).read_text("utf-8")
    return [line for line in raw.splitlines() if line.strip() and not line.startswith("#")]


def text(name: str) -> str:
    """A whole data file as written (a prompt template), without its trailing newline."""
    return resources.files(__name__).joinpath(name).read_text("utf-8").rstrip("\n")
