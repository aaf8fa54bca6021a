/**
 * A bank of PDQ hashes (of taken-down content, or imported from another agency's list) that finds every
 * hash within a distance of a query. Brute force over one flat Uint32Array: 100,000 hashes are 3.2 MB,
 * scanned in a few milliseconds (`npm run bench -- --only pdq`), which needs no index (the reference's
 * multi-index hashing pays off only for millions). Each hash carries a numeric id the caller chooses
 * (a bank row id, say); the same id may appear with several hashes.
 */
import { PDQ_MATCH_DISTANCE, pdqUsable, pdqWords, popcount32, type PdqSignal } from './pdq.js';

/** A bank hash close to the query. */
export interface PdqBankMatch {
  id: number;
  distance: number;
}

const WORDS = 8;

export class PdqBank {
  private words = new Uint32Array(WORDS * 1024);
  private ids = new Float64Array(1024);
  private count = 0;

  /** Number of hashes held. */
  get size(): number {
    return this.count;
  }

  /**
   * Adds a hash under `id`; returns false (and keeps nothing) when its quality is below 50, since such
   * hashes match featureless pictures of anything. Throws on a malformed hash.
   */
  add(id: number, signal: PdqSignal): boolean {
    const words = pdqWords(signal.hash);
    if (!pdqUsable(signal)) return false;
    if (this.count === this.ids.length) this.grow();
    this.words.set(words, this.count * WORDS);
    this.ids[this.count] = id;
    this.count++;
    return true;
  }

  /** Removes every hash held under `id`; returns how many. */
  remove(id: number): number {
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.ids[i] === id) continue;
      if (kept !== i) {
        this.words.copyWithin(kept * WORDS, i * WORDS, (i + 1) * WORDS);
        this.ids[kept] = this.ids[i]!;
      }
      kept++;
    }
    const removed = this.count - kept;
    this.count = kept;
    return removed;
  }

  /**
   * Every hash within `maxDistance` (default 31) of the query, nearest first (then by id); none when the
   * query's quality is below 50.
   */
  find(query: PdqSignal, maxDistance = PDQ_MATCH_DISTANCE): PdqBankMatch[] {
    const q = pdqWords(query.hash);
    if (!pdqUsable(query)) return [];
    const [q0, q1, q2, q3, q4, q5, q6, q7] = q as unknown as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const w = this.words;
    const out: PdqBankMatch[] = [];
    for (let i = 0, o = 0; i < this.count; i++, o += WORDS) {
      // Most of a bank is far from any query: stop after half the bits once the distance is already too large.
      let d =
        popcount32(w[o]! ^ q0) + popcount32(w[o + 1]! ^ q1) + popcount32(w[o + 2]! ^ q2) + popcount32(w[o + 3]! ^ q3);
      if (d > maxDistance) continue;
      d +=
        popcount32(w[o + 4]! ^ q4) +
        popcount32(w[o + 5]! ^ q5) +
        popcount32(w[o + 6]! ^ q6) +
        popcount32(w[o + 7]! ^ q7);
      if (d <= maxDistance) out.push({ id: this.ids[i]!, distance: d });
    }
    return out.sort((a, b) => a.distance - b.distance || a.id - b.id);
  }

  private grow(): void {
    const words = new Uint32Array(this.words.length * 2);
    words.set(this.words);
    const ids = new Float64Array(this.ids.length * 2);
    ids.set(this.ids);
    this.words = words;
    this.ids = ids;
  }
}
