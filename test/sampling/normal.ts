import { createRng } from "../../src/numeric/rng.js";
import type { Distribution, SampleOptions } from "../../src/parametric/types.js";

/**
 * A tiny Normal(mean, std) for the tests of the sampling module (the real parametric families are
 * tested in test/parametric): Box–Muller draws from the injected generator, one point at a time.
 */
export class TestNormal implements Distribution {
  readonly family = "Normal";
  readonly dimension = 1;
  readonly discrete = false;
  readonly params: Readonly<Record<string, unknown>>;
  constructor(
    readonly mu: number,
    readonly sigma: number,
  ) {
    this.params = { mean: mu, std: sigma };
  }
  get mean(): number {
    return this.mu;
  }
  get variance(): number {
    return this.sigma * this.sigma;
  }
  logProb(x: number | ArrayLike<number>): number {
    const v = typeof x === "number" ? x : x[0];
    const z = (v - this.mu) / this.sigma;
    return -0.5 * z * z - Math.log(this.sigma) - 0.5 * Math.log(2 * Math.PI);
  }
  logProbMany(samples: ArrayLike<number>): Float64Array {
    const out = new Float64Array(samples.length);
    for (let i = 0; i < samples.length; i++) out[i] = this.logProb(samples[i]);
    return out;
  }
  sample(n: number, options: SampleOptions = {}): Float64Array {
    const rng = options.rng ?? createRng(options.seed);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = 1 - rng.nextFloat();
      const v = rng.nextFloat();
      out[i] = this.mu + this.sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
    return out;
  }
  entropy(): number {
    return 0.5 * Math.log(2 * Math.PI * Math.E * this.variance);
  }
}
