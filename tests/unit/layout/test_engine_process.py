"""The Node engine process: reused, restarted after death, killed on timeout, thread-safe."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from services.layout import elk
from services.layout.nodeproc import EngineError, EngineTimeout, NodeProcess
from services.layout.samples import sample_sized
from shared.settings import clear_caches

pytestmark = pytest.mark.node


def test_engine_is_reused_and_restarted_after_it_dies() -> None:
    g = sample_sized(10, seed=2)
    first = elk.layout_elk(g)
    proc = elk.engine()
    pid, starts = proc.pid, proc.starts
    assert pid is not None
    elk.layout_elk(g)
    assert proc.pid == pid and proc.starts == starts  # warm: same process
    os.kill(pid, signal.SIGKILL)
    again = elk.layout_elk(g)
    assert proc.pid != pid and proc.starts == starts + 1
    assert again.nodes == first.nodes


def test_a_silent_process_times_out_and_is_killed() -> None:
    proc = NodeProcess(["node", "-e", "setInterval(() => {}, 1000)"])
    with pytest.raises(EngineTimeout):
        proc.request({"graph": {}}, timeout=0.5)
    assert proc.pid is None  # killed, will be restarted on next use
    proc.close()


def test_a_process_that_exits_is_an_engine_error() -> None:
    proc = NodeProcess(["node", "-e", "process.exit(3)"])
    with pytest.raises(EngineError):
        proc.request({"graph": {}}, timeout=10)
    proc.close()


def test_concurrent_requests_get_their_own_answers() -> None:
    graphs = [sample_sized(n, seed=7) for n in (10, 20, 30, 40)]
    expected = [elk.layout_elk(g).nodes for g in graphs]
    got: dict[int, object] = {}

    def run(i: int) -> None:
        got[i] = elk.layout_elk(graphs[i]).nodes

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert [got[i] for i in range(4)] == expected


def test_missing_node_falls_back_to_the_native_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    from services.layout import layout_sized
    from services.layout.quality import measure

    monkeypatch.setenv("LAYOUT_NODE_BINARY", "/nonexistent/node")
    clear_caches()
    try:
        g = sample_sized(10, seed=4)
        layout = layout_sized(g)
        assert layout.engine == "native"
        assert measure(g, layout).faults == 0
    finally:
        monkeypatch.delenv("LAYOUT_NODE_BINARY")
        clear_caches()


def test_the_engine_reports_its_cpu_time_per_request() -> None:
    # The benchmark adds this to its own CPU time: it must grow with every layout.
    proc = elk.engine()
    before = proc.child_cpu_seconds
    elk.layout_elk(sample_sized(30, seed=2))
    after = proc.child_cpu_seconds
    assert after > before
    elk.layout_elk(sample_sized(30, seed=2))
    assert proc.child_cpu_seconds > after


def test_a_started_engine_warms_up_while_idle_and_answers_the_same() -> None:
    graph = elk.to_elk_json(sample_sized(12, seed=3))[0]
    plain, warming = elk.new_engine(0), elk.new_engine(60)
    try:
        expected = plain.request({"graph": graph}, timeout=60)
        warming.start()
        seen = []
        for _ in range(300):  # a request every 0.1 s, up to 30 s: warm-up runs in between
            reply = warming.request({"graph": graph}, timeout=60)
            assert (reply["nodes"], reply["edges"]) == (expected["nodes"], expected["edges"])
            seen.append(warming.warm_left)
            if warming.warm_left == 0:
                break
            threading.Event().wait(0.1)
        assert seen[-1] == 0, seen
        assert seen[0] is not None and seen[0] > 0  # it had not finished before being asked
        assert plain.warm_left == 0  # no greeting, nothing to do
    finally:
        plain.close()
        warming.close()


def test_a_bad_greeting_does_not_stop_the_engine() -> None:
    proc = elk.new_engine(0, greeting={"warmup": "not a list", "rounds": 5})
    try:
        reply = proc.request({"graph": elk.to_elk_json(sample_sized(6))[0]}, timeout=60)
        assert reply["ok"] and reply["warm_left"] == 0
    finally:
        proc.close()
