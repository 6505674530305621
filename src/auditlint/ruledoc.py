"""Rule documentation read from the rules' docstrings (`auditlint rules`, `auditlint explain`,
SARIF help text): one source, so the docs cannot drift from the code."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from auditlint.checks.base import Rule, all_rules

SECTIONS = ("What it does", "Why it matters", "Anti-pattern", "Best practice")


@dataclass(frozen=True)
class RuleDoc:
    code: str
    name: str
    severity: str
    summary: str
    text: str  # the whole docstring, dedented
    sections: dict[str, str]  # section title -> its text (examples dedented, tabs kept)
    lintable: bool  # whether the examples are report snippets that can be checked standalone
    severity_varies: str = ""  # when a finding gets another severity than the default

    @property
    def anti_pattern(self) -> str:
        return self.sections.get("Anti-pattern", "")

    @property
    def best_practice(self) -> str:
        return self.sections.get("Best practice", "")

    def missing(self) -> list[str]:
        """The sections this rule's docstring lacks (or leaves empty)."""
        return [s for s in SECTIONS if not self.sections.get(s, "").strip()]

    def severity_text(self) -> str:
        """`default severity: error; warning when …`, as `explain` and the help text say."""
        text = f"default severity: {self.severity}"
        return f"{text}; {self.severity_varies}" if self.severity_varies else text

    def markdown(self) -> str:
        """The doc as Markdown, examples in code blocks (SARIF help, GitHub)."""
        sev = self.severity_text()
        out = [f"**{self.code} {self.name}**: {self.summary}", "", sev[0].upper() + sev[1:] + ".",
               ""]
        for title in SECTIONS:
            body = self.sections.get(title, "")
            if not body:
                continue
            if title in ("Anti-pattern", "Best practice"):
                out += [f"{title}:", "", "```text", body, "```", ""]
            else:
                out += [f"{title}: {body}", ""]
        return "\n".join(out).rstrip() + "\n"


def parse_sections(doc: str) -> dict[str, str]:
    """Split a docstring at lines that start with a section title and a colon."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in doc.splitlines():
        head = next((t for t in SECTIONS if line.startswith(t + ":")), None)
        if head is not None:
            current = sections.setdefault(head, [])
            rest = line[len(head) + 1:].strip()
            if rest:
                current.append(rest)
        elif current is not None:
            current.append(line)
    out: dict[str, str] = {}
    for title, lines in sections.items():
        if title in ("Anti-pattern", "Best practice"):
            out[title] = textwrap.dedent("\n".join(lines)).strip("\n")
        else:
            out[title] = " ".join(x.strip() for x in lines if x.strip())
    return out


def cleandoc(doc: str) -> str:
    """`inspect.cleandoc` without expanding tabs: the examples' tables are tab-separated."""
    lines = doc.splitlines()
    if not lines:
        return ""
    first, rest = lines[0].strip(), textwrap.dedent("\n".join(lines[1:]))
    return "\n".join([first, rest] if first else [rest]).strip("\n")


def rule_doc(cls: type[Rule]) -> RuleDoc:
    text = cleandoc(cls.__doc__ or "")
    return RuleDoc(code=cls.code, name=cls.name, severity=cls.severity, summary=cls.summary,
                   text=text, sections=parse_sections(text),
                   lintable=getattr(cls, "examples_lintable", True),
                   severity_varies=cls.severity_varies)


def all_docs() -> list[RuleDoc]:
    return [rule_doc(c) for c in all_rules()]


def find_rule(key: str) -> RuleDoc | None:
    """A rule by code (`al101` too) or by name (`sum-mismatch`)."""
    key = key.strip()
    for d in all_docs():
        if d.code == key.upper() or d.name == key.lower():
            return d
    return None


def rules_markdown(docs: list[RuleDoc]) -> str:
    """docs/rules.md: every rule under a heading whose anchor is its code in lower case (the
    SARIF helpUri points there)."""
    out = ["# auditlint rules", "",
           "Generated from the rules' docstrings by `auditlint rules --format markdown`.", ""]
    for d in docs:
        body = d.markdown().split("\n", 2)[2]  # the title line is the heading here
        out += [f"## {d.code}", "", f"**{d.name}**: {d.summary}", "", body.rstrip(), ""]
    return "\n".join(out)
