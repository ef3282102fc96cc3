import { describe, expect, it } from "vitest";

import palette from "./palette.json";
import { ICONS, iconPathFor } from "./icons";

describe("iconPathFor", () => {
  it("prefers the node's own path, then the bundled icon of its Iconify id", () => {
    expect(iconPathFor({ iconPath: "M0 0 L24 24 Z", iconifyId: "mdi:database" })).toBe("M0 0 L24 24 Z");
    expect(iconPathFor({ iconPath: null, iconifyId: "mdi:database" })).toBe(ICONS["mdi:database"]);
    expect(iconPathFor({ iconPath: null, iconifyId: "logos:postgresql" })).toBeNull();
    expect(iconPathFor({ iconPath: null, iconifyId: null })).toBeNull();
  });

  it("ignores a path that is not path syntax", () => {
    expect(iconPathFor({ iconPath: '"/><script>alert(1)</script>', iconifyId: null })).toBeNull();
  });

  it("bundles an icon for every class of the style pack", () => {
    // services/layout/reactflow.py ICONIFY_BY_CLASS names these for the style pack's classes
    const byClass = [
      "mdi:account-circle", "mdi:web", "mdi:lan", "mdi:shield-lock", "mdi:server", "mdi:database",
      "mdi:lightning-bolt", "mdi:folder", "mdi:tray-full", "mdi:brain", "mdi:chart-line", "mdi:shape-outline",
    ];
    for (const id of byClass) expect(ICONS[id], id).toMatch(/^M/);
    expect(Object.keys(palette.classes).length).toBe(byClass.length);
  });
});
