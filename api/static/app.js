// zangraph pages: no framework, no external assets.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // a date or language picker submits its form at once: the page re-renders for the new day
  for (const el of document.querySelectorAll("[data-autosubmit]")) {
    el.addEventListener("change", () => { if (!el.value || el.type !== "date" || /^\d{4}-\d{2}-\d{2}$/.test(el.value)) el.form.submit(); });
  }
  const form = document.getElementById("sparql-form");
  if (!form) return;
  const box = document.getElementById("sparql-query");
  const status = document.getElementById("sparql-status");
  const out = document.getElementById("sparql-results");
  for (const b of document.querySelectorAll("button.example")) {
    b.addEventListener("click", () => { box.value = document.getElementById("ex-" + b.dataset.name).innerHTML
      .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&"); });
  }
  for (const a of document.querySelectorAll("a.download")) {
    a.addEventListener("click", (e) => {
      e.preventDefault();
      window.location.href = "/sparql?format=" + a.dataset.format + "&query=" + encodeURIComponent(box.value);
    });
  }
  // the page's language: its messages come with the form (data-*), placeholders %(name)s filled here
  const msg = (name, params) => (form.dataset[name] || name).replace(/%\((\w+)\)s/g, (_, k) => String((params || {})[k] ?? ""));
  const cell = (t) => {
    const td = document.createElement("td");
    if (!t) return td;
    // a link only for http(s) IRIs: "javascript:…" or "data:…" from a result stays text
    if (t.type === "uri" && /^https?:\/\//i.test(t.value)) {
      const a = document.createElement("a"); a.href = t.value; a.rel = "noopener noreferrer"; a.textContent = t.value; td.appendChild(a);
    }
    else { td.textContent = t.value + (t["xml:lang"] ? " @" + t["xml:lang"] : ""); }
    return td;
  };
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    status.textContent = msg("running"); out.innerHTML = "";
    const t0 = performance.now();
    const resp = await fetch("/sparql", { method: "POST", body: box.value,
      headers: { "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json, text/turtle;q=0.9" } });
    const ms = Math.round(performance.now() - t0);
    const type = resp.headers.get("content-type") || "";
    if (!resp.ok) {
      const err = await resp.json().catch(() => ({ error: { message: resp.statusText } }));
      status.textContent = msg("error") + " " + resp.status + ": " + err.error.message; status.className = "error"; return;
    }
    status.className = "note";
    const cut = resp.headers.get("x-zangraph-truncated") ? " " + msg("cut", { n: resp.headers.get("x-zangraph-row-limit") }) : "";
    if (type.startsWith("text/turtle")) {
      const pre = document.createElement("pre"); pre.textContent = await resp.text(); out.appendChild(pre);
      status.textContent = msg("done", { ms }) + cut; return;
    }
    const data = await resp.json();
    if ("boolean" in data) { status.textContent = msg("answer", { value: data.boolean, ms }); return; }
    const table = document.createElement("table"); table.className = "list"; table.id = "results-table";
    const head = table.createTHead().insertRow();
    for (const v of data.head.vars) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }
    const body = table.createTBody();
    for (const b of data.results.bindings) { const tr = body.insertRow(); for (const v of data.head.vars) tr.appendChild(cell(b[v])); }
    out.appendChild(table);
    status.textContent = msg("rows", { n: data.results.bindings.length, ms }) + cut;
  });
});
