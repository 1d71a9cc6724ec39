import { chromium } from "playwright-core";
import { preview } from "vite";
const server = await preview({ configFile: "/work/main/web/vite.config.ts", logLevel: "warn", build: { outDir: "/tmp/webdist" }, preview: { port: 0, host: "127.0.0.1" } });
const base = server.resolvedUrls.local[0];
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless","--no-sandbox","--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const cdp = await page.context().newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
await cdp.send("Profiler.start");
await page.goto(base);
await page.waitForSelector("body[data-ready=true]");
const { profile } = await cdp.send("Profiler.stop");
// self time per function
const self = new Map();
const byId = new Map(profile.nodes.map(n => [n.id, n]));
const dt = profile.timeDeltas; const samples = profile.samples;
for (let i = 0; i < samples.length; i++) {
  const n = byId.get(samples[i]); const k = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`;
  self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0));
}
console.log([...self].sort((a,b)=>b[1]-a[1]).slice(0,25).map(([k,v])=>`${(v/1000).toFixed(0)}ms ${k}`).join("\n"));
// inclusive: parents chain
const parent = new Map(); for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
for (let i = 0; i < samples.length; i++) { const seen = new Set(); let id = samples[i]; while (id) { const n = byId.get(id); const k = `${n.callFrame.functionName || "(anon)"}`; if (!seen.has(k)) { incl.set(k, (incl.get(k) ?? 0) + (dt[i] ?? 0)); seen.add(k);} id = parent.get(id);} }
console.log("--- inclusive");
console.log([...incl].sort((a,b)=>b[1]-a[1]).slice(0,40).map(([k,v])=>`${(v/1000).toFixed(0)}ms ${k}`).join("\n"));
await browser.close(); await server.close();
