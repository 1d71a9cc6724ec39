// WebAssembly SIMD kernels of surprisal (AssemblyScript). They compute the same one-pass states as
// the TypeScript kernels of src/numeric/kernels.ts (the numerical contract of DESIGN.md), two
// float64 lanes at a time, on float64 or float32 inputs read in place (float32 is widened lane by
// lane, never copied to a wider array). All pointers are byte offsets into the (shared) memory that
// the JavaScript side owns; the kernels allocate nothing.
//
// Sums: each lane keeps plain sums over a block of BLOCK vectors (all KL/entropy terms except δ are
// non-negative, so a block sum has relative error ≤ (BLOCK − 1)·ε) and adds every block sum into a
// TwoSum-compensated (hi, lo) pair; the two lanes are merged at the end of a call.
//
// This file is the module's entry: it lists the exports the JavaScript side calls
// (src/fast/runtime.ts). One file per kernel or building block beside it:
//   constants.ts      scalar constants and the table of vector constants
//   loads.ts          loads of float64 and float32 inputs
//   accumulate.ts     compensated accumulation of lanes
//   memory.ts         per-instance workspace, heap base, clearing of states
//   log-ratio.ts      log(p/q): the vector reduction with exact exponents, the scalar form
//   exact-product.ts  λ·q carried exactly (Veltkamp split, product error)
//   exp.ts, phi.ts    vector exponentials, ψ and φ (log-domain kernel)
//   kl.ts             KL divergence; kl-scaled.ts with Q scaled by λ; kl-logits.ts of logits by row
//   entropy-logits.ts entropy of logits by row
//   js.ts             Jensen–Shannon divergence
//   pair-sum.ts       total variation and Hellinger
//   pair-totals.ts    Σp, Σq, Σ(p − q) and validity of a pair (no logarithm)
//   renyi.ts          Rényi divergence (the sums of both forms, the extremes of ℓ)
//   entropy.ts        entropy (maximum, then the sums)
//   entropy-fused.ts  entropy in one pass over memory (per-chunk maximum, then the sums in cache)
//   cross-entropy.ts  cross-entropy the same way (per-chunk maximum of q, then Σ p·log(m/q))
//   contributions.ts  the per-outcome contributions p̂·log(p̂/q̂) to D(P‖Q), written out
//   model-rows.ts     two models' rows compared: top-k, log-normalizers, KL both ways, JS (src/models)
//   logit-pair-rows.ts  JS, total variation, Hellinger of logits, row by row
//   widen.ts          float16/bfloat16 and llama.cpp base-file rows widened to float32

export { setWorkspace } from "./memory";
export { klF64, klF32 } from "./kl";
export { klScaledF64, klScaledF32, klRowsF64, klRowsF32 } from "./kl-scaled";
export { jsF64, jsF32, jsRowsF64, jsRowsF32 } from "./js";
export { pairSumF64, pairSumF32 } from "./pair-sum";
export { maxF64, maxF32, entropyF64, entropyF32 } from "./entropy";
export {
  entropyFusedF64,
  entropyFusedF32,
  entropyRowsF64,
  entropyRowsF32,
  entropyAutoF64,
  entropyAutoF32,
} from "./entropy-fused";
export { klLogitsF64, klLogitsF32, klLogChunkF64, klLogChunkF32 } from "./kl-logits";
export {
  entropyLogitsF64,
  entropyLogitsF32,
  entropyLogChunkF64,
  entropyLogChunkF32,
} from "./entropy-logits";
export { renyiF64, renyiF32, renyiRowsF64, renyiRowsF32, renyiTotalsRowsF64, renyiTotalsRowsF32 } from "./renyi";
export {
  pairTotalsF64,
  pairTotalsF32,
  pairTotalsRenyiF64,
  pairTotalsRenyiF32,
  pairTotalsRowsF64,
  pairTotalsRowsF32,
} from "./pair-totals";
export { crossEntropyF64, crossEntropyF32, crossRowsF64, crossRowsF32 } from "./cross-entropy";
export {
  contributionsF64,
  contributionsF32,
  contributionsLogitsF64,
  contributionsLogitsF32,
} from "./contributions";
export {
  logitPairRowsF64,
  logitPairRowsF32,
  logitNormalizersF64,
  logitNormalizersF32,
  logitMaximaRangeF64,
  logitMaximaRangeF32,
  logitSumsRangeF64,
  logitSumsRangeF32,
  logitSetNormalizers,
  logitTermsRangeF64,
  logitTermsRangeF32,
  logitPairFinish,
} from "./logit-pair-rows";
export { modelRowsF64, modelRowsF32, setRowScratch } from "./model-rows";
export { widenHalf, dequantizeRows } from "./widen";
export { heapBase, clear } from "./memory";
