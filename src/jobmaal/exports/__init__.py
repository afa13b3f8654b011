"""Exports of indicator values: CSV (plain and for Danish Excel), XLSX and JSON-stat 2.0, all through the gate."""
