/**
 * Types for node-fetch v2, which ships none (@types/node-fetch is not installed). grammY's own
 * declarations import this module too (its `client.fetch` option is `typeof fetch` from here), and
 * bot/index.ts wraps `fetch` in retryingFetch. Only what grammY and we use is declared, as node-fetch
 * v2 documents it; widen it here (not with casts) if more is needed.
 */
declare module 'node-fetch' {
  /** What node-fetch v2 accepts as a request body; grammY sends a string or a multipart stream. */
  export type BodyInit = string | Buffer | ArrayBuffer | ArrayBufferView | URLSearchParams | NodeJS.ReadableStream;

  export interface RequestInit {
    method?: string;
    headers?: Record<string, string>;
    body?: BodyInit | null;
    /** grammY passes abort-controller's signal, which node-fetch accepts like the built-in one. */
    signal?: AbortSignal | null;
    redirect?: 'follow' | 'manual' | 'error';
    /** node-fetch extensions. */
    follow?: number;
    compress?: boolean;
    size?: number;
    timeout?: number;
    agent?: import('node:http').Agent | false;
  }

  export interface Headers {
    get(name: string): string | null;
    has(name: string): boolean;
    forEach(callback: (value: string, name: string) => void): void;
  }

  export interface Response {
    readonly ok: boolean;
    readonly status: number;
    readonly statusText: string;
    readonly url: string;
    readonly headers: Headers;
    readonly body: NodeJS.ReadableStream;
    readonly bodyUsed: boolean;
    clone(): Response;
    /** The parsed body: unknown until the caller checks it. */
    json(): Promise<unknown>;
    text(): Promise<string>;
    buffer(): Promise<Buffer>;
    arrayBuffer(): Promise<ArrayBuffer>;
  }

  /** node-fetch v2 also takes a Request; grammY and Saluran pass a URL string. */
  export default function fetch(url: string | URL, init?: RequestInit): Promise<Response>;
}
