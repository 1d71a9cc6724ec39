export type { Binning, DriftBin } from "./bins.js";
export type {
  ColumnType,
  CountedColumn,
  DriftColumn,
  DriftTable,
  EncodedColumn,
} from "./columns.js";
export { DRIFT_PRESETS, type DriftMeasure, type DriftRule, type PresetName } from "./presets.js";
export {
  type ColumnDrift,
  type DriftMeasures,
  type DriftOptions,
  type DriftReason,
  type DriftReport,
  type DriftSide,
  driftReport,
} from "./report.js";
