"""Normalisation: intermediate tables -> plan records (fields, refs, leads, status, dates, targets)."""
