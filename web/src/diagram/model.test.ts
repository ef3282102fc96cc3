import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { coloursOf, readDiagram } from "./model";

const stored = {
  nodes: [
    { id: "dmz", type: "group", data: { label: "DMZ", nodeType: "zone", shape: "rectangle" }, position: { x: 100, y: 50 }, width: 300, height: 120 },
    {
      id: "dmz.waf",
      type: "default",
      data: { label: "WAF", nodeType: "security", iconifyId: "mdi:shield-lock", shape: "hexagon", style: { fill: "#ff0000", bogus: 3 } },
      position: { x: 20, y: 40 },
      width: 110,
      height: 44,
      parentId: "dmz",
      extent: "parent",
    },
    { id: "db", type: "default", data: { label: "DB", nodeType: "database", shape: "cylinder" }, position: { x: 500, y: 60 }, width: 100, height: 60 },
  ],
  edges: [
    { id: "e1", source: "dmz.waf", target: "db", label: "SQL", data: { points: [[230, 112], [500, 90]] }, markerEnd: { type: "arrowclosed" } },
    { id: "e2", source: "db", target: "dmz.waf", label: "", data: { points: [] }, markerStart: { type: "arrowclosed" } },
    { id: "dangling", source: "db", target: "nowhere", data: { points: [] } },
  ],
};

describe("readDiagram", () => {
  it("reads nodes parents first, with relative and absolute positions", () => {
    const d = readDiagram(stored);
    expect(d.nodes.map((n) => n.id)).toEqual(["dmz", "db", "dmz.waf"]);
    const waf = d.nodes.find((n) => n.id === "dmz.waf")!;
    expect(waf).toMatchObject({ parentId: "dmz", x: 20, y: 40, ax: 120, ay: 90, shape: "hexagon", label: "WAF", isGroup: false });
    expect(waf.style).toEqual({ fill: "#ff0000" });
    expect(d.nodes[0]!.isGroup).toBe(true);
  });

  it("keeps the arrowheads the state names and drops edges to unknown nodes", () => {
    const d = readDiagram(stored);
    expect(d.edges.map((e) => [e.id, e.arrowEnd, e.arrowStart])).toEqual([
      ["e1", true, false],
      ["e2", false, true],
    ]);
    expect(d.edges[0]!.points).toEqual([[230, 112], [500, 90]]);
  });

  it("draws an arrow at the target for states written before markers existed", () => {
    const old = { nodes: stored.nodes, edges: [{ id: "e", source: "db", target: "dmz", data: { points: [] } }] };
    expect(readDiagram(old).edges[0]).toMatchObject({ arrowEnd: true, arrowStart: false });
  });

  it("puts a node whose parent is missing at the top level, and survives parent cycles", () => {
    const d = readDiagram({
      nodes: [
        { id: "orphan", position: { x: 5, y: 6 }, parentId: "gone" },
        { id: "a", position: { x: 0, y: 0 }, parentId: "b" },
        { id: "b", position: { x: 0, y: 0 }, parentId: "a" },
      ],
      edges: [],
    });
    expect(d.nodes.map((n) => n.id)).toEqual(["orphan"]);
    expect(d.nodes[0]).toMatchObject({ parentId: null, ax: 5, ay: 6, width: 160, height: 60 });
  });

  it("keeps absolute positions finite when a child's offset and its parent's position are huge", () => {
    const d = readDiagram({
      nodes: [
        { id: "outer", position: { x: -1e306, y: 1e306 } },
        { id: "inner", position: { x: -1.79e308, y: 1.79e308 }, parentId: "outer" },
      ],
      edges: [],
    });
    for (const n of d.nodes) expect(Number.isFinite(n.ax) && Number.isFinite(n.ay)).toBe(true);
  });

  it("never throws, and keeps its invariants, whatever JSON it is given", () => {
    const id = fc.constantFrom("a", "b", "c", "a.b", "z", "");
    const node = fc.record(
      {
        id: fc.oneof(id, fc.integer()),
        type: fc.constantFrom("group", "default", 3),
        data: fc.oneof(fc.anything(), fc.record({ label: fc.string(), shape: fc.string(), style: fc.anything() })),
        position: fc.oneof(fc.anything(), fc.record({ x: fc.double(), y: fc.double() })),
        width: fc.oneof(fc.double(), fc.anything()),
        parentId: fc.oneof(id, fc.constant(null), fc.anything()),
      },
      { requiredKeys: [] },
    );
    const edge = fc.record(
      {
        id: fc.oneof(id, fc.anything()),
        source: id,
        target: id,
        label: fc.anything(),
        data: fc.oneof(fc.anything(), fc.record({ points: fc.array(fc.array(fc.double(), { maxLength: 3 })) })),
        markerEnd: fc.anything(),
      },
      { requiredKeys: [] },
    );
    const state = fc.oneof(fc.anything(), fc.record({ nodes: fc.oneof(fc.array(node), fc.anything()), edges: fc.oneof(fc.array(edge), fc.anything()) }));
    fc.assert(
      fc.property(state, (s) => {
        const d = readDiagram(s);
        const seen = new Set<string>();
        for (const n of d.nodes) {
          if (n.parentId !== null) expect(seen.has(n.parentId)).toBe(true); // parents first
          expect(seen.has(n.id)).toBe(false);
          expect(Number.isFinite(n.ax) && Number.isFinite(n.ay)).toBe(true);
          expect(n.width > 0 && n.height > 0).toBe(true);
          seen.add(n.id);
        }
        for (const e of d.edges) {
          expect(seen.has(e.source) && seen.has(e.target)).toBe(true);
          for (const p of e.points) expect(p.every(Number.isFinite)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe("coloursOf", () => {
  it("takes the class colours, overridden by the element's own valid colours", () => {
    expect(coloursOf("database", {})).toEqual({ fill: "#fef3c7", stroke: "#b45309", font: "#1f2937", dashed: false });
    expect(coloursOf("database", { fill: "red", stroke: "url(javascript:x)" })).toMatchObject({ fill: "red", stroke: "#b45309" });
    expect(coloursOf("zone", {}).dashed).toBe(true);
    expect(coloursOf("zone", { "stroke-dash": "0" }).dashed).toBe(false);
    expect(coloursOf("no-such-class", {}).fill).toBe("#f8fafc");
  });
});
