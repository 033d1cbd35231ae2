"""Deliverable and consistency rules: Project → findings with codes, severities and places."""

from netconsult.checks.registry import RULES, Rule, run_checks

__all__ = ["RULES", "Rule", "run_checks"]
