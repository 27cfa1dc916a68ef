-- Drives apol-lsp from a real editor: Neovim 0.7.2, headless. Opens the policy in $APOL_PROBE_FILE, attaches the
-- server ($APOL_LSP_BIN, run with node), checks completion after `args.`, hovers, inlay hints, definition, a rename's edits and
-- the diagnostics after an edit that breaks the file, the rename of a shape field in tests, and completion by context
-- asked at once after the edit that declares what it completes. Prints one line per check; exits 1 on any mismatch.
-- Run: APOL_LSP_BIN=lsp/bin/apol-lsp.js APOL_PROBE_FILE=/tmp/x/banking.apol timeout 120 nvim --headless --clean -u test/e2e/nvim/probe.lua

local failures = 0
--- Prints one check's outcome; what was received is shown only when it failed.
local function report(ok, what, detail)
  io.stdout:write((ok and "ok   " or "FAIL ") .. what .. ((not ok and detail) and (": " .. detail) or "") .. "\n")
  if not ok then failures = failures + 1 end
end
local function finish()
  io.stdout:write(failures == 0 and "probe passed\n" or ("probe failed: " .. failures .. " check(s)\n"))
  io.stdout:flush()
  os.exit(failures == 0 and 0 or 1)
end

-- A buffer with unsaved edits leaves a swap file behind on exit; the probe never saves, so it needs none.
vim.o.swapfile = false

