import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh directory under the OS temp dir (e.g. for a test's SQLite database). */
export function tmpDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix.endsWith('-') ? prefix : `${prefix}-`));
}
