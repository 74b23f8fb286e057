"""The command line: ``scrapelint check|rule|rules`` (``python -m lint`` is the same).

Exit codes: 0 nothing to report, 1 findings remain (or, with --diff, there is
something to fix), 2 a usage or configuration error, a plugin that failed to
load, a file that could not be processed, or a rule that failed on a document
(the other files and rules are still checked and reported); 130 interrupted,
141 the reader of the report went away (a closed pipe).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from pathlib import Path
from contextlib import contextmanager
from itertools import chain
from typing import TYPE_CHECKING, Iterable, Iterator, List, Optional, Sequence, TextIO

from lint import __version__
from lint.config import ConfigError, Settings, enabled_codes, expand_selectors, load_settings
from lint.plugins import Registry, load_registry
from lint.reporters import FORMATS, HUMAN_FORMATS, Report, Tally, output_format

if TYPE_CHECKING:  # (the runner is imported when a check runs: `scrapelint rules` does not pay for it)
    from lint.runner import FileResult

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
PARALLEL_THRESHOLD = 32  # below this many files a process pool costs more than it saves


class UsageError(Exception):
    pass


def _selector_list(value: str) -> List[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scrapelint",
        description="Lint scraped article text: site chrome, truncation, names, duplication, encoding, whitespace.",
    )
    parser.add_argument("--version", action="version", version=f"scrapelint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="check files, folders or standard input",
                                description="Check article files (.txt; .jsonl corpora given by name or by include).")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders; - reads standard input (default: .)")
    check.add_argument("--fix", action="store_true", help="apply safe fixes, rewriting files in place")
    check.add_argument("--unsafe-fixes", action="store_true", help="also apply (with --fix) or show unsafe fixes")
    check.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; change nothing")
    check.add_argument("--show-fixes", action="store_true", help="list the fixes that were applied")
    check.add_argument("--select", type=_selector_list, metavar="RULES",
                       help="comma-separated codes, prefixes (CH), names or families to check (replaces the configured set)")
    check.add_argument("--extend-select", type=_selector_list, default=[], metavar="RULES",
                       help="rules to add to the selection")
    check.add_argument("--ignore", type=_selector_list, default=[], metavar="RULES", help="rules to leave out")
    check.add_argument("--output-format", choices=list(FORMATS), default=os.environ.get("SCRAPELINT_OUTPUT_FORMAT", "full"),
                       help="how to report findings (default: full)")
    check.add_argument("--output-file", "-o", metavar="FILE", help="write the report to FILE instead of standard output")
    check.add_argument("--statistics", action="store_true", help="count findings per rule")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings remain")
    check.add_argument("--exit-non-zero-on-fix", action="store_true",
                       help="exit 1 when a fix changed a file, even if no finding remains")
    check.add_argument("--config", type=Path, metavar="FILE", help="use this configuration file")
    check.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    check.add_argument("--jobs", "-j", type=int, metavar="N",
                       help="processes to use; 0 for all cores (default: all cores for 32 files or more, else 1)")
    check.add_argument("--stdin-filename", metavar="NAME", help="the name of the text read from standard input")
    check.add_argument("--max-file-size", type=int, metavar="BYTES",
                       help="skip larger files with a warning (default 10 MiB; 0 for no limit)")
    check.add_argument("--time-budget", type=float, metavar="SECONDS",
                       help="give up on a document that takes longer, as an error (default 10; 0 for no limit)")
    check.add_argument("--color", choices=["auto", "always", "never"], default="auto")

    rule = commands.add_parser("rule", help="explain a rule", description="Explain one rule.")
    rule.add_argument("rule", metavar="CODE", help="a rule code or name, e.g. CH01")
    rule.add_argument("--output-format", choices=["text", "json"], default="text")

    rules = commands.add_parser("rules", help="list the rules", description="List every known rule.")
    rules.add_argument("--output-format", choices=["text", "json"], default="text")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    # File names that are not valid UTF-8 reach us as surrogate escapes: write their
    # original bytes back rather than fail on them.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="surrogateescape")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    registry = load_registry()
    for error in registry.errors:
        print(f"scrapelint: warning: {error}", file=sys.stderr)
    try:
        if args.command == "rules":
            return list_rules(registry, args.output_format)
        if args.command == "rule":
            return explain_rule(registry, args.rule, args.output_format)
        return check(args, registry)
    except (ConfigError, UsageError) as exc:
        print(f"scrapelint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("scrapelint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of the report went away (`scrapelint check ... | head`): stop
        # quietly, as a command killed by SIGPIPE would, and let nothing more be
        # written to the closed pipe when Python flushes it on the way out.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


# --- rules and rule -------------------------------------------------------------
def list_rules(registry: Registry, output_format: str) -> int:
    docs = [registry.rules[code].documentation() for code in sorted(registry.rules)]
    if output_format == "json":
        print(json.dumps(docs, ensure_ascii=False, indent=2))
        return EXIT_CLEAN
    name_width = max((len(d["name"]) for d in docs), default=0)
    for d in docs:
        state = "on " if d["default_enabled"] else "off"
        fix = d["fix"] or "-"
        print(f"{d['code']}  {d['name']:<{name_width}}  {state}  {fix:<7}  {d['summary']}")
    return EXIT_CLEAN


def explain_rule(registry: Registry, selector: str, output_format: str) -> int:
    rule = registry.rules.get(selector.upper()) or registry.by_name().get(selector)
    if rule is None:
        raise UsageError(f"unknown rule {selector!r} (see `scrapelint rules`)")
    doc = rule.documentation()
    if output_format == "json":
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return EXIT_CLEAN
    print(f"{doc['code']} ({doc['name']})\n")
    print(f"{doc['summary']}\n")
    if doc["explanation"]:
        print(f"{doc['explanation']}\n")
    print(f"Default severity: {doc['severity']}. "
          f"{'On' if doc['default_enabled'] else 'Off'} by default. Fix: {doc['fix'] or 'none'}.")
    if doc["plugin"] and doc["plugin"] != "builtin":
        print(f"From plugin: {doc['plugin']}.")
    print("\nExample of text it reports:\n")
    print(textwrap.indent(doc["bad_example"].rstrip("\n"), "    "))
    print("\nThe same text as it should be:\n")
    print(textwrap.indent(doc["good_example"].rstrip("\n"), "    "))
    if doc["options"]:
        print("\nOptions (under [tool.scrapelint.rules.%s]):" % doc["code"])
        for key, option in doc["options"].items():
            print(f"  {key} = {json.dumps(option['default'], ensure_ascii=False)}  # {option['help']}")
    return EXIT_CLEAN


# --- check ---------------------------------------------------------------------
def resolve_settings(args: argparse.Namespace, registry: Registry) -> Settings:
    if args.config is not None and not args.config.is_file():
        raise ConfigError(f"{args.config}: no such configuration file")
    settings = Settings() if args.isolated else load_settings(registry, args.config)
    try:
        if args.select is not None:
            expand_selectors(args.select, registry)
            settings.select = args.select
        settings.extend_select = settings.extend_select + args.extend_select
        settings.ignore = settings.ignore + args.ignore
        expand_selectors(args.extend_select + args.ignore, registry)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    if args.max_file_size is not None:
        if args.max_file_size < 0:
            raise UsageError("--max-file-size must be 0 or more")
        settings.max_file_size = args.max_file_size or None
    if args.time_budget is not None:
        if not 0 <= args.time_budget < float("inf"):
            raise UsageError("--time-budget must be 0 (no limit) or a number of seconds")
        settings.time_budget = args.time_budget or None
    return settings


def check(args: argparse.Namespace, registry: Registry) -> int:
    # Imported here so that `scrapelint rules` does not pay for the runner.
    from lint.discovery import discover
    from lint.runner import FileResult, Linter, RunOptions, default_jobs, lint_stdin, run_files

    if args.jobs is not None and args.jobs < 0:
        raise UsageError("--jobs must be 0 (all cores) or more")
    settings = resolve_settings(args, registry)
    codes = sorted(enabled_codes(settings, registry))
    linter = Linter(settings, codes, registry)
    options = RunOptions(fix=args.fix and not args.diff, unsafe_fixes=args.unsafe_fixes, diff=args.diff)

    paths = args.paths or ["."]
    report = Report(registry, show_fixes=args.show_fixes, fix_mode=options.fix,
                    unsafe_fixes=args.unsafe_fixes, color=_use_color(args))
    if "-" in paths:
        if len(paths) > 1:
            raise UsageError("- (standard input) cannot be mixed with other paths")
        name = args.stdin_filename or "-"
        result = lint_stdin(linter, sys.stdin.buffer.read(), name, options)
        if options.fix and result.error is None:
            # As ruff does: the fixed text goes to standard output, the report to standard error.
            sys.stdout.flush()
            sys.stdout.buffer.write((result.fixed_text or "").encode("utf-8"))
            sys.stdout.flush()
        results: Iterable[FileResult] = [result]
    else:
        found = discover(paths, settings)
        for message in found.warnings:
            print(f"scrapelint: warning: {message}", file=sys.stderr)
        if args.jobs is None:
            jobs = default_jobs() if len(found.files) >= PARALLEL_THRESHOLD else 1
        else:
            jobs = args.jobs or default_jobs()
        results = chain(run_files(linter, found.files, options, jobs),
                        (FileResult(message.split(": ", 1)[0], error=message) for message in found.errors))
        if not found.files and not found.errors:
            print("scrapelint: warning: no files to check (include patterns: "
                  f"{', '.join(settings.include)})", file=sys.stderr)

    write_report(args, report, results)
    code = exit_code(args, report.tally)
    # Rules that could not be loaded were not run: a clean result would be a false pass.
    return EXIT_ERROR if registry.errors and code != EXIT_ERROR else code


def write_report(args: argparse.Namespace, report: Report, results: Iterable[FileResult]) -> None:
    """Write the report as the results come (each file's findings are then let go:
    a corpus run keeps only the totals), its problems to standard error."""
    stdin_fix = args.paths == ["-"] and args.fix
    fmt = None if args.diff or args.statistics else output_format(args.output_format)
    with _report_stream(args, sys.stderr if stdin_fix or args.diff else sys.stdout) as stream:
        if fmt is not None:
            stream.write(fmt.start(report))
        for result in results:
            for message in result.notes + ([result.warning] if result.warning else []):
                print(f"scrapelint: warning: {message}", file=sys.stderr)
            for message in result.errors:
                print(f"scrapelint: error: {message}", file=sys.stderr)
            report.tally.add(result)
            if args.diff:
                if result.diff:
                    sys.stdout.write(result.diff)
            elif fmt is not None:
                if fmt.keeps_results:
                    report.results.append(result)
                stream.write(fmt.file(report, result))
        if args.diff:
            fixes = report.tally.fixed
            stream.write(f"Would fix {fixes} finding{'s' * (fixes != 1)}.\n" if fixes else "No fixes available.\n")
        elif args.statistics:
            from lint.reporters.text import render_statistics, statistics, summary
            if args.output_format in HUMAN_FORMATS:
                stream.write(render_statistics(report) + summary(report))
            else:
                stream.write(json.dumps(statistics(report), ensure_ascii=False, indent=2) + "\n")
        else:
            stream.write(fmt.end(report))


@contextmanager
def _report_stream(args: argparse.Namespace, default: TextIO) -> Iterator[TextIO]:
    """Where the report goes: ``--output-file`` (written as the run goes), or ``default``.
    (With --diff the diff goes to standard output, the count to standard error.)"""
    if not args.output_file or args.diff:
        yield default
        return
    try:
        handle = open(args.output_file, "w", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{args.output_file}: cannot write the report: {exc.strerror or exc}") from None
    with handle:
        yield _ReportFile(handle, args.output_file)


class _ReportFile:
    """The report file; a failed write is a usage error naming it."""

    def __init__(self, handle: TextIO, name: str) -> None:
        self.handle, self.name = handle, name

    def write(self, text: str) -> None:
        try:
            self.handle.write(text)
        except OSError as exc:
            raise UsageError(f"{self.name}: cannot write the report: {exc.strerror or exc}") from None


def exit_code(args: argparse.Namespace, tally: Tally) -> int:
    if tally.errors or tally.incomplete:
        return EXIT_ERROR  # a file not read, not written, or not fully checked
    if args.exit_non_zero_on_fix and tally.fixed:
        return EXIT_FINDINGS
    if args.diff:
        return EXIT_FINDINGS if tally.diffs else EXIT_CLEAN
    if args.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if tally.failing else EXIT_CLEAN


def _use_color(args: argparse.Namespace) -> bool:
    if args.color != "auto":
        return args.color == "always"
    return (args.output_file is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
