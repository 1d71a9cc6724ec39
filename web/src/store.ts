import type { ExplorerState } from "./state.js";

/** Shared state of the page: sections read it and ask for changes; the page re-renders. */
export interface Store {
  get(): ExplorerState;
  set(patch: Partial<ExplorerState>): void;
}

/** A section of the page: it is built once and updated on every change of the state. */
export interface Section {
  update(state: ExplorerState): void;
}

/** Colours used consistently across charts (each also named in text, never by colour alone). */
export const COLORS = {
  p: "#2563eb",
  q: "#d97706",
  adds: "#b91c1c",
  takes: "#0f766e",
  neutral: "#6b7280",
  entropy: "#7c3aed",
} as const;
