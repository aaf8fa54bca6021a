/** Small helpers the bench sections share. */
import os from 'node:os';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The machine's load average, printed with each section: figures depend on what else runs. */
export const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/**
 * Polls `fn` every `pollMs` until it returns something; gives up after `timeoutMs`. Finer than the
 * harness's 20 ms, which would blur steps of a few milliseconds.
 */
export async function until<T>(
  fn: () => T | undefined | null | false,
  what: string,
  { timeoutMs = 30_000, pollMs = 1 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
