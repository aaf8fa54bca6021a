/** Report categories and the urgency each one proposes (DESIGN §2, "Categories"). */

export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const CATEGORIES = [
  'terrorism',
  'csam',
  'public_order',
  'pornography',
  'gambling',
  'fraud',
  'hate_speech',
  'hoax',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

const URGENT_BY_DEFAULT: ReadonlySet<Category> = new Set(['terrorism', 'csam', 'public_order']);

/** The urgency proposed to the reporter for a category. */
export function defaultUrgency(category: Category): Urgency {
  return URGENT_BY_DEFAULT.has(category) ? 'urgent' : 'normal';
}

/** A reporter may raise the proposed urgency, never lower it below the category's default. */
export function allowedUrgencies(category: Category): Urgency[] {
  return defaultUrgency(category) === 'urgent' ? ['urgent'] : ['normal', 'urgent'];
}
