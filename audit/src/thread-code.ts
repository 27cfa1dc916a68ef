// The writer thread's code as one script, for a bundled `@apol/audit`, where no `thread.js` sits beside the bundle.
// From the sources and in the workspace's build this is undefined and the thread runs from `dist/thread.js`; packing
// the package (`npm pack`, `npm publish`) writes the bundled thread over `dist/thread-code.js` (`embed-thread.mjs`).
export const threadCode: string | undefined = undefined;
