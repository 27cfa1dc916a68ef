// The review desk's page: the inbox, the detail of a held call, and Ed25519 signing with a key that never leaves this browser.
// Everything from the server is shown with textContent only: tool arguments and outputs are attacker-controlled.

const $ = (id) => document.getElementById(id);
let session = { approver: null, csrf: "" };
let tab = "pending";
let current; // the detail shown: its review id

// INVARIANT (text-only): every string from the server goes into the DOM through `textContent` here, never as HTML.
/** An element with text (never HTML) and children. */
function el(tag, { text, cls, title } = {}, ...children) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  if (title) node.title = title;
  for (const child of children) node.append(child);
  return node;
}

async function api(path, body) {
  const init =
    body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json", "x-csrf-token": session.csrf }, body: JSON.stringify(body) };
  const response = await fetch(path, { credentials: "same-origin", ...init });
  let data = {};
  try {
    data = await response.json();
  } catch {
    /* not JSON */
  }
  return { status: response.status, data };
}

// --- keys: imported once, kept as a non-extractable CryptoKey in IndexedDB under the approver's name ---

function keyStore(mode, work) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("apol-review-desk", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("keys");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction("keys", mode);
      const request = work(tx.objectStore("keys"));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
    };
  });
}
const loadKey = (name) => keyStore("readonly", (keys) => keys.get(name));
const saveKey = (name, key) => keyStore("readwrite", (keys) => keys.put(key, name));

/** The DER bytes of a PKCS #8 private key in PEM, or an error naming what is wrong. */
function pemToDer(pem) {
  if (/BEGIN PUBLIC KEY/.test(pem)) throw new Error("this is a public key: import your private key (NAME.key), which `apol keys generate` wrote beside it");
  const body = /-----BEGIN PRIVATE KEY-----([\s\S]*?)-----END PRIVATE KEY-----/.exec(pem);
  if (!body) throw new Error("not a private key in PEM: expected -----BEGIN PRIVATE KEY-----, as `apol keys generate` writes");
  const binary = atob(body[1].replace(/\s+/g, ""));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function importKey(pem) {
  const der = pemToDer(pem);
  let key;
  try {
    key = await crypto.subtle.importKey("pkcs8", der, { name: "Ed25519" }, false, ["sign"]);
  } catch {
    throw new Error("not an Ed25519 private key: approvals are signed with Ed25519 keys (`apol keys generate`)");
  }
  await saveKey(session.approver, key);
}

const base64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));

/** Signs `text` (UTF-8) with the approver's stored key. */
async function sign(text) {
  const key = await loadKey(session.approver);
  if (!key) throw new Error("no signing key in this browser: import your private key first");
  return base64(await crypto.subtle.sign({ name: "Ed25519" }, key, new TextEncoder().encode(text)));
}

// The exact bytes `apol approve` signs: canonical JSON (keys sorted, no spaces) of the approval; values are strings, so
// JSON.stringify of an object written in key order is that spelling (approvalMessage of @apol/runtime).
const approvalMessage = (review, digest, approver) => JSON.stringify({ approver, digest, kind: "apol-approval", review });
const rejectionMessage = (review, digest, approver, reason) => JSON.stringify({ approver, digest, kind: "apol-rejection", reason, review });

// --- rendering ---

function expiresIn(at, now = Date.now()) {
  const ms = at - now;
  if (ms <= 0) return "expired";
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600),
    m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
}

function approvalsText(r) {
  const from = r.group ?? (r.from ? r.from.join(", ") : "any approver");
  const signed = r.approvals.length > 0 ? ` · signed: ${r.approvals.map((a) => a.approver).join(", ")}` : "";
  const outcome = r.status === "rejected" && r.rejected ? ` · rejected by ${r.rejected.by}: ${r.rejected.reason}` : "";
  return `${r.approvals.length} of ${r.required} from ${from}${signed}${outcome}`;
}

function expiryCell(r) {
  const cell = el("td", { text: r.status === "pending" ? expiresIn(r.expiresAt) : r.status });
  if (r.status === "pending") cell.dataset.expires = String(r.expiresAt);
  return cell;
}

async function showInbox() {
  const query = new URLSearchParams({ tab, group: $("filter-group").value, tool: $("filter-tool").value });
  const { status, data } = await api(`/api/reviews?${query}`);
  if (status !== 200) return;
  fillSelect($("filter-group"), data.groups);
  fillSelect($("filter-tool"), data.tools);
  const rows = data.reviews.map((r) => {
    const row = el(
      "tr",
      { cls: "row" },
      el("td", { text: r.tool }),
      el("td", { text: r.rule }),
      el("td", { text: r.reason }),
      el("td", { text: approvalsText(r) }),
      expiryCell(r),
    );
    row.dataset.review = r.review;
    row.addEventListener("click", () => {
      location.hash = `#/review/${encodeURIComponent(r.review)}`;
    });
    return row;
  });
  $("rows").replaceChildren(...rows);
  $("empty").hidden = rows.length > 0;
}

