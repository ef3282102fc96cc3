// Compile every file named on stdin (JSON lines {file, text?, fs?}) with the official D2
// compiler in ONE warm process; print one JSON line per file: {file, ok, error, shapes,
// connections, ms}. Run with: node --liftoff-only official_check.mjs < requests.jsonl
import { D2 } from "@terrastruct/d2";
import readline from "node:readline";

const d2 = new D2();
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (!line.trim()) continue;
  const req = JSON.parse(line);
  const t0 = performance.now();
  let out;
  try {
    const input = req.fs ? { fs: req.fs, inputPath: "index.d2" } : req.text;
    const res = await d2.compile(input, { layout: "dagre" });
    const diag = res.diagram || {};
    out = {
      file: req.file, ok: true, error: null,
      shapes: (diag.shapes || []).map((s) => ({ id: s.id, label: s.label ?? "", shape: s.type || "rectangle" })),
      connections: (diag.connections || []).map((c) => ({
        src: c.src, dst: c.dst, src_arrow: c.srcArrow, dst_arrow: c.dstArrow, label: c.label ?? "",
      })),
    };
  } catch (e) {
    out = { file: req.file, ok: false, error: String(e && e.message ? e.message : e), shapes: [], connections: [] };
  }
  out.ms = performance.now() - t0;
  process.stdout.write(JSON.stringify(out) + "\n");
}
