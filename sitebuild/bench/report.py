"""The benchmark report in Markdown: the goals first (met or not, and the commit measured), then
every measurement in detail."""

from __future__ import annotations

from sitebuild.bench.goals import limit, met, verdicts

RECOMPUTED = [
    ("notebooks_executed", "notebooks re-executed"),
    ("figures_computed", "figures recomputed"),
    ("values_computed", "values recomputed"),
    ("explorers_computed", "explorer grids recomputed"),
]


def mark(ok: bool | None) -> str:
    return {True: "✓", False: "✗", None: "–"}[ok]


def _number(value: float, digits: int, unit: str) -> str:
    return f"{value:.{digits}f} {unit}".strip()


def _kb(n: float) -> str:
    return f"{n / 1000:.1f}"


def _names(names: list[str]) -> str:
    return ", ".join(f"`{name}`" for name in names) or "none"


def _summary(data: dict) -> list[str]:
    lines = ["| figure | measured | goal | met? |", "|---|---:|---:|:---:|"]
    for row in verdicts(data):
        measured = "not measured" if row["measured"] is None else _number(row["measured"], row["digits"], row["unit"])
        goal = f"≤ {row['goal']:g} {row['unit']}".strip()
        lines.append(f"| {row['figure']} | {measured} | {goal} | {mark(row['met'])} |")
    return [*lines, ""]


def _profile_table(rows: list[dict], digits: int) -> list[str]:
    lines = ["| part | seconds | share |", "|---|---:|---:|"]
    for row in rows:
        if row.get("calls") == 0:
            lines.append(f"| {row['part']} | not called | |")
        else:
            lines.append(f"| {row['part']} | {row['s']:.{digits}f} | {row['share']:.0%} |")
    return lines


def _site(site: dict) -> list[str]:
    per_language = ", ".join(f"{lang} {count}" for lang, count in site["pages_by_language"].items())
    return [
        "## The site measured", "",
        f"- HTML pages: {site['pages']} ({per_language})",
        f"- display formulas on the English pages (the formula index not counted): {site['formulas']}",
        f"- notebooks (`docs/en/**/*.py`): {site['notebooks']}",
        "",
    ]


def _builds(b: dict) -> list[str]:
    ratio_ok = met(b["cached_ratio"], limit("cached_ratio"))
    return [
        "## Builds (every language)", "",
        "| build | seconds |", "|---|---:|",
        f"| cold (empty cache: notebooks executed, math typeset) | {b['cold_s']:.2f} |",
        f"| cached | {b['cached_s']:.2f} |",
        f"| plain MkDocs, same Markdown (baseline) | {b['plain_mkdocs_s']:.2f} |",
        f"| **cached / baseline** (goal ≤ {limit('cached_ratio')}) | **{b['cached_ratio']:.2f}** {mark(ratio_ok)} |",
        "", f"{b['note']}.", "",
        "Where the cached build's time goes (cProfile, in-process; parts nest, indented ones are "
        "inside the line above):", "",
        *_profile_table(b["profile"], digits=3), "",
    ]


def _snippet_edit(title: str, edit: dict, goal: bool) -> str:
    verdict = f" {mark(met(edit['reload_s'], limit('snippet_reload_s')))}" if goal else ""
    recomputed = "; ".join(f"{label}: {_names(edit.get(key, []))}" for key, label in RECOMPUTED)
    return (
        f"- {title}: {edit['reload_s']:.2f} s{verdict}. {recomputed[0].upper()}{recomputed[1:]}. "
        f"Pages whose HTML changed: {_names(edit['pages_changed'])}; {edit['pages_unchanged']} others identical."
    )


def _serve(s: dict) -> list[str]:
    markdown_ok = met(s["markdown_edit_reload_s"], limit("markdown_reload_s"))
    comment = s["snippet_comment_edit"]
    nothing_ok = not any(comment.get(key) for key, _ in RECOMPUTED)
    return [
        "## Live reload under `serve`", "",
        f"- Edit one Markdown page ({s['markdown_edit']}): **{s['markdown_edit_reload_s']:.2f} s** to the "
        f"reload signal, median of {len(s['markdown_edit_samples_s'])} "
        f"(goal ≤ {limit('markdown_reload_s')} s {mark(markdown_ok)}).",
        f"- Edit {s['snippet_edit']}:",
        "  " + _snippet_edit(
            f"a comment on its `def` line (should recompute nothing {mark(nothing_ok)}; goal ≤ "
            f"{limit('snippet_reload_s')} s to the reload signal)", comment, goal=True),
        "  " + _snippet_edit("a no-op statement in its body (re-runs exactly what reaches the function; no goal)",
                             s["snippet_body_edit"], goal=False),
        "",
    ]