function fillSelect(select, values) {
  const chosen = select.value;
  select.replaceChildren(new Option("all", ""), ...values.map((v) => new Option(v, v)));
  select.value = values.includes(chosen) ? chosen : "";
}

/** A JSON value as text, a string as itself. */
const shown = (value) => (typeof value === "string" ? value : JSON.stringify(value, null, 1));

/** Every leaf of the arguments with its `args.` path. */
function leaves(value, path = "args", out = []) {
  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value) ? value.map((v, i) => [`${path}[${i}]`, v]) : Object.entries(value).map(([k, v]) => [`${path}.${k}`, v]);
    if (entries.length === 0) out.push([path, value]);
    for (const [p, v] of entries) leaves(v, p, out);
  } else out.push([path, value]);
  return out;
}

function evidenceText(e) {
  const where = e.source ? `the output of \`${e.source.tool}\`${e.step ? ` at step ${e.step}` : ""}` : "content observed in the session";
  return `${e.check === "tainted" ? "carries" : "comes from"} “${e.matched}”, which appears in ${where}, labelled ${e.label}`;
}

async function showDetail(id) {
  const { status, data } = await api(`/api/reviews/${encodeURIComponent(id)}`);
  if (status !== 200) {
    $("d-title").textContent = data.error ?? "this review could not be read";
    return;
  }
  const d = data;
  $("d-title").textContent = `${d.tool} held by ${d.rule}`;
  const facts = [
    ["reason", d.reason],
    ["status", d.status],
    ["approvals", approvalsText(d)],
    ["expires", d.status === "pending" ? `${expiresIn(d.expiresAt)} (${new Date(d.expiresAt).toISOString()})` : new Date(d.expiresAt).toISOString()],
    ["deciding rule", `${d.deciding.name}${d.deciding.location ? ` at ${d.deciding.location}` : ""}`],
    ["source line", d.deciding.line ?? "(the desk was not given the policy's text)"],
    ["session", d.session ?? "(none)"],
    ["review", d.review],
    ["digest", d.digest],
  ];
  $("d-facts").replaceChildren(...facts.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })]));
  const flagged = new Map();
  for (const e of d.evidence) for (const p of e.arguments) flagged.set(p, [...(flagged.get(p) ?? []), e]);
  $("d-args").replaceChildren(
    ...leaves(d.args).map(([path, value]) => {
      const masked = d.masked.includes(path);
      const box = el(
        "div",
        { cls: flagged.has(path) ? "arg suspicious" : "arg" },
        el("code", { text: path }),
        el("span", { cls: "text arg-value", text: masked ? "[redacted] (masked by the policy)" : shown(value) }),
      );
      box.dataset.path = path;
      for (const e of flagged.get(path) ?? []) box.append(el("div", { cls: "hint", text: evidenceText(e) }));
      return box;
    }),
  );
  $("d-evidence").replaceChildren(
    ...(d.evidence.length === 0
      ? [
          el("p", {
            cls: "hint",
            text:
              d.masked.length > 0
                ? "Arguments are masked, so provenance excerpts are withheld (they could hold the masked text)."
                : "No provenance check held on this call's arguments.",
          }),
        ]
      : d.evidence.map((e) =>
          el(
            "div",
            { cls: "evidence" },
            el("div", { text: `${e.arguments.length > 0 ? e.arguments.join(", ") : "an argument"} ${evidenceText(e)}` }),
            el("div", { cls: "hint", text: "excerpt:" }),
            el("span", { cls: "text excerpt", text: e.excerpt }),
            el("div", {
              cls: "hint",
              text: `label ${e.label} · check ${e.check}${e.source ? ` · produced by ${e.source.tool} (decision ${e.source.call}${e.step ? `, step ${e.step}` : ""})` : ""}`,
            }),
          ),
        )),
  );
  $("d-matched").replaceChildren(...d.matched.map((r) => el("li", { text: `${r.name}${r.location ? ` (${r.location})` : ""}${r.line ? `: ${r.line}` : ""}` })));
  $("d-recent").replaceChildren(
    ...(d.recent.length === 0
      ? [el("tr", {}, el("td", { text: "no earlier calls seen in this session" }))]
      : d.recent.map((c) =>
          el(
            "tr",
            {},
            el("td", { text: String(c.step) }),
            el("td", { text: c.tool }),
            el("td", { text: `${c.effect} (${c.rule})` }),
            el("td", {}, el("span", { cls: "text", text: JSON.stringify(c.args) })),
          ),
        )),
  );
  let cannot = d.canSign.ok ? "" : d.canSign.why;
  if (!cannot && !(await loadKey(session.approver)))
    cannot = `no signing key for \`${session.approver}\` in this browser: import your private key above to sign`;
  $("d-cannot").textContent = cannot;
  for (const id of ["approve", "reject", "reject-reason"]) $(id).disabled = cannot !== "";
  current = d;
}

