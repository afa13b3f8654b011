"""Typed page contexts: each page renders one frozen dataclass, and the tests check these, not HTML."""
