"""Readers: files (flattened text, layout text, PDF) -> the intermediate table model."""
