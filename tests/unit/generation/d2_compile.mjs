// Compile D2 sources with the official compiler (@terrastruct/d2, WASM), one warm process.
// stdin: JSON lines {"id", "d2"}; stdout: JSON lines {"id", "ok", "error", "shapes", "connections"}.
// Start with `node --liftoff-only` (default WASM tiering freezes for 15-25 s here).
import { createInterface } from "node:readline";
import { D2 } from "@terrastruct/d2";

const d2 = new D2();
const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  if (!line.trim()) continue;
  const { id, d2: source } = JSON.parse(line);
  try {
    const res = await d2.compile(source);
    const shapes = (res.diagram.shapes || []).map((s) => ({ id: s.id, label: s.label, type: s.type }));
    const connections = (res.diagram.connections || []).map((c) => ({ src: c.src, dst: c.dst, label: c.label }));
    process.stdout.write(JSON.stringify({ id, ok: true, error: null, shapes, connections }) + "\n");
  } catch (err) {
    process.stdout.write(JSON.stringify({ id, ok: false, error: String(err && err.message || err), shapes: [], connections: [] }) + "\n");
  }
}
process.exit(0);
