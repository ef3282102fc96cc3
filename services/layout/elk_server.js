// Long-lived ELK layout server: one JSON request per stdin line, one JSON reply per stdout line.
// Request: {"id": n, "graph": <ELK JSON graph>}. Reply: {"id": n, "ok": true, "nodes": {...},
// "edges": {...}, "cpu_us": n} with absolute coordinates (elk.json.shapeCoords/edgeCoords =
// ROOT) and the process CPU time the request took, or {"id": n, "ok": false, "error": "..."}.
// Requests are handled one at a time, in order.
//
// JIT warm-up: ELK is Java compiled to JavaScript, and V8 needs a few hundred layouts before it
// has optimised it; until then a layout costs several times the CPU (docs/layout.md, "Engine
// warm-up"). A line {"warmup": [<ELK JSON graph>, ...], "rounds": n} (no id, no reply) makes
// the server lay those graphs out n times in all, one at a time and only while no request is
// waiting, so a request waits at most for one warm-up layout. Each reply carries "warm_left",
// the warm-up layouts still to do.
"use strict";
const readline = require("readline");
const ELK = require("elkjs/lib/elk.bundled.js");

const elk = new ELK();
let chain = Promise.resolve();

function flatten(graph) {
  const nodes = {};
  const edges = {};
  const walk = (n) => {
    for (const c of n.children || []) {
      nodes[c.id] = [c.x, c.y, c.width, c.height];
      walk(c);
    }
    for (const e of n.edges || []) {
      const pts = [];
      for (const s of e.sections || []) {
        pts.push([s.startPoint.x, s.startPoint.y]);
        for (const b of s.bendPoints || []) pts.push([b.x, b.y]);
        pts.push([s.endPoint.x, s.endPoint.y]);
      }
      const labels = (e.labels || []).map((l) => [l.x, l.y, l.width, l.height]);
      edges[e.id] = { points: pts, labels };
    }
  };
  walk(graph);
  return { nodes, edges, width: graph.width, height: graph.height };
}

const warmup = { graphs: [], left: 0, running: false };
let queued = 0;

function warmStep() {
  if (warmup.running || queued > 0 || warmup.left <= 0) return;
  warmup.running = true;
  warmup.left -= 1;
  const graph = warmup.graphs[warmup.left % warmup.graphs.length];
  elk
    .layout(JSON.parse(JSON.stringify(graph)))
    .catch(() => {})
    .then(() => {
      warmup.running = false;
      setImmediate(warmStep);
    });
}

function handle(line) {
  const started = process.cpuUsage();
  // the engine's own CPU time for this request (µs), so callers can account for it exactly
  const cpu = () => {
    const d = process.cpuUsage(started);
    return d.user + d.system;
  };
  let req;
  try {
    req = JSON.parse(line);
  } catch (err) {
    process.stdout.write(JSON.stringify({ id: null, ok: false, error: "bad json" }) + "\n");
    return Promise.resolve();
  }
  return elk
    .layout(req.graph)
    .then((g) => {
      const text = JSON.stringify({ id: req.id, ok: true, ...flatten(g) });
      // measured after serialising, so the reply's own cost is counted too
      const tail = ',"warm_left":' + warmup.left + ',"cpu_us":' + cpu() + "}\n";
      process.stdout.write(text.slice(0, -1) + tail);
    })
    .catch((err) => {
      const msg = String((err && err.message) || err).slice(0, 500);
      process.stdout.write(JSON.stringify({ id: req.id, ok: false, error: msg }) + "\n");
    });
}

const rl = readline.createInterface({ input: process.stdin, terminal: false });
function startWarmup(line) {
  let msg;
  try {
    msg = JSON.parse(line);
  } catch (err) {
    return false;
  }
  if (!msg || !Array.isArray(msg.warmup) || msg.id !== undefined) return false;
  warmup.graphs = msg.warmup.filter((g) => g && typeof g === "object");
  warmup.left = warmup.graphs.length ? Math.max(0, Number(msg.rounds) || 0) : 0;
  setImmediate(warmStep);
  return true;
}

rl.on("line", (line) => {
  if (!line.trim()) return;
  if (line.startsWith('{"warmup"') && startWarmup(line)) return;
  queued += 1;
  chain = chain
    .then(() => handle(line))
    .finally(() => {
      queued -= 1;
      if (queued === 0) setImmediate(warmStep);
    });
});
rl.on("close", () => chain.then(() => process.exit(0)));
