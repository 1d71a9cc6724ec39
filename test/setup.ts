import fc from "fast-check";

// Property tests are deterministic in CI: a fixed seed (override with FC_SEED=… to explore).
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261123), numRuns: 200 });
