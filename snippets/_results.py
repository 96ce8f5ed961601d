"""The committed results files of the experiments (private, not shown on the site).

``python -m snippets.dziugaite`` and ``python -m snippets.scaling`` write ``results/*.json``; each
chapter reads its file back for the numbers it shows. Reading names the file in every error.
"""

import json
import math
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parents[1] / "results"


def write_results(result: dict, directory: Path, name: str) -> Path:
    """``result`` as ``directory/name`` (sorted keys, so a rerun with the same numbers is the same file)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / name
    target.write_text(json.dumps(result, indent=2, sort_keys=True, default=str) + "\n", "utf-8")
    return target


def read_results(path: Path, context: str, command: str) -> object:
    """The JSON in ``path``; a missing or malformed file is a ValueError naming it (and, for a
    missing one, ``context`` and the ``command`` that writes it)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{context}: results file {path} is missing; run {command}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"results file {path} is not valid JSON: {error}") from None


def finite_number(key: str, value, where: str):
    """``value`` if it is a finite int or float (not a bool), else a ValueError naming ``key``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"key {key!r} of {where} is not a finite number: {value!r}")
    return value
