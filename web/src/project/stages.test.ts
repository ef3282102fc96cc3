import { describe, expect, it } from "vitest";

import { advance, finished } from "./useProject";

describe("job stages in the chat", () => {
  it("marks the stages before the first event seen as done (a socket that joined late)", () => {
    expect(advance({}, "validate", "started")).toEqual({
      intent: "completed",
      generate: "completed",
      validate: "started",
    });
  });

  it("does not fill stages a short path skipped once events are flowing", () => {
    const seen = advance(advance({}, "intent", "completed"), "generate", "completed");
    expect(advance(seen, "persist", "started")).toEqual({
      intent: "completed",
      generate: "completed",
      persist: "started",
    });
  });

  it("finishes every reached stage of a succeeded job, and all when none was seen", () => {
    expect(finished({ intent: "completed", generate: "started" }, true)).toEqual({
      intent: "completed",
      generate: "completed",
    });
    expect(Object.values(finished({}, true))).toHaveLength(5);
    expect(finished({ intent: "started" }, false)).toEqual({ intent: "started" });
  });
});
