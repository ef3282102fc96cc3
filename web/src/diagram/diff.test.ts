import { describe, expect, it } from "vitest";

import { diffDiagrams, mergeForDiff } from "./diff";
import { readDiagram } from "./model";

const node = (id: string, label: string, extra: Record<string, unknown> = {}) => ({
  id,
  data: { label, nodeType: "process", shape: "rectangle" },
  position: { x: 10, y: 10 },
  width: 100,
  height: 40,
  ...extra,
});
const edge = (id: string, source: string, target: string, label = "") => ({ id, source, target, label, data: { points: [] }, markerEnd: { type: "arrowclosed" } });

const v1 = readDiagram({
  nodes: [node("zone", "Zone", { type: "group", position: { x: 0, y: 0 }, width: 400, height: 200 }), node("zone.api", "API", { parentId: "zone" }), node("zone.old", "Old", { parentId: "zone", position: { x: 200, y: 50 } }), node("db", "DB")],
  edges: [edge("a", "zone.api", "db", "SQL"), edge("b", "zone.api", "zone.old")],
});
const v2 = readDiagram({
  nodes: [node("zone", "Zone", { type: "group", position: { x: 0, y: 0 }, width: 400, height: 200 }), node("zone.api", "API v2", { parentId: "zone" }), node("db", "DB"), node("cache", "Cache")],
  edges: [edge("a", "zone.api", "db", "SQL"), edge("c", "zone.api", "cache")],
});

describe("diffDiagrams", () => {
  it("marks added, removed and changed nodes and edges", () => {
    const d = diffDiagrams(v1, v2);
    expect(Object.fromEntries(d.nodes)).toEqual({ "zone.api": "changed", cache: "added", "zone.old": "removed" });
    expect(Object.fromEntries(d.edges)).toEqual({ c: "added", b: "removed" });
  });

  it("marks nothing between equal diagrams", () => {
    const d = diffDiagrams(v1, v1);
    expect(d.nodes.size + d.edges.size).toBe(0);
  });
});

describe("mergeForDiff", () => {
  it("draws removed nodes where they were, inside a parent that is still there", () => {
    const merged = mergeForDiff(v1, v2, diffDiagrams(v1, v2));
    const ghost = merged.nodes.find((n) => n.id === "zone.old")!;
    expect(ghost).toMatchObject({ parentId: "zone", x: 200, y: 50 });
    expect(merged.edges.map((e) => e.id).sort()).toEqual(["a", "b", "c"]);
    const ids = merged.nodes.map((n) => n.id);
    expect(ids.indexOf("zone")).toBeLessThan(ids.indexOf("zone.old"));
  });

  it("keeps a removed zone with its removed children", () => {
    const before = readDiagram({ nodes: [node("z", "Z", { type: "group", position: { x: 50, y: 60 } }), node("z.x", "X", { parentId: "z" })], edges: [] });
    const after = readDiagram({ nodes: [node("y", "Y")], edges: [] });
    const merged = mergeForDiff(before, after, diffDiagrams(before, after));
    expect(merged.nodes.map((n) => [n.id, n.parentId])).toEqual([["y", null], ["z", null], ["z.x", "z"]]);
  });
});
