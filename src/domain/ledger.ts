/**
 * The transparency ledger: one SHA-256 per day over that day's decisions, chained with the day
 * before, so anyone holding an export can recompute every posted value and see where it differs.
 *
 * A day's lines are `#K<id>,<outcome>,<decided-at UTC to the second>`, one per case decided that
 * day (the day in the bot's zone), sorted by case id. The day's value is
 * SHA-256(previous day's hex + "\n" + lines joined by "\n"), in lowercase hex. The chain starts at
 * the first day with a decision (its previous value is 64 zeros) and runs over every calendar day
 * up to the last one asked for; a day without decisions still chains. Seconds, not milliseconds:
 * the export writes times to the second, and the ledger must be recomputable from it.
 * No content and no identities: only case ids, outcomes and times.
 */
import { createHash } from 'node:crypto';
import { addDays, formatCivil, parseCivil } from './calendar.js';

export interface LedgerDecision {
  caseId: number;
  /** The decided status: taken_down or rejected. */
  outcome: string;
  /** When it was decided, ms since the epoch (only whole seconds count). */
  decidedAt: number;
  /** Its calendar day ('YYYY-MM-DD') in the bot's zone. */
  day: string;
}

export interface LedgerDay {
  day: string;
  /** How many decisions the day holds. */
  decisions: number;
  hex: string;
}

export const LEDGER_GENESIS = '0'.repeat(64);

/** By case id, then by line (a case decided twice in a day appears twice, in time order). */
const byCaseThenLine = (a: [number, string], b: [number, string]) =>
  a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

/** One decision as the ledger hashes it. */
export function ledgerLine(d: Pick<LedgerDecision, 'caseId' | 'outcome' | 'decidedAt'>): string {
  const iso = new Date(Math.floor(d.decidedAt / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return `#K${d.caseId},${d.outcome},${iso}`;
}

/** The day's value from the previous day's and the day's decisions (any order). */
export function ledgerDayHex(previous: string, decisions: readonly LedgerDecision[]): string {
  const lines = decisions
    .map((d): [number, string] => [d.caseId, ledgerLine(d)])
    .sort(byCaseThenLine)
    .map(([, line]) => line);
  return createHash('sha256')
    .update(`${previous}\n${lines.join('\n')}`)
    .digest('hex');
}

/**
 * Every day's value, from the first day with a decision through `lastDay` (or the last day with
 * one); decisions after `lastDay` are left out. Empty when there is no decision up to then.
 */
export function ledgerChain(decisions: Iterable<LedgerDecision>, lastDay?: string): LedgerDay[] {
  const byDay = new Map<string, LedgerDecision[]>();
  for (const d of decisions) {
    if (lastDay !== undefined && d.day > lastDay) continue;
    const list = byDay.get(d.day);
    if (list) list.push(d);
    else byDay.set(d.day, [d]);
  }
  if (byDay.size === 0) return [];
  const days = [...byDay.keys()].sort();
  const last = lastDay ?? days[days.length - 1]!;
  const out: LedgerDay[] = [];
  let previous = LEDGER_GENESIS;
  for (let c = parseCivil(days[0]!)!; formatCivil(c) <= last; c = addDays(c, 1)) {
    const day = formatCivil(c);
    const list = byDay.get(day) ?? [];
    previous = ledgerDayHex(previous, list);
    out.push({ day, decisions: list.length, hex: previous });
  }
  return out;
}