local function main()
  local server = os.getenv("APOL_LSP_BIN")
  local file = os.getenv("APOL_PROBE_FILE")
  if not server or not file then
    report(false, "environment", "set APOL_LSP_BIN and APOL_PROBE_FILE")
    finish()
  end

  vim.lsp.set_log_level("warn")
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(buf)

  local client_id = vim.lsp.start_client({
    name = "apol",
    cmd = { "node", server, "--stdio" },
    root_dir = vim.fn.fnamemodify(file, ":h"),
  })
  report(client_id ~= nil, "start the server")
  if not client_id then finish() end
  vim.lsp.buf_attach_client(buf, client_id)
  local initialized = vim.wait(30000, function()
    local client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized == true
  end, 50)
  report(initialized, "initialize")
  if not initialized then finish() end

  --- The 0-based line and UTF-16 character of `needle` (plus `offset`) in the buffer.
  local function find(needle, offset)
    for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
      local at = string.find(line, needle, 1, true)
      if at then return { line = i - 1, character = at - 1 + (offset or 0) } end
    end
    report(false, "find " .. needle, "not in the buffer")
    finish()
  end

  --- Sends a request and returns this server's result.
  local function request(method, params)
    local responses = vim.lsp.buf_request_sync(buf, method, params, 10000)
    local response = responses and responses[client_id]
    if not response then return nil, "no response" end
    if response.err then return nil, vim.inspect(response.err) end
    return response.result
  end
  local function at(position) return { textDocument = { uri = uri }, position = position } end

  -- Completion after `args.` in `when user.role in [admin, teller] and args.amount <= 500`.
  local completion, err = request("textDocument/completion", at(find("args.amount <= 500", 5)))
  local items = completion and (completion.items or completion) or {}
  local labels = {}
  for _, item in ipairs(items) do table.insert(labels, item.label) end
  table.sort(labels)
  report(table.concat(labels, ",") == "amount,date,recipient,subject", "completion after args.", err or table.concat(labels, ","))

  -- Hover on the tool in `allow send_money`.
  local hover, herr = request("textDocument/hover", at(find("allow send_money", 7)))
  local text = hover and hover.contents and (hover.contents.value or hover.contents) or ""
  report(type(text) == "string" and string.find(text, "tool send_money(recipient: string, amount: number", 1, true) ~= nil, "hover on send_money", herr or text)

  -- Hover on a keyword and on a `tier` target: what the keyword means, and which tools the target covers.
  local function hover_text(position)
    local result, err = request("textDocument/hover", at(position))
    local value = result and result.contents and (result.contents.value or result.contents) or ""
    return type(value) == "string" and value or "", err
  end
  local keyword, kerr = hover_text(find("deny tier >= 2", 1))
  report(string.find(keyword, "(keyword) deny", 1, true) ~= nil, "hover on a keyword", kerr or keyword)
  local tier, terr = hover_text(find("deny tier >= 2", 7))
  report(string.find(tier, "(target) tier >= 2", 1, true) ~= nil and string.find(tier, "covers `send_money`", 1, true) ~= nil, "hover on a tier target", terr or tier)

  -- Inlay hints: the tools `tagged financial` covers, right after it.
  local last_line = vim.api.nvim_buf_line_count(buf)
  local hints, ierr = request("textDocument/inlayHint", { textDocument = { uri = uri }, range = { start = { line = 0, character = 0 }, ["end"] = { line = last_line, character = 0 } } })
  local tagged = find("deny tagged financial", 21)
  local label = nil
  for _, hint in ipairs(hints or {}) do
    if hint.position.line == tagged.line and hint.position.character == tagged.character then label = hint.label end
  end
  report(type(label) == "string" and string.find(label, "send_money", 1, true) ~= nil, "inlay hint after tagged financial", ierr or vim.inspect(hints))

  -- Definition of the const in `approvals 2 of finance`.
  local definition, derr = request("textDocument/definition", at(find("approvals 2 of finance", 15)))
  local location = definition and (definition[1] or definition)
  local declared = find("const finance", 6)
  report(location ~= nil and location.range ~= nil and location.range.start.line == declared.line and location.range.start.character == declared.character,
    "definition of finance", derr or vim.inspect(location))

  -- Rename `finance` to `approvers`: the declaration and the use, then apply the edit.
  local edit, rerr = request("textDocument/rename", { textDocument = { uri = uri }, position = find("approvals 2 of finance", 15), newName = "approvers" })
  local edits = edit and edit.changes and edit.changes[uri] or {}
  local all_new = #edits == 2
  for _, e in ipairs(edits) do all_new = all_new and e.newText == "approvers" end
  report(all_new, "rename edits", rerr or vim.inspect(edits))
  if edit then vim.lsp.util.apply_workspace_edit(edit, "utf-16") end
  report(#vim.fn.getbufline(buf, 1, "$") > 0 and find("approvals 2 of approvers") ~= nil, "rename applied")

  -- Break the file: delete the right operand of `when args.amount > 500`.
  local broken_at = find("when args.amount > 500")
  local line = vim.api.nvim_buf_get_lines(buf, broken_at.line, broken_at.line + 1, false)[1]
  vim.api.nvim_buf_set_lines(buf, broken_at.line, broken_at.line + 1, false, { (string.gsub(line, "> 500", ">")) })
  local got = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  local diagnostics = vim.diagnostic.get(buf)
  local first = diagnostics[1] or {}
  report(got and #diagnostics == 1 and first.code == "apol/syntax-error" and first.lnum == broken_at.line and first.col == broken_at.character + 18 and first.severity == vim.diagnostic.severity.ERROR,
    "diagnostics after breaking the file", vim.inspect(diagnostics))
  report(type(first.message) == "string" and string.find(first.message, "expected", 1, true) ~= nil, "syntax error message", first.message)

  -- Fix it again: the diagnostics go away.
  vim.api.nvim_buf_set_lines(buf, broken_at.line, broken_at.line + 1, false, { line })
  report(vim.wait(20000, function() return #vim.diagnostic.get(buf) == 0 end, 50), "diagnostics cleared after the fix")

  -- Rename the shape field `role`: its uses and the keys of the tests' `user { ... }` values.
  local field_edit, ferr = request("textDocument/rename", { textDocument = { uri = uri }, position = find("role: Role", 0), newName = "level" })
  local field_edits = field_edit and field_edit.changes and field_edit.changes[uri] or {}
  local key = find('user { id: "u1", role: teller', 17)
  local reaches_key = false
  for _, e in ipairs(field_edits) do
    if e.range.start.line == key.line and e.range.start.character == key.character and e.newText == "level" then reaches_key = true end
  end
  report(reaches_key and #field_edits >= 7, "rename of a shape field reaches the tests' keys", ferr or vim.inspect(field_edits))

  --- The sorted labels of a completion at the end of the buffer, asked right after `lines` replace its last line.
  local function complete_after(lines)
    local count = vim.api.nvim_buf_line_count(buf)
    vim.api.nvim_buf_set_lines(buf, count - 1, count, false, lines)
    local last = vim.api.nvim_buf_line_count(buf) - 1
    local text = vim.api.nvim_buf_get_lines(buf, last, last + 1, false)[1]
    local result, cerr = request("textDocument/completion", at({ line = last, character = #text }))
    local found = {}
    for _, item in ipairs(result and (result.items or result) or {}) do table.insert(found, item.label) end
    table.sort(found)
    return table.concat(found, ","), cerr
  end

  -- The race: one change adds a tool and a rule up to `has(args.`, and completion is asked at once.
  local optional, oerr = complete_after({ "", "tool deploy(service: string, env?: string)", "rule probe_deploy {", "  allow deploy", "  when has(args." })
  report(optional == "env", "completion at once after adding a tool, only optional arguments in has(", oerr or optional)
  local arguments, aerr = complete_after({ "  when args." })
  report(arguments == "env,service", "completion after args. of the tool just added", aerr or arguments)
  local durations, eerr = complete_after({ "}", "rule probe_review {", "  review deploy", '  approvals 1 of ["a"]', "  expires " })
  report(durations == "1h,24h,30m,7d", "durations after expires", eerr or durations)
  local lists, lerr = complete_after({ "  approvals 1 of " })
  report(lists == "approvers,trusted_recipients", "only lists of strings after approvals 1 of", lerr or lists)

  vim.lsp.stop_client(client_id)
end

-- An error in the probe itself fails it at once instead of leaving Neovim waiting for input until the timeout.
local ok, problem = xpcall(main, debug.traceback)
if not ok then report(false, "probe script", problem) end
finish()
