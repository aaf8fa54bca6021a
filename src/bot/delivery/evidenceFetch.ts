/**
 * Downloads an evidence file through the Bot API (getFile, then the file URL) so its SHA-256 can be
 * kept. The Bot API serves files up to 20 MB; a bigger one is recorded by id and size only. A
 * transient failure (429, 5xx, network) is thrown as grammY's HttpError or GrammyError, so the
 * outbox retries the row; a permanent one (a file Telegram no longer has) is "not downloadable".
 */
import { GrammyError, HttpError, type Api } from 'grammy';

/** The Bot API's download limit (getFile answers "file is too big" above it). */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

export interface Downloaded {
  /** The bytes, or null when the file cannot be downloaded (too big, gone). */
  bytes: Buffer | null;
  fileUniqueId: string | null;
  fileSize: number | null;
}

export type EvidenceDownloader = (
  fileId: string,
  known: { fileUniqueId: string | null; fileSize: number | null },
) => Promise<Downloaded>;

/** A downloader for `api`, reading files from `apiRoot` (default https://api.telegram.org) with `token`. */
export function createDownloader(
  api: Api,
  token: string,
  apiRoot = 'https://api.telegram.org',
  timeoutMs = 60_000,
): EvidenceDownloader {
  return async (fileId, known) => {
    const none = { bytes: null, ...known };
    if (known.fileSize !== null && known.fileSize > MAX_DOWNLOAD_BYTES) return none;
    let file;
    try {
      file = await api.getFile(fileId);
    } catch (err) {
      // 400 ("file is too big", "invalid file_id"): nothing to download, ever. 429 and 5xx are retried.
      if (err instanceof GrammyError && err.error_code === 400) return none;
      throw err;
    }
    const ids = { fileUniqueId: file.file_unique_id, fileSize: file.file_size ?? known.fileSize };
    if (!file.file_path) return { bytes: null, ...ids };
    const url = `${apiRoot}/file/bot${token}/${file.file_path}`;
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new HttpError('evidence download failed', redact(err, token));
    }
    if (res.status >= 500 || res.status === 429)
      throw new HttpError(`evidence download failed: HTTP ${res.status}`, new Error(`HTTP ${res.status}`));
    if (!res.ok) return { bytes: null, ...ids };
    const bytes = Buffer.from(await res.arrayBuffer());
    return { bytes, fileUniqueId: ids.fileUniqueId, fileSize: bytes.length };
  };
}

/** The error without the token (it is part of the file URL, and errors end up in logs). */
function redact(err: unknown, token: string): Error {
  const message = err instanceof Error ? err.message : String(err);
  return new Error(message.split(token).join('<token>'));
}
