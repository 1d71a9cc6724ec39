import type { ColumnDrift, DriftReport } from "../index.js";
import { human, percent as plainPercent } from "./format.js";

/** A share: small ones keep two significant digits (0.025%). */
function percent(x: number): string {
  return x > 0 && x < 0.01 ? `${Number((100 * x).toPrecision(2))}%` : plainPercent(x);
}

/** Escapes text for HTML (element content and quoted attributes): every user string goes through it. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const REF = "#4269d0";
const CUR = "#ff725c";

/** Reference vs current shares per bin, as horizontal bars; the JS contribution as a third bar. */
function chart(col: ColumnDrift): string {
  const rows = col.bins;
  const maxShare = Math.max(1e-12, ...rows.map((b) => Math.max(b.referenceShare, b.currentShare)));
  const totalJs = col.measures.jsDivergence;
  const contrib = new Map(col.why.map((w) => [w.label, w.share]));
  const labelW = 190;
  const barW = 300;
  const rowH = 26;
  const h = rows.length * rowH + 30;
  const parts: string[] = [];
  rows.forEach((b, i) => {
    const y = 20 + i * rowH;
    const rw = (b.referenceShare / maxShare) * barW;
    const cw = (b.currentShare / maxShare) * barW;
    parts.push(
      `<text x="${labelW - 6}" y="${y + 12}" text-anchor="end" class="bin">${escapeHtml(truncate(b.label, 28))}</text>`,
      `<rect x="${labelW}" y="${y}" width="${rw.toFixed(1)}" height="9" fill="${REF}"><title>reference ${escapeHtml(percent(b.referenceShare))}</title></rect>`,
      `<rect x="${labelW}" y="${y + 10}" width="${cw.toFixed(1)}" height="9" fill="${CUR}"><title>current ${escapeHtml(percent(b.currentShare))}</title></rect>`,
      `<text x="${labelW + Math.max(rw, cw) + 4}" y="${y + 14}" class="num">${escapeHtml(percent(b.referenceShare))} → ${escapeHtml(percent(b.currentShare))}</text>`,
    );
    const share = contrib.get(b.label);
    if (share !== undefined && totalJs > 0) {
      parts.push(
        `<text x="${labelW + barW + 120}" y="${y + 14}" class="why">${escapeHtml(percent(share))} of JS</text>`,
      );
    }
  });
  parts.push(
    `<rect x="${labelW}" y="2" width="10" height="10" fill="${REF}"/><text x="${labelW + 14}" y="11" class="num">reference</text>`,
    `<rect x="${labelW + 90}" y="2" width="10" height="10" fill="${CUR}"/><text x="${labelW + 104}" y="11" class="num">current</text>`,
  );
  return `<svg role="img" aria-label="shares per bin" width="${labelW + barW + 200}" height="${h}" viewBox="0 0 ${labelW + barW + 200} ${h}">${parts.join("")}</svg>`;
}

function truncate(s: string, n: number): string {
  return [...s].length > n ? `${[...s].slice(0, n - 1).join("")}…` : s;
}

function measureRows(col: ColumnDrift, unit: string): string {
  const m = col.measures;
  const ci = col.ci ?? {};
  const row = (
    name: string,
    v: number | undefined,
    key?: keyof NonNullable<ColumnDrift["ci"]>,
    note = "",
  ) => {
    if (v === undefined) return "";
    const c = key !== undefined ? ci[key] : undefined;
    const interval = c ? `[${human(c.lower)}, ${human(c.upper)}]` : "";
    return `<tr><td>${escapeHtml(name)}</td><td class="n">${escapeHtml(human(v))}</td><td class="n">${escapeHtml(interval)}</td><td>${escapeHtml(note)}</td></tr>`;
  };
  return [
    row("PSI (nats)", m.psi, "psi", col.infiniteAt.psi ? `∞ at ${col.infiniteAt.psi}` : ""),
    row(
      `KL(reference‖current) (${unit})`,
      m.klReferenceCurrent,
      "klReferenceCurrent",
      col.infiniteAt.klReferenceCurrent ? `∞ at ${col.infiniteAt.klReferenceCurrent}` : "",
    ),
    row(
      `KL(current‖reference) (${unit})`,
      m.klCurrentReference,
      "klCurrentReference",
      col.infiniteAt.klCurrentReference ? `∞ at ${col.infiniteAt.klCurrentReference}` : "",
    ),
    row(`JS divergence (${unit})`, m.jsDivergence, "jsDivergence"),
    row("JS distance √JS", m.jsDistance, "jsDistance"),
    row(`JS, bias-corrected (${unit})`, m.jsCorrected, "jsCorrected", "≈ 0 when nothing changed"),
    row("Hellinger", m.hellinger, "hellinger"),
    row("total variation", m.totalVariation, "totalVariation"),
    row("L∞", m.lInfinity, "lInfinity"),
    row("Wasserstein / σ(reference)", m.wassersteinNormed),
    row("K-S statistic", m.ks?.statistic, undefined, m.ks ? `p = ${human(m.ks.pValue)}` : ""),
    row(
      "χ² statistic",
      m.chiSquare.statistic,
      undefined,
      `df ${m.chiSquare.df}, p = ${human(m.chiSquare.pValue)}`,
    ),
    col.permutation
      ? row(
          "permutation p (JS)",
          col.permutation.pValue,
          undefined,
          `${col.permutation.permutations} permutations, seed ${col.permutation.seed}`,
        )
      : "",
  ].join("");
}

