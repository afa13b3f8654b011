"""Exports of indicator values: CSV now; XLSX and JSON-stat with the web layer."""
