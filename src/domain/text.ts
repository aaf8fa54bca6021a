/** Plain-text helpers shared by what is stored and what is shown (no HTML here). */

/**
 * Shortens long user text to at most `max` UTF-16 code units, ending in "…"; done before escaping,
 * so no escape sequence is cut. UTF-16 units because that is what Telegram's limits count (4,096
 * for a text, 1,024 for a caption): counted in code points, 1,500 emoji would be 3,000 units.
 * A surrogate pair (an emoji) is never split.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1; // room for the "…" (one unit)
  if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end--; // would cut a pair in half
  return `${text.slice(0, end)}…`;
}
