"""Khabar's exception classes: each one becomes one clear line on the command line."""

from __future__ import annotations


class KhabarError(Exception):
    """Base class for errors Khabar reports to the user."""


class ModelNotFound(KhabarError):
    """The configured spaCy pipeline is not installed."""


class InputError(KhabarError):
    """One input (file, row) cannot be read; the message names it and the problem."""

    def __init__(self, source: str, problem: str):
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class DataFileError(KhabarError):
    """A data file (actors, lexicon) is malformed; the message names the file and the entry."""
