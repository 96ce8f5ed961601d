"""What a rebuild recomputed, from the lines ``serve --verbose`` logs::

    DEBUG   -  notebook docs/en/pac-bayes/explore-bounds.py: executed
    DEBUG   -  figure pacbayes.figures:bounds_vs_kl: computed
    DEBUG   -  value pacbayes.kl:binary_kl(0.1, 0.2): computed
    DEBUG   -  explorer pacbayes.explorers:bounds_at: computed
"""

from __future__ import annotations

import re

RECOMPUTED = {
    "notebooks_executed": re.compile(r"\bnotebook (docs/\S+): executed\s*$"),
    "figures_computed": re.compile(r"\bfigure (\S+:\S+): computed\s*$"),
    "values_computed": re.compile(r"\bvalue (\S+:.+): computed\s*$"),
    "explorers_computed": re.compile(r"\bexplorer (\S+:\S+): computed\s*$"),
}


def recomputed(log: str) -> dict[str, list[str]]:
    """Notebooks executed, figures, values and explorers' grids computed in ``log``: each name once, sorted."""
    found: dict[str, set[str]] = {key: set() for key in RECOMPUTED}
    for line in log.splitlines():
        for key, pattern in RECOMPUTED.items():
            if match := pattern.search(line):
                found[key].add(match.group(1))
    return {key: sorted(names) for key, names in found.items()}
