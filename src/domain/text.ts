/** Plain-text helpers shared by what is stored and what is shown (no HTML here). */

/** Shortens long user text to `max` code points, ending in "…"; done before escaping, so no escape sequence is cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
