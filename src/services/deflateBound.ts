/**
 * How large raw bytes can get once deflated, at worst: the streamed zlib writers (the gzip parts
 * of an export, an xlsx workbook) accept a chunk into a file only if the file stays under its
 * size limit even then.
 */

/** Bytes `n` raw bytes can take once deflated, at worst (stored blocks ~5 bytes per 16 KB, plus framing). */
export function deflatedAtWorst(n: number): number {
  return Math.ceil(n * 1.01) + 1024;
}
