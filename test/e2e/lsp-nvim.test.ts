// End-to-end in a real editor: headless Neovim 0.7.2 runs nvim/probe.lua against the built server on a copy of examples/banking.apol.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildOnce, root } from "./apol-process.js";
import { lspBin } from "./lsp-process.js";

const nvim = spawnSync("nvim", ["--version"], { encoding: "utf8" });
const hasNvim = nvim.status === 0;
/** CI sets this (`.ci/run` installs Neovim), so a missing `nvim` fails there instead of skipping. */
const required = process.env["APOL_REQUIRE_NVIM"] === "1";

describe("apol-lsp in Neovim", () => {
  it.runIf(!hasNvim && required)("needs `nvim`: APOL_REQUIRE_NVIM=1 is set but `nvim` is not on PATH", () => {
    expect.fail("`nvim` is not on PATH; `.ci/run` installs it with `apt-get install neovim`");
  });

  it.skipIf(!hasNvim)(
    hasNvim
      ? "passes every check of nvim/probe.lua"
      : "passes every check of nvim/probe.lua (skipped: `nvim` is not on PATH; install Neovim 0.7.2, e.g. `apt-get install neovim`)",
    () => {
      buildOnce();
      const dir = mkdtempSync(join(tmpdir(), "apol-nvim-"));
      try {
        const file = join(dir, "banking.apol");
        copyFileSync(join(root, "examples", "banking.apol"), file);
        const run = spawnSync("timeout", ["120", "nvim", "--headless", "--clean", "-u", join(root, "test", "e2e", "nvim", "probe.lua")], {
          cwd: dir,
          encoding: "utf8",
          env: { ...process.env, APOL_LSP_BIN: lspBin, APOL_PROBE_FILE: file, XDG_STATE_HOME: dir, XDG_CACHE_HOME: dir },
        });
        const output = `${run.stdout}${run.stderr}`;
        expect(output, output).toContain("probe passed");
        expect(run.status, output).toBe(0);
        expect(output).not.toContain("FAIL");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    150_000,
  );
});
