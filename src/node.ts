/**
 * The Node side of surprisal, `import … from "surprisal/node"`: the file readers of model outputs
 * (.npy, .npz, safetensors, llama.cpp base files, top-K JSONL), table readers (CSV/TSV, JSON lines,
 * Parquet) for the drift report, and the database engines that run the
 * library's SQL where the data lives (DuckDB embedded by default, PostgreSQL and ClickHouse by URL).
 * The drivers are loaded on demand and only here; the core library (`"surprisal"`) never imports
 * them, so it runs anywhere.
 *
 * @packageDocumentation
 */
export {
  type ColumnInfo,
  checkColumns,
  type Engine,
  openClickHouse,
  openDuckDB,
  openEngine,
  openPostgres,
  type Row,
  type RunMeasureOptions,
  runInformation,
  runMeasure,
  runPsi,
  type SqlInformationRecord,
  type SqlResultRecord,
} from "./engines/index.js";
export { TableReadError } from "./io/errors.js";
export {
  type CompareFilesOptions,
  type CompareFilesResult,
  compareModelFiles,
  detectModelFile,
  type LlamaKldHeader,
  llamaKldHeader,
  type ModelFileFormat,
  type NpyHeader,
  openLlamaKld,
  openNpy,
  openNpz,
  openRows,
  openSafetensors,
  parseNpyHeader,
  type RowChunk,
  type RowSource,
  readNpyTokens,
  readNpzTokens,
  readRowsAt,
  readTokens,
  readTopKJsonl,
  type SafetensorsTensor,
  safetensorsHeader,
  type TopKLine,
} from "./io/index.js";
export {
  type ReadTableOptions,
  readTable,
  type Table,
  type TableColumnType,
} from "./io/table.js";
export { readDriftTables, readTableOffThread } from "./io/table-thread.js";
