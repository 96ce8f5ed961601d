"""The print edition's cost: each language typeset from the benchmark's site in a process of its own,
its wall time, peak memory (the child's maximum resident set) and the PDF's size and pages."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from sitebuild.paths import ROOT


def measure_pdf(site: Path, out: Path, langs: list[str]) -> list[dict]:
    rows = []
    for lang in langs:
        command = [sys.executable, "-c",
                   "import sys; from pathlib import Path; from sitebuild.printbook import write_editions; "
                   "write_editions([sys.argv[1]], site_dir=sys.argv[2], out_dir=Path(sys.argv[3]))",
                   lang, str(site), str(out)]
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
        if process.returncode:
            raise RuntimeError(f"typesetting {lang} failed ({process.returncode}): {stderr[-2000:]}")
        from pypdf import PdfReader

        from sitebuild.printbook import pdf_name

        pdf = out / pdf_name(lang)
        rows.append({"lang": lang, "seconds": seconds, "peak_mb": usage.ru_maxrss / 1024,
                     "bytes": pdf.stat().st_size, "pages": len(PdfReader(pdf).pages)})
    return rows
