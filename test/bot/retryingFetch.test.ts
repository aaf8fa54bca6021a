/** HTTP-level retries for Bot API calls (used by the bot and inside conversations). */
import { describe, expect, it } from 'vitest';
import { retryingFetch, type FetchResponse } from '../../src/bot/retryingFetch.js';

const res = (status: number, body: unknown = { ok: status < 400 }): FetchResponse => ({
  status,
  clone: () => res(status, body),
  json: async () => body,
});

function scripted(script: Array<FetchResponse | Error>) {
  const calls: string[] = [];
  const base = async (url: string) => {
    calls.push(url);
    const next = script.shift();
    if (!next) throw new Error('script exhausted');
    if (next instanceof Error) throw next;
    return next;
  };
  return { base, calls };
}

describe('retryingFetch', () => {
  it('waits out retry_after on 429 and returns the success', async () => {
    const { base, calls } = scripted([
      res(429, { ok: false, error_code: 429, parameters: { retry_after: 3 } }),
      res(200),
    ]);
    const slept: number[] = [];
    const f = retryingFetch(base, { sleep: async (ms) => void slept.push(ms) });
    expect((await f('u', { body: '{}' })).status).toBe(200);
    expect(calls).toHaveLength(2);
    expect(slept).toEqual([3000]);
  });

  it('retries 5xx and network errors with backoff, then gives up after maxAttempts', async () => {
    const { base, calls } = scripted([res(502), new Error('ECONNRESET'), res(500), res(500)]);
    const slept: number[] = [];
    const f = retryingFetch(base, { maxAttempts: 4, sleep: async (ms) => void slept.push(ms) });
    expect((await f('u', { body: '{}' })).status).toBe(500);
    expect(calls).toHaveLength(4);
    expect(slept).toEqual([500, 1000, 2000]);
  });

  it('does not retry 4xx, stream bodies, aborted requests or very long retry_after', async () => {
    const sleep = async () => undefined;
    let s = scripted([res(400)]);
    expect((await retryingFetch(s.base, { sleep })('u', { body: '{}' })).status).toBe(400);
    expect(s.calls).toHaveLength(1);
    s = scripted([res(429, { parameters: { retry_after: 1 } })]);
    expect((await retryingFetch(s.base, { sleep })('u', { body: { pipe() {} } })).status).toBe(429);
    expect(s.calls).toHaveLength(1);
    s = scripted([new Error('aborted')]);
    await expect(retryingFetch(s.base, { sleep })('u', { body: '{}', signal: { aborted: true } })).rejects.toThrow(
      'aborted',
    );
    s = scripted([res(429, { parameters: { retry_after: 3600 } })]);
    expect((await retryingFetch(s.base, { sleep })('u', { body: '{}' })).status).toBe(429);
    expect(s.calls).toHaveLength(1);
  });
});
