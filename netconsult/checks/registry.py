"""The rule registry: each rule has a stable code, a severity, a title and a doc line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from netconsult.errors import Place, Problem, Severity
from netconsult.project.load import Project


@dataclass(frozen=True)
class Hit:
    """What a rule reports; the registry adds the rule's code and severity."""

    place: Place
    message: str
    hint: str | None = None


@dataclass(frozen=True)
class Context:
    project: Project
    as_of: dt.date


RuleFunc = Callable[[Context], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str
    doc: str
    func: RuleFunc

    def run(self, ctx: Context) -> Iterator[Problem]:
        for hit in self.func(ctx):
            yield Problem(hit.place, hit.message, hit.hint, severity=self.severity, code=self.code)


RULES: list[Rule] = []


def rule(code: str, severity: Severity, title: str, doc: str) -> Callable[[RuleFunc], RuleFunc]:
    def register(func: RuleFunc) -> RuleFunc:
        if any(r.code == code for r in RULES):
            raise ValueError(f"rule code {code} registered twice")
        RULES.append(Rule(code, severity, title, doc, func))
        return func

    return register


def run_checks(project: Project, as_of: dt.date, select: Iterable[str] = ()) -> list[Problem]:
    """Run every rule (or those whose code starts with one of `select`), findings sorted."""
    from netconsult.checks import rules  # noqa: F401  (registers the rules)

    wanted = tuple(select)
    ctx = Context(project, as_of)
    found: list[Problem] = []
    for r in sorted(RULES, key=lambda r: r.code):
        if not wanted or r.code.startswith(wanted):
            found.extend(r.run(ctx))
    return sorted(found, key=Problem.sort_key)


def all_rules() -> list[Rule]:
    from netconsult.checks import rules  # noqa: F401

    return sorted(RULES, key=lambda r: r.code)
