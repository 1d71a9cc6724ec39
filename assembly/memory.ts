// The module's memory as the kernels see it: each instance's workspace (set by the JavaScript
// side), the first byte after the module's own data, and zeroing of chunk states.

// Per-instance workspace (each thread has its own, set by the JavaScript side): 4 compensated lane
// pairs (128 bytes), then a scalar state of 8 doubles (64 bytes).
export let ACC: usize = 0;
export let ROW_STATE: usize = 0;

/** Sets this instance's 192-byte, 16-byte aligned workspace. */
export function setWorkspace(ptr: usize): void {
  ACC = ptr;
  ROW_STATE = ptr + 128;
}

export function clearAcc(): void {
  memory.fill(ACC, 0, 128);
}

/** First byte the JavaScript side may use (after the module's own data). */
export function heapBase(): usize {
  return __heap_base;
}

/** Zeroes `bytes` bytes at `ptr` (chunk states before a kernel accumulates into them). */
export function clear(ptr: usize, bytes: i32): void {
  memory.fill(ptr, 0, <usize>bytes);
}
