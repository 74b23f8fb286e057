"""Placeholder: this family's rules are being written."""
RULES = []
