// Compile D2 files with the official compiler (npm @terrastruct/d2, WASM) in ONE warm process.
// Protocol: one JSON request per stdin line {file, text?, fs?}; one JSON answer per stdout
// line {file, ok, error, shapes, connections, ms}, in order, written as soon as it is known.
// A file that takes longer than D2_TIMEOUT_MS (default 20000) answers {ok: null, error:
// "timeout"}; its worker is terminated and a fresh one started, so one bad file cannot block
// the run. Exits when stdin closes. Run: node --liftoff-only official_check.mjs
import { D2 } from "@terrastruct/d2";
import readline from "node:readline";

const TIMEOUT_MS = Number(process.env.D2_TIMEOUT_MS || 20000);
let d2 = new D2();

function summary(file, diag) {
  return {
    file, ok: true, error: null,
    shapes: (diag.shapes || []).map((s) => ({ id: s.id, label: s.label ?? "", shape: s.type || "rectangle" })),
    connections: (diag.connections || []).map((c) => ({
      src: c.src, dst: c.dst, src_arrow: c.srcArrow, dst_arrow: c.dstArrow, label: c.label ?? "",
    })),
  };
}

async function compileOne(req) {
  const input = req.fs ? { fs: req.fs, inputPath: "index.d2" } : req.text;
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve("timeout"), TIMEOUT_MS);
  });
  try {
    const res = await Promise.race([d2.compile(input, { layout: "dagre" }), timeout]);
    if (res === "timeout") {
      await d2.worker.terminate();
      d2 = new D2();
      return { file: req.file, ok: null, error: "timeout", shapes: [], connections: [] };
    }
    return summary(req.file, (res && res.diagram) || {});
  } catch (e) {
    const error = String(e && e.message ? e.message : e);
    return { file: req.file, ok: false, error, shapes: [], connections: [] };
  } finally {
    clearTimeout(timer);
  }
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (!line.trim()) continue;
  const req = JSON.parse(line);
  const t0 = performance.now();
  const out = await compileOne(req);
  out.ms = performance.now() - t0;
  process.stdout.write(JSON.stringify(out) + "\n");
}
// the D2 worker thread keeps the event loop alive: end it explicitly
await d2.worker.terminate();
process.exit(0);
