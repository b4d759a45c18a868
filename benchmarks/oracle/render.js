// Render CSL-JSON items with citeproc-js: the outside oracle for refbridge's CSL engine.
// stdin: {"items": [...], "clusters": [[id, ...], ...], "jobs": [{"name": str, "style": path, "locale": str|null,
//          "citations": bool, "format": "text"|"html" (default text)}], "locale_dir": path}
// stdout: {"<name>": {"bibliography": [[id, text], ...] | null, "citations": [[id, text], ...]} | {"error": str}}
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const input = JSON.parse(fs.readFileSync(0, "utf8"));
const items = {};
for (const item of input.items) items[String(item.id)] = item;
const ids = input.items.map((item) => String(item.id));

function retrieveLocale(lang) {
  const file = path.join(input.locale_dir, `locales-${lang}.xml`);
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8");
  const short = lang.split("-")[0];
  for (const name of fs.readdirSync(input.locale_dir)) {
    if (name.startsWith(`locales-${short}`)) return fs.readFileSync(path.join(input.locale_dir, name), "utf8");
  }
  return fs.readFileSync(path.join(input.locale_dir, "locales-en-US.xml"), "utf8");
}

const out = {};
for (const job of input.jobs) {
  try {
    const sys = { retrieveLocale, retrieveItem: (id) => items[String(id)] };
    const style = fs.readFileSync(job.style, "utf8");
    const engine = new CSL.Engine(sys, style, job.locale || undefined, !!job.locale);
    engine.setOutputFormat(job.format || "text");
    engine.updateItems(ids);
    const made = engine.makeBibliography(); // false for a style without a bibliography
    // HTML entries come wrapped in <div class="csl-entry">: keep what is inside, as refbridge gives it
    const inside = (text) => (job.format === "html" ? text.trim().replace(/^<div class="csl-entry">|<\/div>$/g, "") : text);
    const bibliography = made ? made[0].entry_ids.map((entry, i) => [String(entry[0]), inside(made[1][i]).trim()]) : null;
    const citations = [];
    if (job.citations) {
      for (const id of ids) {
        citations.push([id, engine.makeCitationCluster([{ id }])]);
      }
      for (const cluster of input.clusters || []) {
        citations.push([cluster.join(" "), engine.makeCitationCluster(cluster.map((id) => ({ id })))]);
      }
    }
    out[job.name] = { bibliography, citations };
  } catch (err) {
    out[job.name] = { error: String((err && err.message) || err) };
  }
}
process.stdout.write(JSON.stringify(out));
