// Select version n in the list; resolve once its `count` nodes are in the DOM and painted.
// Returns the whole time and the time of the version's fetch (resource timing), in ms.
async ([n, count]) => {
  const item = document.querySelector(`[data-testid=version-item][data-version="${n}"]`);
  performance.clearResourceTimings();
  const start = performance.now();
  item.click();
  await new Promise((resolve) => {
    const done = () =>
      document.querySelectorAll(".react-flow__node").length === count &&
      document.querySelector("[data-testid=diagram]").dataset.version === String(n);
    if (done()) return resolve();
    const obs = new MutationObserver(() => {
      if (done()) {
        obs.disconnect();
        resolve();
      }
    });
    obs.observe(document, { childList: true, subtree: true, attributes: true });
  });
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const total = performance.now() - start;
  const fetches = performance
    .getEntriesByType("resource")
    .filter((e) => e.name.includes(`/versions/${n}`));
  const fetch = fetches.length ? fetches[0].responseEnd - fetches[0].startTime : 0;
  return { total, fetch };
};
