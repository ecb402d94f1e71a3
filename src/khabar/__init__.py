"""Khabar: news reports about armed conflict in, a sourced, geocoded, reviewable event dataset out."""

from .config import Config
from .pipeline import extract, extract_text
from .records import Claim, Event, Location, Report, ReportResult, TimeSpan

__all__ = [
    "Config",
    "Claim",
    "Event",
    "Location",
    "Report",
    "ReportResult",
    "TimeSpan",
    "extract",
    "extract_text",
]
__version__ = "0.1.0"
