"""GitLab code quality and JUnit XML, each checked against the published shape of its format:
GitLab's code quality report (docs.gitlab.com, "Code Quality report format": an array of
issues with description, check_name, fingerprint, severity on its five-step scale, and a
location with a path and a begin line) and the JUnit XML read by Jenkins' xUnit plugin and
GitLab (junit-10.xsd: testsuites > testsuite > testcase with failure, error or skipped, and the
attributes each requires). The schemas below restate those documents' constraints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from auditlint.cli import main
from auditlint.findings import FileResult, Finding
from auditlint.report.gitlab import render_gitlab
from auditlint.report.junit import render_junit

jsonschema = pytest.importorskip("jsonschema")
etree = pytest.importorskip("lxml.etree")

GITLAB_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path"],
                "properties": {
                    "path": {"type": "string", "minLength": 1, "not": {"pattern": "^(/|\\./)"}},
                    "lines": {"type": "object", "required": ["begin"],
                              "properties": {"begin": {"type": "integer", "minimum": 1}}},
                    "positions": {
                        "type": "object", "required": ["begin"],
                        "properties": {"begin": {"type": "object", "required": ["line"],
                                                 "properties": {"line": {"type": "integer",
                                                                         "minimum": 1}}}}},
                },
                "anyOf": [{"required": ["lines"]}, {"required": ["positions"]}],
            },
        },
    },
}

JUNIT_XSD = b"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:complexType name="outcome" mixed="true">
    <xs:attribute name="type" type="xs:string"/>
    <xs:attribute name="message" type="xs:string"/>
  </xs:complexType>
  <xs:element name="testcase">
    <xs:complexType>
      <xs:choice minOccurs="0" maxOccurs="unbounded">
        <xs:element name="failure" type="outcome"/>
        <xs:element name="error" type="outcome"/>
        <xs:element name="skipped" type="outcome"/>
        <xs:element name="system-out" type="xs:string"/>
        <xs:element name="system-err" type="xs:string"/>
      </xs:choice>
      <xs:attribute name="name" type="xs:string" use="required"/>
      <xs:attribute name="classname" type="xs:string"/>
      <xs:attribute name="time" type="xs:string"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="testsuite">
    <xs:complexType>
      <xs:choice minOccurs="0" maxOccurs="unbounded">
        <xs:element ref="testcase"/>
        <xs:element name="system-out" type="xs:string"/>
        <xs:element name="system-err" type="xs:string"/>
      </xs:choice>
      <xs:attribute name="name" type="xs:string" use="required"/>
      <xs:attribute name="tests" type="xs:nonNegativeInteger" use="required"/>
      <xs:attribute name="failures" type="xs:nonNegativeInteger" use="required"/>
      <xs:attribute name="errors" type="xs:nonNegativeInteger" use="required"/>
      <xs:attribute name="skipped" type="xs:nonNegativeInteger"/>
      <xs:attribute name="time" type="xs:string"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="testsuites">
    <xs:complexType>
      <xs:sequence>
        <xs:element ref="testsuite" minOccurs="0" maxOccurs="unbounded"/>
      </xs:sequence>
      <xs:attribute name="name" type="xs:string"/>
      <xs:attribute name="tests" type="xs:nonNegativeInteger"/>
      <xs:attribute name="failures" type="xs:nonNegativeInteger"/>
      <xs:attribute name="errors" type="xs:nonNegativeInteger"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
"""
JUNIT = etree.XMLSchema(etree.fromstring(JUNIT_XSD))

REPORT = "本年收入 520.40 万元，其中：财政拨款收入 500.00 万元，其他收入 30.40 万元。\n"
CLEAN = "本年收入 530.40 万元，其中：财政拨款收入 500.00 万元，其他收入 30.40 万元。\n"
UNREADABLE = (
    "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"
    "产出指标 数量指标 印刷份数>=2 万份\n=2 万份 10 10\n质量指标 合格率>=95%\n=96% 10 10\n"
    "总分 20 25\n"
)


def run(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(main, ["check", *args])
    return r.exit_code, r.stdout


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(REPORT + "\n" + REPORT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "c.txt").write_text(UNREADABLE, encoding="utf-8")
    (tmp_path / "d.txt").write_bytes(b"")
    return tmp_path


def test_gitlab_report_has_the_published_shape(reports: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(reports.parent)
    code, out = run("--format", "gitlab", str(reports))  # absolute paths, made relative
    assert code == 2  # d.txt cannot be read
    issues = json.loads(out)
    jsonschema.validate(issues, GITLAB_SCHEMA)
    assert [i["check_name"].split()[0] for i in issues] == ["AL102", "AL102", "AL902", "AL901"]
    assert [i["severity"] for i in issues] == ["major", "major", "info", "major"]
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert issues[1]["location"]["positions"]["begin"]["line"] == 3


def test_gitlab_empty_run_is_an_empty_array(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(CLEAN, encoding="utf-8")
    code, out = run("--format", "gitlab", str(tmp_path))
    assert code == 0 and json.loads(out) == []


def test_junit_report_has_the_published_shape(reports: Path) -> None:
    code, out = run("--format", "junit", str(reports))
    assert code == 2
    doc = etree.fromstring(out.encode("utf-8"))
    JUNIT.assertValid(doc)
    assert (doc.get("tests"), doc.get("failures"), doc.get("errors")) == ("5", "2", "1")
    suites = {Path(s.get("name")).name: s for s in doc.iter("testsuite")}
    assert suites["a.txt"].get("failures") == "2"
    assert [c.tag for c in suites["b.txt"].find("testcase")] == []  # passing
    assert suites["c.txt"].find("testcase/skipped").get("type") == "AL902"
    assert suites["d.txt"].find("testcase/error").get("type") == "AL901"


def test_junit_written_when_the_run_cannot_proceed(tmp_path: Path) -> None:
    out_file = tmp_path / "junit.xml"
    code, _ = run("--format", "junit", "-o", str(out_file), str(tmp_path / "missing.txt"))
    assert code == 2
    doc = etree.fromstring(out_file.read_bytes())
    JUNIT.assertValid(doc)
    assert doc.get("errors") == "1" and "missing.txt" in doc.find("testsuite/testcase/error").text


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=40)


@given(st.lists(st.tuples(st.sampled_from(["a.txt", "报告 <1>.md", "x&y.pdf"]),
                          st.sampled_from(["error", "warning", "info"]), _text,
                          st.sampled_from(["AL101", "AL901", "AL902"])), max_size=8))
def test_any_findings_give_valid_gitlab_and_junit(items: list[tuple[str, str, str, str]]) -> None:
    """Messages of any text (XML metacharacters, control characters excepted by XML itself)
    keep both documents valid, and GitLab fingerprints unique."""
    import re

    bad_xml = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
    findings = [Finding(code=c, rule="r", severity=s, path=p, line=1, column=1, end_line=1,
                        end_column=2, message=bad_xml.sub("", m) or "m")
                for p, s, m, c in items]
    issues = json.loads(render_gitlab(findings))
    jsonschema.validate(issues, GITLAB_SCHEMA)
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    files = [FileResult(path=p, format="text") for p in sorted({f.path for f in findings})]
    JUNIT.assertValid(etree.fromstring(render_junit(files, findings).encode("utf-8")))
