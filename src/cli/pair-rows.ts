import { type MeasureOptions, type RowOptions, unitName } from "../index.js";
import type { Call } from "./command.js";
import { streamedShape, streamNpyRows } from "./readers/npy-rows.js";
import { readMatrixPair } from "./readers/pair.js";
import { parseSpec } from "./readers/spec.js";
import { lib } from "./refusal.js";
import type { Result } from "./render.js";
import { type RowColumn, rowResult } from "./row-result.js";

/** The row-wise measures a command shows for a pair of matrices, and its title. */
export interface PairRows {
  /**
   * The columns of results; `reversed` runs a call whose first argument is Q (so that a refusal
   * names the right input).
   */
  columns(
    p: Float64Array,
    q: Float64Array,
    o: RowOptions,
    reversed: <T>(f: () => T) => T,
  ): RowColumn[];
  title(p: string, q: string): string;
}

/**
 * Reads P and Q as matrices (`--rows`) and gives one result per row: float64 `.npy` matrices block
 * by block (streamNpyRows), any other input whole.
 */
export async function pairRows(call: Call, opts: MeasureOptions, spec: PairRows): Promise<Result> {
  const [pw, qw] = call.inputs as [string, string];
  let names: RowColumn[] = [];
  const streamed = await streamNpyRows([parseSpec(pw), parseSpec(qw)], call.read, (m, columns) => {
    names = spec.columns(m[0] as Float64Array, m[1] as Float64Array, { ...opts, columns }, (f) =>
      f(),
    );
    return names.map((c) => c.values);
  });
  if (streamed !== undefined) {
    const columns = names.map((c, k) => ({ ...c, values: streamed.results[k] as Float64Array }));
    const json = { P: pw, Q: qw, unit: unitName(opts.base) };
    const shape = streamedShape(streamed.broadcast === 0 ? qw : pw, streamed);
    return rowResult(shape, columns, json, spec.title(pw, qw));
  }
  const { p, q } = await readMatrixPair(pw, qw, call.read);
  const roles = { p: { label: "P", name: p.name }, q: { label: "Q", name: q.name } };
  const reversed = <T>(f: () => T): T => lib({ p: roles.q, q: roles.p }, f, opts);
  const o = { ...opts, columns: p.columns };
  const columns = lib(roles, () => spec.columns(p.data, q.data, o, reversed), opts);
  const json = { P: p.name, Q: q.name, unit: unitName(opts.base) };
  // A broadcast input has no row labels of its own: the rows are the other input's.
  const shape = p.broadcast ? q : p;
  return rowResult(shape, columns, json, spec.title(p.name, q.name));
}
