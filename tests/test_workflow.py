"""The GitHub workflow runs what the README says, on the README's Python, with a browser its
runners can get, and publishes only a build whose verification record passed."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text("utf-8"))
README = (ROOT / "README.md").read_text("utf-8")


def _readme_command(after: str) -> str:
    block = re.search(re.escape(after) + r".*?```bash\n(.+?)\n```", README, re.S)
    assert block, f"README: no command block after {after!r}"
    return block[1].strip()


def _runs(job: str) -> list[str]:
    return [step["run"] for step in WORKFLOW["jobs"][job]["steps"] if "run" in step]


def _uses(job: str, action: str) -> list[dict]:
    return [step for step in WORKFLOW["jobs"][job]["steps"] if step.get("uses", "").startswith(action)]


def _pin(package: str) -> str:
    text = (ROOT / "requirements" / "tests.txt").read_text("utf-8")
    return re.search(rf"^{package}==(\S+)$", text, re.M)[1]


def test_the_test_job_runs_the_readme_and_ci_command_on_the_readme_python() -> None:
    command = _readme_command("Run every test")
    assert command in _runs("test"), f"the workflow does not run the README's test command {command!r}"
    assert (ROOT / ".ci" / "run").read_text("utf-8").rstrip().endswith(command), ".ci/run runs another command"
    python = re.search(r'^PYTHON = "([\d.]+)"', (ROOT / "noxfile.py").read_text("utf-8"), re.M)[1]
    assert f"Python {python}" in README
    for job in ("test", "deploy"):
        [setup] = _uses(job, "actions/setup-python")
        assert str(setup["with"]["python-version"]) == python, job


def test_the_browser_is_one_the_runners_can_get_for_the_same_playwright() -> None:
    text = (ROOT / ".github" / "workflows" / "site.yml").read_text("utf-8")
    assert "chromium-browser" not in text  # Ubuntu 24.04: a wrapper for a snap
    assert f"pip install playwright=={_pin('playwright')} && python -m playwright install --with-deps chromium" in text


def test_deploy_publishes_only_a_verified_build_of_this_commit() -> None:
    deploy = WORKFLOW["jobs"]["deploy"]
    assert deploy["needs"] == "test"
    [upload] = _uses("test", "actions/upload-artifact")
    [download] = _uses("deploy", "actions/download-artifact")
    assert upload["with"]["path"] == ".artifacts/verification.json"
    assert download["with"] == {"name": upload["with"]["name"], "path": ".artifacts"}
    assert any(run.endswith("nox -s publish") for run in _runs("deploy"))
    noxfile = (ROOT / "noxfile.py").read_text("utf-8")
    publish = noxfile[noxfile.index("def publish("):]
    assert publish.index('"verification"') < publish.index('"build"'), "check the record before building"
    env = next(step["env"] for step in deploy["steps"] if "env" in step)
    assert env["REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
