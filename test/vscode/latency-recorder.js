// Runs in VS Code's page (test/vscode/latency.ts evaluates it): records each keydown, and each change of the editor's error squiggles and of the suggest widget's rows, with its time.
// All times are the page's `performance.now()` (a keydown's `timeStamp` is on the same clock), read in the MutationObserver's callback: after the DOM changed, before it is painted.
(() => {
  const log = { keys: [], squiggles: [], suggest: [] };
  window.__apolLatency = log;
  const editorPart = () => document.querySelector(".part.editor") ?? document.body;
  window.addEventListener("keydown", (event) => log.keys.push({ key: event.key, t: event.timeStamp }), true);
  // Read from the elements' inline styles, not their layout, so that recording forces no layout on the page it measures.
  const squiggles = () =>
    Array.from(editorPart().querySelectorAll(".view-overlays .squiggly-error"), (el) => ({
      top: Number.parseFloat(el.parentElement?.style.top ?? ""),
      left: Number.parseFloat(el.style.left),
      width: Number.parseFloat(el.style.width),
    }));
  const suggest = () => {
    const widget = editorPart().querySelector(".suggest-widget.visible");
    return widget ? Array.from(widget.querySelectorAll(".monaco-list-row .label-name"), (el) => (el.textContent ?? "").trim()) : null;
  };
  let lastSquiggles = "";
  let lastSuggest = "";
  const record = () => {
    const t = performance.now();
    const nowSquiggles = squiggles();
    const squigglesKey = JSON.stringify(nowSquiggles);
    if (squigglesKey !== lastSquiggles) {
      lastSquiggles = squigglesKey;
      log.squiggles.push({ t, squiggles: nowSquiggles });
    }
    const labels = suggest();
    const suggestKey = JSON.stringify(labels);
    if (suggestKey !== lastSuggest) {
      lastSuggest = suggestKey;
      log.suggest.push({ t, labels });
    }
  };
  new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  record();
})();