function route() {
  const match = /^#\/review\/(.+)$/.exec(location.hash);
  $("inbox").hidden = !!match;
  $("detail").hidden = !match;
  if (match) {
    $("d-result").textContent = "";
    return showDetail(decodeURIComponent(match[1]));
  }
  current = undefined;
  return showInbox();
}

async function decide(kind) {
  const d = current;
  if (!d) return;
  $("d-result").className = "";
  $("d-result").textContent = "signing…";
  try {
    let response;
    if (kind === "approve") {
      const signature = await sign(approvalMessage(d.review, d.digest, session.approver));
      response = await api(`/api/reviews/${encodeURIComponent(d.review)}/approve`, { digest: d.digest, signature });
    } else {
      const reason = $("reject-reason").value.trim();
      if (!reason) throw new Error("give a reason: the agent is told it");
      const signature = await sign(rejectionMessage(d.review, d.digest, session.approver, reason));
      response = await api(`/api/reviews/${encodeURIComponent(d.review)}/reject`, { reason, signature });
    }
    $("d-result").className = response.status === 200 ? "ok" : "error";
    $("d-result").textContent = response.data.reason ?? response.data.error ?? `answered ${response.status}`;
  } catch (error) {
    $("d-result").className = "error";
    $("d-result").textContent = error.message;
  }
  const result = $("d-result").textContent;
  await showDetail(d.review);
  $("d-result").textContent = result;
}

async function showKeyStatus() {
  const key = await loadKey(session.approver);
  $("key-status").textContent = key
    ? `A signing key for ${session.approver} is kept in this browser (non-extractable).`
    : `No signing key for ${session.approver} in this browser yet.`;
  $("key").dataset.hasKey = key ? "yes" : "no";
  $("key-replace").open = !key;
}

async function start() {
  const { data } = await api("/api/session");
  session = data;
  $("policy").textContent = data.policy ? `policy ${data.policy.name}` : "";
  const signedIn = !!data.approver;
  $("signin").hidden = signedIn;
  $("key").hidden = !signedIn;
  $("logout").hidden = !signedIn || data.signIn === "proxy";
  $("me").textContent = signedIn ? `signed in as ${data.approver}` : "";
  if (!signedIn) return;
  await showKeyStatus();
  await route();
  const events = new EventSource("/api/events");
  events.addEventListener("hello", () => $("live").classList.add("on"));
  events.onerror = () => $("live").classList.remove("on");
  const refresh = (event) => {
    const review = JSON.parse(event.data);
    if (current && current.review === review.review) showDetail(review.review);
    else if (!current) showInbox();
  };
  events.addEventListener("opened", refresh);
  events.addEventListener("changed", refresh);
}

$("signin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const { status, data } = await api("/api/login", { token: $("token").value });
  if (status !== 200) {
    $("signin-error").textContent = data.error ?? `answered ${status}`;
    return;
  }
  $("token").value = "";
  await start();
});
$("logout").addEventListener("click", async () => {
  await api("/api/logout", {});
  location.reload();
});
$("key-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("key-error").textContent = "";
  try {
    const file = $("key-file").files[0];
    const pem = file ? await file.text() : $("key-pem").value;
    await importKey(pem);
    $("key-pem").value = "";
    $("key-file").value = "";
    await showKeyStatus();
    if (current) await showDetail(current.review);
  } catch (error) {
    $("key-error").textContent = error.message;
  }
});
$("tab-pending").addEventListener("click", () => {
  tab = "pending";
  $("tab-pending").setAttribute("aria-pressed", "true");
  $("tab-history").setAttribute("aria-pressed", "false");
  showInbox();
});
$("tab-history").addEventListener("click", () => {
  tab = "history";
  $("tab-history").setAttribute("aria-pressed", "true");
  $("tab-pending").setAttribute("aria-pressed", "false");
  showInbox();
});
$("filter-group").addEventListener("change", showInbox);
$("filter-tool").addEventListener("change", showInbox);
$("approve").addEventListener("click", () => decide("approve"));
$("reject").addEventListener("click", () => decide("reject"));
window.addEventListener("hashchange", route);
setInterval(() => {
  for (const cell of document.querySelectorAll("[data-expires]")) {
    cell.textContent = expiresIn(Number(cell.dataset.expires));
    cell.classList.toggle("expired", Number(cell.dataset.expires) <= Date.now());
  }
}, 1000);
start();
