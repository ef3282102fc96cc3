import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { readDiagram, readThreat } from "./model";
import { EdgeThreatBadge, THREAT_COLOURS, ThreatBadge } from "./threatBadge";
import { toFlow } from "./toFlow";

// What the layout stage writes for the `threats` view (services/layout/reactflow.py): the mark
// in data.threat and the severity colours in data.style.
const viewState = {
  nodes: [
    {
      id: "web",
      type: "default",
      data: {
        label: "Web app",
        nodeType: "process",
        shape: "rectangle",
        style: { stroke: "#7f1d1d", fill: "#fecaca" },
        threat: { severity: "critical", open_count: 5, mitigated_count: 1 },
      },
      position: { x: 0, y: 0 },
      width: 120,
      height: 60,
    },
    {
      id: "db",
      type: "default",
      data: {
        label: "DB",
        nodeType: "database",
        shape: "cylinder",
        style: { stroke: "#16a34a", fill: "#dcfce7" },
        threat: { severity: null, open_count: 0, mitigated_count: 3 },
      },
      position: { x: 300, y: 0 },
      width: 100,
      height: 60,
    },
  ],
  edges: [
    {
      id: "(web -> db)[0]",
      source: "web",
      target: "db",
      label: "SQL",
      data: { points: [[120, 30], [300, 30]], style: { stroke: "#dc2626" }, threat: { severity: "high", open_count: 2, mitigated_count: 0 } },
      markerEnd: { type: "arrowclosed" },
    },
  ],
};

describe("the threats view", () => {
  it("reads the marks, and nothing without the view", () => {
    const d = readDiagram(viewState);
    expect(d.nodes.find((n) => n.id === "web")!.threat).toEqual({ severity: "critical", openCount: 5, mitigatedCount: 1 });
    expect(d.edges[0]!.threat).toEqual({ severity: "high", openCount: 2, mitigatedCount: 0 });
    const plain = JSON.parse(JSON.stringify(viewState));
    for (const n of plain.nodes) delete n.data.threat;
    expect(readDiagram(plain).nodes.every((n) => n.threat === null)).toBe(true);
  });

  it("drops malformed marks' bad fields", () => {
    expect(readThreat({ severity: "apocalyptic", open_count: -2, mitigated_count: "x" })).toEqual({
      severity: null,
      openCount: 0,
      mitigatedCount: 0,
    });
    expect(readThreat("high")).toBeNull();
  });

  it("colours shapes and connections by the worst open severity", () => {
    const { nodes, edges } = toFlow(readDiagram(viewState));
    const web = nodes.find((n) => n.id === "web")!;
    expect(web.data.colours.stroke).toBe(THREAT_COLOURS.critical);
    expect(web.className).toBe("dg-threat-critical");
    expect(web.data.threat?.openCount).toBe(5);
    expect(nodes.find((n) => n.id === "db")!.className).toBe("dg-threat-none");
    expect(edges[0]!.data!.colour).toBe(THREAT_COLOURS.high);
    expect(edges[0]!.className).toBe("dg-threat-high");
  });

  it("draws the count as a badge, none when nothing is open", () => {
    const { nodes } = toFlow(readDiagram(viewState));
    const html = renderToStaticMarkup(createElement(ThreatBadge, { mark: nodes[0]!.data.threat }));
    expect(html).toContain('class="dg-threat-badge"');
    expect(html).toContain('data-severity="critical"');
    expect(html).toContain(">5</span>");
    expect(html).toContain("5 open threats, worst critical; 1 mitigated");
    const db = nodes.find((n) => n.id === "db")!;
    expect(renderToStaticMarkup(createElement(ThreatBadge, { mark: db.data.threat }))).toBe("");
    const edge = readDiagram(viewState).edges[0]!;
    const svg = renderToStaticMarkup(createElement(EdgeThreatBadge, { mark: edge.threat, at: [10, 20] }));
    expect(svg).toContain(`fill="${THREAT_COLOURS.high}"`);
    expect(svg).toContain(">2</text>");
  });
});
