import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { DRIFT_PRESETS } from "../../src/index.js";
import {
  conditionalToCsv,
  defaultState,
  LIMITS,
  parseConditionalCsv,
  parseLink,
  serializeState,
  setProbability,
  TABLES_BINNINGS,
  TABLES_PRESETS,
  TABLES_SMOOTHINGS,
} from "../../web/src/state.js";

describe("explorer link state", () => {
  it("an empty link gives the defaults and no notice", () => {
    const r = parseLink("");
    expect(r.notices).toEqual([]);
    expect(r.state).toEqual(defaultState());
    expect(serializeState(r.state)).toBe("");
  });

  it("reads every setting of a well-formed link", () => {
    const r = parseLink(
      "?u=nats&s=0.1&el=a,b,c&ew=1,2,3&l=x,y&p=0.3,0.7&q=0.5,0.5&dir=qp&a=0.5&t=0.01&seed=7&n=100",
    );
    expect(r.notices).toEqual([]);
    expect(r.state).toMatchObject({
      unit: "nats",
      surprise: 0.1,
      entropyLabels: ["a", "b", "c"],
      entropyWeights: [1, 2, 3],
      labels: ["x", "y"],
      p: [0.3, 0.7],
      q: [0.5, 0.5],
      swapped: true,
      alpha: 0.5,
      target: 0.01,
      seed: 7,
      samples: 100,
    });
  });

  const hostile: [string, string][] = [
    ["markup in a label", "?l=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E,b&p=1,1&q=1,1"],
    ["script in a label", "?l=<script>alert(1)</script>,b&p=1,1&q=1,1"],
    ["malformed percent-encoding", "?l=a,b&p=%E0%A4%A&q=1,1"],
    ["a negative probability", "?l=a,b&p=-1,2&q=1,1"],
    ["a huge number", "?l=a,b&p=1e400,1&q=1,1"],
    ["a number beyond the limit", "?l=a,b&p=1e7,1&q=1,1"],
    ["NaN", "?l=a,b&p=NaN,1&q=1,1"],
    ["hex", "?l=a,b&p=0x10,1&q=1,1"],
    [
      "too many outcomes",
      `?l=${Array.from({ length: 100 }, (_, i) => `o${i}`).join(",")}&p=${"1,".repeat(99)}1&q=${"1,".repeat(99)}1`,
    ],
    ["lengths that differ", "?l=a,b,c&p=1,1&q=1,1"],
    ["all zeros", "?l=a,b&p=0,0&q=1,1"],
    ["a repeated name", "?l=a,a&p=1,1&q=1,1"],
    ["a unit that is markup", "?u=<svg/onload=alert(1)>"],
    ["a fractional seed", "?seed=1.5"],
    ["a negative sample count", "?n=-5"],
    ["a huge sample count", "?n=100000000"],
    ["a surprise probability of 0", "?s=0"],
    ["a Rényi order out of range", "?a=1e9"],
    ["an unknown target", "?t=0.3"],
    ["a table with markup", "?data=x,weight,p_%3Cb%3E,p_c,q_%3Cb%3E,q_c%0Aa,1,1,1,1,1"],
    ["a table with a bad header", "?data=a,b,c%0A1,2,3"],
    ["a table with a negative cell", "?data=x,weight,p_a,p_b,q_a,q_b%0Ar,1,-1,1,1,1"],
    ["a table with a fractional weight", "?data=x,weight,p_a,p_b,q_a,q_b%0Ar,1.5,1,1,1,1"],
    ["an unknown key", "?javascript:alert(1)=1"],
  ];
  it.each(hostile)("%s falls back to the defaults with a notice", (_, query) => {
    const r = parseLink(query);
    expect(r.notices.length).toBeGreaterThan(0);
    const d = defaultState();
    expect(r.state.labels).toEqual(d.labels);
    expect(r.state.p).toEqual(d.p);
    expect(r.state.q).toEqual(d.q);
    expect(r.state.unit).toBe(d.unit);
    expect(r.state.data).toEqual(d.data);
    expect(r.state.seed).toBe(d.seed);
    expect(r.state.samples).toBe(d.samples);
    for (const n of r.notices) expect(typeof n).toBe("string");
  });

  it("a bad value spoils only its own setting", () => {
    const r = parseLink("?u=nats&seed=-3");
    expect(r.state.unit).toBe("nats");
    expect(r.state.seed).toBe(defaultState().seed);
    expect(r.notices).toHaveLength(1);
    expect(r.notices[0]).toMatch(/seed/);
  });

  const label = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
  const weight = fc.double({ min: 0, max: 1000, noNaN: true }).map((x) => Number(x.toPrecision(6)));
  test.prop([
    fc
      .uniqueArray(label, { minLength: 2, maxLength: 8 })
      .chain((labels) =>
        fc.tuple(
          fc.constant(labels),
          fc.array(weight, { minLength: labels.length, maxLength: labels.length }),
          fc.array(weight, { minLength: labels.length, maxLength: labels.length }),
        ),
      ),
    fc.constantFrom("bits", "nats", "dits"),
    fc.integer({ min: 0, max: LIMITS.maxSeed }),
    fc.integer({ min: 1, max: LIMITS.maxSamples }),
    fc.boolean(),
  ])(
    "serialize then parse gives back the same state",
    ([labels, p, q], unit, seed, samples, swapped) => {
      fc.pre(p.some((x) => x > 0) && q.some((x) => x > 0));
      const state = { ...defaultState(), labels, p, q, unit, seed, samples, swapped } as ReturnType<
        typeof defaultState
      >;
      const r = parseLink(`?${serializeState(state)}`);
      expect(r.notices).toEqual([]);
      expect(r.state).toEqual(state);
    },
  );

  test.prop([
    fc.constantFrom(...TABLES_PRESETS),
    fc.constantFrom(...TABLES_BINNINGS),
    fc.integer({ min: LIMITS.minTablesBins, max: LIMITS.maxTablesBins }),
    fc.constantFrom(...TABLES_SMOOTHINGS),
    fc.integer({ min: -1, max: LIMITS.maxTablesColumn }),
  ])(
    "the Two tables options round-trip",
    (tablesPreset, tablesBinning, tablesBins, tablesSmoothing, tablesColumn) => {
      const state = {
        ...defaultState(),
        tablesPreset,
        tablesBinning,
        tablesBins,
        tablesSmoothing,
        tablesColumn,
      };
      const query = serializeState(state);
      expect(query).not.toMatch(/[<>"']/);
      const r = parseLink(`?${query}`);
      expect(r.notices).toEqual([]);
      expect(r.state).toEqual(state);
    },
  );

  it("reads the Two tables options by their short keys", () => {
    const r = parseLink("?tp=whylogs&tk=doane&tb=7&ts=jeffreys&tc=3");
    expect(r.notices).toEqual([]);
    expect(r.state).toMatchObject({
      tablesPreset: "whylogs",
      tablesBinning: "doane",
      tablesBins: 7,
      tablesSmoothing: "jeffreys",
      tablesColumn: 3,
    });
  });

  it("offers exactly the library's drift presets", () => {
    expect([...TABLES_PRESETS]).toEqual([...DRIFT_PRESETS]);
  });

  const hostileTables: [string, string, keyof ReturnType<typeof defaultState>][] = [
    ["a preset that is markup", "?tp=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "tablesPreset"],
    ["an unknown preset", "?tp=custom", "tablesPreset"],
    ["an unknown binning", "?tk=sturges", "tablesBinning"],
    ["edges in the binning", "?tk=1,2,3", "tablesBinning"],
    ["one bin", "?tb=1", "tablesBins"],
    ["too many bins", "?tb=5000", "tablesBins"],
    ["fractional bins", "?tb=7.5", "tablesBins"],
    ["a smoothing that is script", "?ts=<script>alert(1)</script>", "tablesSmoothing"],
    ["a numeric smoothing", "?ts=0.0001", "tablesSmoothing"],
    ["a column by name", "?tc=income", "tablesColumn"],
    ["a column below -1", "?tc=-2", "tablesColumn"],
    ["a huge column", "?tc=1e9", "tablesColumn"],
  ];
  it.each(hostileTables)("Two tables: %s falls back with a notice", (_, query, key) => {
    const r = parseLink(query);
    expect(r.notices).toHaveLength(1);
    expect(r.state[key]).toEqual(defaultState()[key]);
    expect(r.state).toEqual(defaultState());
  });

  it("setProbability keeps the total at 1 and the others' proportions", () => {
    const w = setProbability([0.1, 0.1, 0.1, 0.1, 0.1, 0.5], 5, 0.7);
    expect(w).toEqual([0.06, 0.06, 0.06, 0.06, 0.06, 0.7]);
    expect(setProbability([1, 0, 0], 0, 0.4)).toEqual([0.4, 0.3, 0.3]);
    expect(setProbability([0.5, 0.5], 0, 2)).toEqual([1, 0]);
  });

  it("the CSV of the conditional table round-trips", () => {
    const d = defaultState().data;
    expect(parseConditionalCsv(conditionalToCsv(d))).toEqual(d);
  });
});
