import { type Distribution, FAMILIES, type FamilyName } from "../../src/parametric/index.js";

/** A fixture spec: the family name plus its named parameters. */
export interface Spec {
  family: string;
  [k: string]: unknown;
}

/** Builds a distribution from a fixture spec ({family, …params}). */
export function build(spec: Spec): Distribution {
  const { family, ...params } = spec;
  const Ctor = FAMILIES[family as FamilyName] as unknown as new (p: unknown) => Distribution;
  if (!Ctor) throw new Error(`unknown family ${family}`);
  return new Ctor(params);
}
