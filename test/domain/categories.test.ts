/** Categories and the urgency each one proposes. */
import { describe, expect, it } from 'vitest';
import {
  allowedUrgencies,
  CATEGORIES,
  defaultUrgency,
  type Category,
  type Urgency,
} from '../../src/domain/categories.js';

/** DESIGN §2 "Categories", copied row by row. */
const DESIGN_TABLE: Array<[Category, Urgency]> = [
  ['terrorism', 'urgent'],
  ['csam', 'urgent'],
  ['public_order', 'urgent'],
  ['pornography', 'normal'],
  ['gambling', 'normal'],
  ['fraud', 'normal'],
  ['hate_speech', 'normal'],
  ['hoax', 'normal'],
  ['other', 'normal'],
];

const RANK: Record<Urgency, number> = { normal: 0, urgent: 1 };

describe('categories', () => {
  it('are exactly the nine of the design table, in its order', () => {
    expect([...CATEGORIES]).toEqual(DESIGN_TABLE.map(([c]) => c));
  });

  it.each(DESIGN_TABLE)('%s proposes %s', (category, urgency) => {
    expect(defaultUrgency(category)).toBe(urgency);
  });

  it.each(DESIGN_TABLE)('%s: the allowed urgencies never go below the default (%s) and include it', (category, def) => {
    const allowed = allowedUrgencies(category);
    expect(allowed).toContain(def);
    for (const u of allowed) expect(RANK[u]).toBeGreaterThanOrEqual(RANK[def]);
    // Raising is always possible.
    expect(allowed).toContain('urgent');
  });

  it('urgent categories cannot be lowered to normal', () => {
    expect(allowedUrgencies('terrorism')).toEqual(['urgent']);
    expect(allowedUrgencies('csam')).toEqual(['urgent']);
  });

  it('normal categories may be raised', () => {
    expect(allowedUrgencies('hoax')).toEqual(['normal', 'urgent']);
  });
});
