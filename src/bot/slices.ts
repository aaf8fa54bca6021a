/**
 * Long pure computations in slices: a stepwise computation (a generator that yields between small
 * steps) run until it has held the event loop for `sliceMs`, then handed back to it with
 * setImmediate, so presses and messages of other lanes are handled while a long file is read.
 */

/** How long one slice may hold the event loop: well under what a person notices on a button. */
export const SLICE_MS = 20;

export interface SliceOptions {
  sliceMs?: number;
  /** Called each time the event loop is handed back (for tests and measurements). */
  onYield?: () => void;
}

/** Runs `steps` to its end, handing the event loop back at least every `sliceMs`. */
export async function runInSlices<T>(
  steps: Iterator<unknown, T>,
  { sliceMs = SLICE_MS, onYield }: SliceOptions = {},
): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      onYield?.();
      sliceStart = performance.now();
    }
  }
}
