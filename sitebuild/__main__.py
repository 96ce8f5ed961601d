"""``python -m sitebuild build|serve|links|pdf|bench|translations|verification`` (the nox sessions of the same names
call these)."""

from __future__ import annotations

import argparse
import logging
import sys
import time

from sitebuild.build import build, site_dir

VERBOSE = "also name each notebook executed and each figure and value computed (not taken from the cache)"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sitebuild")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build every language (strict) and the search index")
    build_cmd.add_argument("--lang", action="append", help="only these languages (repeatable)")
    build_cmd.add_argument("--site-url", help="override site_url (default: mkdocs.yml / $SITE_URL)")
    build_cmd.add_argument("--site-dir", help="build into this directory instead of mkdocs.yml's site_dir")
    build_cmd.add_argument("-v", "--verbose", action="store_true", help=VERBOSE)
    serve_cmd = commands.add_parser("serve", help="build, serve on 127.0.0.1 and live-reload")
    serve_cmd.add_argument("--port", type=int, default=8000)
    serve_cmd.add_argument("-v", "--verbose", action="store_true", help=VERBOSE)
    serve_cmd.add_argument(
        "--lang", action="append",
        help="only these languages (repeatable): a quick one-language preview; the language "
        "switcher's links to the others 404 until you build them",
    )
    links_cmd = commands.add_parser("links", help="check every internal link and anchor of the built site")
    links_cmd.add_argument("--site-url", help="absolute links under this URL count as internal")
    tr_cmd = commands.add_parser(
        "translations",
        help="translation status: missing and outdated pages (with the English diff), structure, glossary",
        description="Per translation language: pages not translated yet; pages whose English original "
        "changed in a commit after the translation's last commit (judged from git history; "
        "uncommitted edits are only hints; without history it says it cannot tell); structure "
        "differences (tests/test_parity.py's check); variants the glossary's avoid lists forbid; "
        "breaks of the language's style sheet a program can check (sitebuild/style.py).",
    )
    tr_cmd.add_argument("--lang", action="append", help="only these languages (repeatable)")
    tr_cmd.add_argument("--check", action="store_true",
                        help="exit 1 if any page is missing, outdated, structurally different or "
                        "uses a forbidden glossary variant (default: report only, exit 0)")
    tr_cmd.add_argument("--fix", action="store_true",
                        help="first repair what the style rules can (digit grouping), then report")
    tr_cmd.add_argument("--diff-dir", metavar="DIR",
                        help="write the English diff of each outdated page to DIR/<lang>/<page>.diff")
    bench_cmd = commands.add_parser("bench", help="benchmark builds, reload, page weight, tests")
    bench_cmd.add_argument("--skip-tests", action="store_true", help="do not time the test suite")
    bench_cmd.add_argument("--skip-scaling", action="store_true", help="no synthetic 10/100/500-page sites")
    pdf_cmd = commands.add_parser("pdf", help="the print edition: one PDF per language from the built site")
    pdf_cmd.add_argument("--lang", action="append", help="only these languages (repeatable)")
    pdf_cmd.add_argument("--size", choices=["a4", "6x9"], default="a4", help="page size (default: A4)")
    pdf_cmd.add_argument("--site-dir", help="the built site (default: mkdocs.yml's site_dir)")
    pdf_cmd.add_argument("--out-dir", help="where the PDFs go (default: .artifacts/pdf; `nox -s publish`: site/pdf)")
    commands.add_parser(
        "verification",
        help="exit 1 unless the verification record is this commit's and every formula on the pages passed",
        description="Reads .artifacts/verification.json (written by a complete `nox -s tests`): it must be "
        "this checkout's commit and sources, and every formula shown must have passing tests that ran "
        "each section its fence names. The Pages workflow publishes only after this succeeds.",
    )
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    if getattr(args, "verbose", False):
        logging.getLogger("mkdocs.plugins.itdl").setLevel(logging.DEBUG)
    if args.command == "build":
        start = time.perf_counter()
        timings = build(args.lang, site_url=args.site_url, site_dir=args.site_dir)
        parts = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items())
        print(f"Built in {time.perf_counter() - start:.1f} s ({parts})")
    elif args.command == "pdf":
        from pathlib import Path

        from sitebuild.printbook import write_editions

        for chatty in ("weasyprint", "fontTools"):  # every step and every font subset, at INFO
            logging.getLogger(chatty).setLevel(logging.WARNING)
        out = Path(args.out_dir) if args.out_dir else None
        for row in write_editions(args.lang, args.size, args.site_dir, out):
            print(f"{row['path']}: {row['pages']} pages, {row['bytes'] / 1e6:.2f} MB, "
                  f"{row['seconds']:.0f} s, peak memory {row['peak_mb']:.0f} MB")
    elif args.command == "bench":
        from sitebuild.bench import run

        run(skip_tests=args.skip_tests, skip_scaling=args.skip_scaling)
    elif args.command == "links":
        from mkdocs.config import load_config

        from sitebuild.languages import CONFIG_FILE
        from sitebuild.links import check_site

        report = check_site(site_dir(), args.site_url or load_config(str(CONFIG_FILE)).site_url or "")
        print(report.summary())
        sys.exit(1 if report.broken else 0)
    elif args.command == "translations":
        from sitebuild.translations import run as translations

        sys.exit(translations(args.lang, check=args.check, diff_dir=args.diff_dir, fix=args.fix))
    elif args.command == "verification":
        from sitebuild import formulas, verification
        from sitebuild.paths import ROOT

        record = verification.current()
        found = verification.problems(record, formulas.shown(ROOT / "docs" / "en"))
        for line in found:
            print(line)
        if not found:
            print(f"verified: {len(record.formulas)} formulas, commit {record.commit[:7]}")
        sys.exit(1 if found else 0)
    else:
        from sitebuild.serve import serve

        serve(port=args.port, langs=args.lang)


if __name__ == "__main__":
    main()
