import type { TokenStatistics } from "surprisal";
import { h, replace } from "../../dom.js";
import { fmtInt } from "../../format.js";
import type { ModelsView, Panel } from "./view.js";

type Line = (string | HTMLElement)[];

/** A value as llama.cpp prints it (`%.6f`), but never a bare 0.000000 for a small non-zero value. */
export function fixed(x: number, digits = 6): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  if (x !== 0 && Math.abs(x) < 0.5 * 10 ** -digits) return x.toExponential(3);
  return x.toFixed(digits);
}

/** A number in the report: its text, with the full-precision value in `data-value` for tests. */
function num(testid: string, x: number, text = fixed(x), width = 10): HTMLElement {
  return h(
    "span",
    { class: "v", "data-testid": testid, "data-value": String(x) },
    text.padStart(width),
  );
}

function pct(f: number): string {
  return `${(f * 100).toFixed(1)}%`.padStart(5);
}

/**
 * The summary numbers laid out as llama.cpp's `llama-perplexity --kl-divergence` prints them (so its
 * users feel at home), followed by what the library adds. Divergences are in the page's unit.
 */
export function mountSummary(container: HTMLElement): Panel {
  const intro = h("p", {});
  const pre = h("pre", { class: "report", "data-testid": "models-report", tabindex: 0 });
  container.append(h("h3", {}, "The report, as llama.cpp prints it"), intro, pre);
  return {
    update(view: ModelsView) {
      const r = view.data.result;
      const u = view.unit;
      const s = view.scale;
      replace(
        intro,
        `${fmtInt(r.count)} scored tokens. The layout and definitions are those of llama.cpp's llama-perplexity --kl-divergence; ` +
          `divergences are in ${u}${u === "nats" ? " as llama.cpp prints them" : " (llama.cpp prints nats: switch the unit to nats to compare)"}. ` +
          "A value that is not 0 but would print as 0.000000 is written with its exponent instead.",
      );
      const lines: Line[] = [];
      const p = r.perplexity;
      if (p) {
        lines.push(["====== Perplexity statistics ======"]);
        lines.push([
          "Mean PPL(Q)                   : ",
          num("ppl-q", p.other.value),
          " ± ",
          num("ppl-q-u", p.other.uncertainty),
        ]);
        lines.push([
          "Mean PPL(base)                : ",
          num("ppl-base", p.base.value),
          " ± ",
          num("ppl-base-u", p.base.uncertainty),
        ]);
        lines.push([
          "Cor(ln(PPL(Q)), ln(PPL(base))): ",
          p.correlation === undefined
            ? h("span", { class: "v", "data-testid": "ppl-cor" }, "n/a (no spread)")
            : num("ppl-cor", p.correlation, `${(p.correlation * 100).toFixed(2)}%`, 7),
        ]);
        lines.push([
          "Mean ln(PPL(Q)/PPL(base))     : ",
          num("ppl-log-ratio", p.logRatio.value),
          " ± ",
          num("ppl-log-ratio-u", p.logRatio.uncertainty),
        ]);
        lines.push([
          "Mean PPL(Q)/PPL(base)         : ",
          num("ppl-ratio", p.ratio.value),
          " ± ",
          num("ppl-ratio-u", p.ratio.uncertainty),
        ]);
        lines.push([
          "Mean PPL(Q)-PPL(base)         : ",
          num("ppl-diff", p.difference.value),
          " ± ",
          num("ppl-diff-u", p.difference.uncertainty),
        ]);
        lines.push([""]);
      }
      lines.push([`====== KL divergence statistics (${u}) ======`]);
      lines.push(...statLines(r.kld, "KLD", "kld", s, 6, false));
      const dp = r.deltaP;
      if (dp) {
        lines.push([""], ["====== Token probability statistics ======"]);
        lines.push(
          ...statLines(
            dp,
            "Δp",
            "dp",
            0.01,
            3,
            true,
            [0.999, 0.99, 0.95, 0.9, 0.75, 0.25, 0.1, 0.05, 0.01, 0.001],
          ),
        );
        lines.push([
          "RMS Δp    : ",
          num("dp-rms", dp.rms.value * 100, (dp.rms.value * 100).toFixed(3), 6),
          " ± ",
          num("dp-rms-u", dp.rms.uncertainty * 100, (dp.rms.uncertainty * 100).toFixed(3), 5),
          " %",
        ]);
      }
      lines.push([
        "Same top p: ",
        num("same-top", r.sameTop.value * 100, (r.sameTop.value * 100).toFixed(3), 6),
        " ± ",
        num("same-top-u", r.sameTop.uncertainty * 100, (r.sameTop.uncertainty * 100).toFixed(3), 5),
        " %",
      ]);
      lines.push([""], [`====== Added by surprisal (${u}) ======`]);
      if (r.reverseKld)
        lines.push(["Mean reverse KLD D(Q‖P): ", num("rkld", r.reverseKld.mean / s)]);
      if (r.js) lines.push(["Mean Jensen–Shannon    : ", num("js", r.js.mean / s)]);
      lines.push(["Mean KLD of top-1 prob : ", num("top1-kld", r.top1Kld.mean / s)]);
      for (const t of r.topK) {
        lines.push([
          `Top-${String(t.k).padEnd(2)} hit / overlap  : `,
          num(`top${t.k}-hit`, t.hit * 100, `${(t.hit * 100).toFixed(3)}%`, 8),
          " / ",
          num(`top${t.k}-overlap`, t.overlap * 100, `${(t.overlap * 100).toFixed(3)}%`, 8),
        ]);
      }
      const out: (string | HTMLElement)[] = [];
      for (const line of lines) out.push(...line, "\n");
      replace(pre, ...out);
    },
  };
}

/** Mean, extremes and percentiles of one per-token quantity, llama.cpp's way. */
function statLines(
  t: TokenStatistics,
  name: string,
  id: string,
  scale: number,
  digits: number,
  percent: boolean,
  only?: number[],
): Line[] {
  const unit = percent ? "%" : "";
  const v = (key: string, x: number) =>
    num(`${id}-${key}`, x / scale, `${fixed(x / scale, digits)}${unit}`, digits + 5);
  const label = (l: string) => `${l.padEnd(8)}${name}: `;
  const lines: Line[] = [
    [
      label("Mean"),
      v("mean", t.mean),
      " ± ",
      num(`${id}-mean-u`, t.uncertainty / scale, fixed(t.uncertainty / scale, digits), digits + 4),
      percent ? " %" : "",
    ],
    [label("Maximum"), v("max", t.max)],
  ];
  const ps = t.percentiles.filter((q) => !only || only.includes(q.fraction));
  for (const q of ps.filter((q) => q.fraction > 0.5))
    lines.push([label(pct(q.fraction)), v(`p${q.fraction}`, q.value)]);
  lines.push([label("Median"), v("median", t.median)]);
  for (const q of ps.filter((q) => q.fraction < 0.5))
    lines.push([label(pct(q.fraction)), v(`p${q.fraction}`, q.value)]);
  lines.push([label("Minimum"), v("min", t.min)]);
  return lines;
}
