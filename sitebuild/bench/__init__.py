"""The benchmark: build speed, live-reload latency, page weight and test-suite time, in one run.

    nox -s bench                       # everything; writes benchmarks/latest.{md,json}, build-scaling.svg
    nox -s bench -- --skip-tests       # without the two test-suite runs (about 3 minutes less)

A report, not a test: numbers depend on the machine, so every ratio is taken within one run, and
the report opens with the goals (:mod:`.goals`) met or missed. One module per measurement:

* :mod:`.builds`: a cold and a cached build of every language, each a fresh ``python -m sitebuild
  build``, against plain MkDocs building the same Markdown (:mod:`.plain`); a cProfile of the
  cached build says where the time goes (:mod:`.profiling`);
* :mod:`.sitefacts`: what was built: pages per language, display formulas, notebooks;
* :mod:`.reload`: under ``serve``, edit to live-reload signal for one Markdown page and for two
  edits of one snippet (a comment, a function body), with what each rebuild recomputed
  (:mod:`.buildlog`);
* :mod:`.weight`: every page served gzip-compressed (:mod:`.static`) and loaded in Chromium,
  bytes on the wire with an empty cache and as the next page of a visit;
* :mod:`.suite`: the whole test suite, serial and with one xdist worker per core;
* :mod:`.scaling`: synthetic sites of 10, 100 and 500 pages (:mod:`.synthetic`), built cold, cached
  and by plain MkDocs.

:func:`run` (:mod:`.benchmark`) runs them all and writes the report (:mod:`.report`).
"""

from sitebuild.bench.benchmark import run

__all__ = ["run"]
