"""Consultation files: the YAML an officer writes, checked and turned into the engine's model."""

from bot.consultations.loading import ConsultationFile, load_data, load_file, load_text
from bot.consultations.problems import ConsultationInvalid, Problem

__all__ = [
    "ConsultationFile",
    "ConsultationInvalid",
    "Problem",
    "load_data",
    "load_file",
    "load_text",
]
