/**
 * Abort signals for grammY calls. grammY types its `signal` parameters with the abort-controller
 * shim it ships for Node; Node's own AbortSignal is what it gets at run time and works the same, so
 * the one cast between the two types lives here.
 */
import type { Api } from 'grammy';

/** The signal type grammY's API methods take. */
export type ApiSignal = NonNullable<Parameters<Api['getMe']>[0]>;

/** A controller whose signal grammY accepts. */
export function apiAbortController(): { signal: ApiSignal; abort(): void } {
  const controller = new AbortController();
  return { signal: controller.signal as unknown as ApiSignal, abort: () => controller.abort() };
}

/** A signal that aborts after `ms`. */
export function abortAfter(ms: number): ApiSignal {
  return AbortSignal.timeout(ms) as unknown as ApiSignal;
}
