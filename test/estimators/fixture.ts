import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

type Num = number | string;

export interface EstimatorsFixture {
  entropy: ({
    name: string;
    counts: number[];
    categories: number;
    nsb?: Num;
    nsb_std?: Num;
    "james-stein_lambda": Num;
    plugin_se: Num;
    jackknife_se: Num | null;
  } & Record<string, Num | number[] | null | undefined>)[];
  klJs: {
    name: string;
    p: (string | number)[];
    q: (string | number)[];
    labels: (string | number)[];
    kl: Record<string, Num>;
    js: Record<string, Num>;
    /** The plug-in minus its first-order bias (`estimator: "miller-madow"`). */
    kl_miller_madow: Record<string, Num>;
    js_miller_madow: Record<string, Num>;
  }[];
  mi: {
    name: string;
    x: number[];
    y: number[];
    z: number[];
    mi: Num;
    sklearn_mi: Num;
    conditional_entropy_y_given_x: Num;
    cmi: Num;
    hx: Num;
    hy: Num;
    hxy: Num;
    nmi: Record<string, Num>;
    ami: Record<string, Num>;
  }[];
  continuous: {
    entropy: { name: string; k: number; x: number[][]; value: Num }[];
    ksg: {
      name: string;
      k: number;
      x: number[][];
      y: number[][];
      ksg1: Num;
      ksg2: Num;
      sklearn?: Num;
    }[];
    kl: { name: string; k: number; p: number[][]; q: number[][]; value: Num }[];
  };
  pyinform: { xs: number[]; ys: number[]; conditional_entropy_bits: number };
}

export const fixture: EstimatorsFixture = JSON.parse(
  readFileSync(
    resolve(dirname(fileURLToPath(import.meta.url)), "../fixtures/estimators.json"),
    "utf8",
  ),
);

/** Standard normal draws by Box–Muller from a seeded generator. */
export function normals(next: () => number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = 1 - next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}