function binTable(col: ColumnDrift): string {
  const rows = col.bins
    .map(
      (b) =>
        `<tr><td>${escapeHtml(b.label)}</td><td class="n">${b.reference}</td><td class="n">${escapeHtml(percent(b.referenceShare))}</td><td class="n">${b.current}</td><td class="n">${escapeHtml(percent(b.currentShare))}</td></tr>`,
    )
    .join("");
  return `<table class="bins"><thead><tr><th>bin</th><th>reference</th><th></th><th>current</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

/**
 * The drift report as one self-contained HTML page: no script, no network, inline CSS and SVG;
 * every name, label and category from the user's files is escaped, so markup in them shows as text.
 */
export function driftHtml(
  report: DriftReport,
  files: { reference: string; current: string },
): string {
  const { unit } = report;
  const verdict = (c: ColumnDrift) =>
    c.decision.status === "drift"
      ? "drift"
      : c.decision.status === "possible-drift"
        ? "possible drift"
        : "no drift";
  const summary = report.columns
    .map(
      (c, i) =>
        `<tr class="${escapeHtml(c.decision.status)}"><td><a href="#col-${i}">${escapeHtml(c.name)}</a></td><td>${escapeHtml(c.type)}</td><td>${escapeHtml(`${c.decision.measure} ${c.decision.rule} ${c.decision.threshold}`)}</td><td class="n">${escapeHtml(human(c.decision.value))}</td><td><b>${escapeHtml(verdict(c))}</b></td><td>${escapeHtml(c.why[0] ? `${c.why[0].label}: ${percent(c.why[0].referenceShare)} → ${percent(c.why[0].currentShare)}` : "")}</td><td class="n">${escapeHtml(percent(c.reference.missingShare))} → ${escapeHtml(percent(c.current.missingShare))}</td></tr>`,
    )
    .join("");
  const sections = report.columns
    .map((c, i) => {
      const unseen =
        c.unseen.length > 0
          ? `<p>Categories new in the current table: ${c.unseen.map((u) => `<code>${escapeHtml(u.label)}</code> (${u.count})`).join(", ")}.</p>`
          : "";
      return `<section id="col-${i}"><h2>${escapeHtml(c.name)} <small>${escapeHtml(c.type)} · ${escapeHtml(verdict(c))}</small></h2>
<p>${escapeHtml(`${c.decision.measure} = ${human(c.decision.value)}${c.decision.unit ? ` ${c.decision.unit}` : ""} (drift when ${c.decision.rule} ${c.decision.threshold}${c.decision.possible !== undefined ? `, possible from ${c.decision.possible}` : ""}). Rows: reference ${c.reference.rows} (+${c.reference.missing} missing, ${percent(c.reference.missingShare)}), current ${c.current.rows} (+${c.current.missing} missing, ${percent(c.current.missingShare)}).`)}</p>
${unseen}<div class="chart">${chart(c)}</div>
<div class="cols"><table class="measures"><thead><tr><th>measure</th><th>value</th><th>${c.ci ? "interval" : ""}</th><th></th></tr></thead><tbody>${measureRows(c, unit)}</tbody></table>${binTable(c)}</div></section>`;
    })
    .join("\n");
  const only = [
    report.onlyInReference.length > 0
      ? `Only in the reference: ${report.onlyInReference.map((n) => `<code>${escapeHtml(n)}</code>`).join(", ")}.`
      : "",
    report.onlyInCurrent.length > 0
      ? `Only in the current table: ${report.onlyInCurrent.map((n) => `<code>${escapeHtml(n)}</code>`).join(", ")}.`
      : "",
  ].join(" ");
  const smoothing =
    report.smoothing.pseudoCount === 0
      ? "no smoothing (an empty bin gives ∞, named)"
      : `${report.smoothing.name} smoothing: ${report.smoothing.pseudoCount} added to every bin of both tables`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Drift report: ${escapeHtml(files.current)} against ${escapeHtml(files.reference)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-top:1px solid #ddd;padding-top:1rem}
h2 small{font-weight:normal;color:#666}table{border-collapse:collapse;margin:.5rem 0}
td,th{padding:2px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}tr.drift td{background:#fff0ee}
tr.possible-drift td{background:#fff8e0}.cols{display:flex;gap:2rem;flex-wrap:wrap}
svg text{font-size:11px;fill:#333}svg .why{fill:#b33}code{background:#f4f4f4;padding:0 3px}
.meta{color:#555}
</style></head><body>
<h1>Has the data changed? ${escapeHtml(files.current)} against ${escapeHtml(files.reference)}</h1>
<p class="meta">${escapeHtml(`Reference ${files.reference}: ${report.rows.reference} rows. Current ${files.current}: ${report.rows.current} rows. Preset ${report.preset}; ${report.binning === "edges" ? "user edges" : `${report.bins} ${report.binning} bins`} fitted on the reference only, with a bin below and above its range and one for unseen categories; ${smoothing}; KL and JS in ${unit}, PSI in nats.`)}</p>
<p><b>${report.drifted} of ${report.columns.length} columns drifted</b> (${escapeHtml(percent(report.share))}). ${only}</p>
<table class="summary"><thead><tr><th>column</th><th>type</th><th>rule</th><th>value</th><th>verdict</th><th>top bin (reference → current)</th><th>missing</th></tr></thead><tbody>${summary}</tbody></table>
${sections}
<p class="meta">Made by surprisal drift. Bars: share of each table's non-missing rows per bin; "of JS": the bin's part of the Jensen–Shannon divergence.</p>
</body></html>
`;
}
