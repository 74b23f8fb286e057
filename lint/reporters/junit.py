"""JUnit XML: one test case per file, a failure per finding, an error for a file
that could not be checked."""
from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from lint.reporters import Format, Report
from lint.reporters.text import where

# Characters XML 1.0 cannot carry, even escaped; a message may quote them.
NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(text: str) -> str:
    return NOT_XML.sub("\ufffd", text)


def render_junit(report: Report) -> str:
    suites = ET.Element("testsuites", name="scrapelint")
    suite = ET.SubElement(suites, "testsuite", name="scrapelint")
    tests = failures = errors = 0
    for result in report.results:
        if result.warning:
            continue
        tests += 1
        case = ET.SubElement(suite, "testcase", name=_xml_safe(result.path), classname="scrapelint")
        for message in result.errors:
            errors += 1
            ET.SubElement(case, "error", message=_xml_safe(message))
        for d in result.diagnostics:
            failures += 1
            failure = ET.SubElement(case, "failure", message=_xml_safe(f"{d.code} {d.message}"), type=d.code)
            failure.text = _xml_safe(f"{where(d)}: {d.code} [{d.severity.value}] {d.message}")
    for element in (suites, suite):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", str(errors))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


class JunitFormat(Format):
    """JUnit is one XML document: written at the end."""

    keeps_results = True

    def end(self, report: Report) -> str:
        return render_junit(report)
