// node-fetch v2 ships no types; grammY uses it on Node. We only need the call signature.
declare module 'node-fetch' {
  const fetch: (url: string, init?: Record<string, unknown>) => Promise<import('../bot/retryingFetch.js').FetchResponse>;
  export default fetch;
}
