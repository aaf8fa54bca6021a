/**
 * The chunks a streamed zlib writer (the gzip parts of an export, an xlsx workbook) has handed to
 * zlib but not yet seen flushed, oldest first: two may be compressing while the caller formats
 * the next one, and a size limit is checked against what they could still add at worst.
 */
import zlib from 'node:zlib';

/** Bytes `n` raw bytes can take once deflated, at worst (stored blocks ~5 bytes per 16 KB, plus framing). */
export function deflatedAtWorst(n: number): number {
  return Math.ceil(n * 1.01) + 1024;
}

export class FlushQueue {
  private chunks: Array<{ flushed: Promise<void>; bytes: number }> = [];

  /**
   * @param failure the writer's current error, thrown once a flush settles (a write error
   *   surfaces there, not at `write`)
   */
  constructor(private readonly failure: () => Error | null | undefined) {}

  get length(): number {
    return this.chunks.length;
  }

  /** Records a chunk of `bytes` just written to `stream`, and asks zlib to flush it. */
  push(stream: zlib.Gzip | zlib.DeflateRaw, bytes: number): void {
    this.chunks.push({
      flushed: new Promise((resolve) => stream.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve())),
      bytes,
    });
  }

  /** What the chunks still in flight could add to the output, at worst. */
  pendingAtWorst(): number {
    return this.chunks.reduce((s, c) => s + deflatedAtWorst(c.bytes), 0);
  }

  /** Waits for the oldest chunk to be flushed. */
  async settleOldest(): Promise<void> {
    const oldest = this.chunks.shift();
    if (oldest) await oldest.flushed;
    this.throwIfFailed();
  }

  /** Waits until every chunk is flushed: the output size is then exact. */
  async settleAll(): Promise<void> {
    while (this.chunks.length > 0) await this.settleOldest();
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    const err = this.failure();
    if (err) throw err;
  }
}
