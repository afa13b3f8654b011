"""Validation of an import: one module per rule family, all checks in DuckDB SQL.

``runner.validate`` runs every family over the tables of one import and returns one
``RuleResult`` per violated rule (its total and the first examples, each naming file,
row, column and value).
"""