def _page_weight(rows: list[dict]) -> list[str]:
    first, following = limit("first_kb"), limit("next_kb")
    lines = [
        "## Page weight", "",
        f"Goal: first visit ≤ {first} kB with typeset math, next page ≤ {following} kB.", "",
        "| page | HTML on disk kB | first visit kB | fonts the page uses | next page kB |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| `{r['page']}` | {_kb(r['html_bytes'])} | {_kb(r['first_bytes'])} "
            f"{mark(met(r['first_bytes'] / 1000, first))} | {_kb(r['first_by_type'].get('Font', 0))} | "
            f"{_kb(r['next_bytes'])} {mark(met(r['next_bytes'] / 1000, following))} |"
        )
    return [*lines, ""]


def _pdf(rows: list[dict]) -> list[str]:
    lines = [
        "## Print edition", "",
        f"Goals: ≤ {limit('pdf_s'):.0f} s and ≤ {limit('pdf_mb') / 1000:.0f} GB a language (`python -m sitebuild pdf`, "
        "each language typeset in a process of its own from the site built above).", "",
        "| language | pages | PDF MB | seconds | peak memory MB |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        ok = met(row["seconds"], limit("pdf_s")) and met(row["peak_mb"], limit("pdf_mb"))
        lines.append(f"| {row['lang']} | {row['pages']} | {row['bytes'] / 1e6:.2f} | {row['seconds']:.0f} | "
                     f"{row['peak_mb']:.0f} {mark(ok)} |")
    return [*lines, ""]


def _tests(t: dict) -> list[str]:
    lines = ["## Test suite", "", "| run | experiments' quick runs, code blocks' output | seconds | result |",
             "|---|---|---:|---|"]
    lines += [f"| `{v['command']}` | {v.get('experiment_runs', '?')} | {v['s']:.0f} | {v['summary']} |"
              for v in t.values()]
    return [*lines, "", f"Goal: ≤ {limit('tests_s')} s with one worker per core on 2 cores. The experiments' "
            "quick runs and what the pages' code blocks print (sitebuild/runs.py) are computed once per "
            "version of their code: the serial run computes them, the other run reuses them, as a rerun "
            "does until that code changes.", ""]


def _scaling(rows: list[dict]) -> list[str]:
    largest = rows[-1]
    lines = [
        "## Scaling", "",
        "![Build time against number of pages](build-scaling.svg)", "",
        "All in one process, each build timed as its second run (startup and imports count for neither).", "",
        "| pages | cold s | cached s | plain MkDocs s | cached / plain | cached ms/page |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        verdict = f" {mark(met(r['cached_ratio'], limit('scaling_ratio')))}" if r is largest else ""
        lines.append(
            f"| {r['pages']} | {r['cold_s']:.2f} | {r['cached_s']:.2f} | {r['plain_mkdocs_s']:.2f} | "
            f"{r['cached_ratio']:.2f}{verdict} | {1000 * r['cached_s'] / r['pages']:.1f} |"
        )
    if profile := largest.get("profile"):
        lines += [
            "", f"Where the cached {largest['pages']}-page build's time goes (cProfile, nested parts):", "",
            *_profile_table(profile, digits=2),
        ]
    return [*lines, ""]


SECTIONS = [("site", _site), ("builds", _builds), ("serve", _serve), ("page_weight", _page_weight),
            ("pdf", _pdf), ("tests", _tests), ("scaling", _scaling)]


def _machine_speed(data: dict) -> list[str]:
    """The seconds of a goal depend on the machine, the plain MkDocs build of the same Markdown too:
    their ratio tells a slower machine from slower code when two runs are compared."""
    baseline = (data.get("builds") or {}).get("plain_mkdocs_s")
    suite = ((data.get("tests") or {}).get("xdist") or {}).get("s")
    if not baseline or not suite:
        return []
    return [f"Machine speed: this machine built the site as plain MkDocs in {baseline:.2f} s, and the "
            f"suite took {suite / baseline:.0f} times as long. Between runs on different machines, compare "
            "that ratio: seconds alone move with the machine (on this project's machines, by up to a fifth "
            "from one day to the next).", ""]


def report_markdown(data: dict) -> str:
    """The report for a run's ``data`` (as in benchmarks/latest.json); sections it lacks are left out."""
    lines = [
        "# Benchmark", "",
        f"Commit `{data['commit']}`, measured {data['date']} on {data['machine']} by `nox -s bench`.", "",
        *_summary(data),
        "kB = 1000 bytes on the wire (gzip, headers included).", "",
        *_machine_speed(data),
    ]
    for key, section in SECTIONS:
        if data.get(key):
            lines += section(data[key])
    return "\n".join(lines)
