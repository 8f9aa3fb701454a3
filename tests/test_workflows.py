"""The CI workflows (README: "Publishing from CI"): what runs when, with which permissions.

The files are read as YAML (where `on:` is the boolean True, as YAML 1.1 reads the word) and checked
against GitHub's workflow schema, as vendored by check-jsonschema (requirements-dev.txt).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml
from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PUBLISH = WORKFLOWS / "publish.yml"
PULL_REQUEST = WORKFLOWS / "check-pull-request.yml"


def workflow(path) -> dict:
    """A workflow file as GitHub reads it; its `on:` key under the name "on"."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)
    return data


def runs(job: dict) -> list[str]:
    """The shell commands of a job's steps, in order."""
    return [step["run"] for step in job["steps"] if "run" in step]


def uses(job: dict) -> list[str]:
    """The actions a job's steps use, in order."""
    return [step["uses"] for step in job["steps"] if "uses" in step]


@pytest.mark.parametrize("path", [PUBLISH, PULL_REQUEST], ids=lambda p: p.name)
def test_the_workflow_files_match_githubs_schema(path):
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", [PUBLISH, PULL_REQUEST], ids=lambda p: p.name)
def test_each_workflow_installs_the_pinned_requirements_on_python_3_11(path):
    data = workflow(path)
    assert data["env"]["NO_MKDOCS_2_WARNING"] == "1"
    for job in data["jobs"].values():
        for action in uses(job):
            name, _, version = action.partition("@")
            assert name.startswith("actions/"), f"{action}: only GitHub's own actions"
            assert version.startswith("v") and version[1:].isdigit(), f"{action}: pin a major version"
        setup = [s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@")]
        if setup:
            assert setup[0]["with"]["python-version"] == "3.11"
            assert "pip install -r requirements.txt" in runs(job)


def test_publishing_checks_builds_strictly_and_deploys_pushes_to_main():
    data = workflow(PUBLISH)
    assert data["on"]["push"] == {"branches": ["main"]}
    assert data["permissions"] == {"contents": "read"}
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    commands = runs(build)
    assert commands.index("publication check --strict") < commands.index("mkdocs build --strict")
    assert uses(build)[-1] == "actions/upload-pages-artifact@v3"
    assert build["steps"][-1]["with"] == {"path": "site"}
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert uses(deploy) == ["actions/deploy-pages@v4"]


def test_a_pull_request_is_checked_and_built_and_gets_a_comment_with_the_problem_lines():
    data = workflow(PULL_REQUEST)
    assert "pull_request" in data["on"]
    assert "pull_request_target" not in data["on"]  # never run a pull request's code with a write token
    assert data["permissions"] == {"contents": "read", "pull-requests": "write"}
    (job,) = data["jobs"].values()
    steps = {step.get("name"): step for step in job["steps"]}
    assert "publication check --strict" in steps["Check the records"]["run"]
    assert steps["Build the site"]["run"] == "mkdocs build --strict"
    comment = steps["Comment with the problem lines"]
    assert comment["uses"] == "actions/github-script@v7"
    assert "createComment" in comment["with"]["script"]
    assert "github.event.pull_request.head.repo.full_name == github.repository" in comment["if"]
    assert "exit 1" in steps["Fail when the check failed"]["run"]
