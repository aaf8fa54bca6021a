/** Escaping for Telegram's HTML parse mode: every user-supplied string goes through here. */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Escapes text for use inside HTML-formatted messages (and attribute values). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ENTITIES[c]!);
}

/** A clickable mention of a user by id that needs no username; their id stands in when no name is known. */
export function mentionHtml(userId: number, name: string | null | undefined): string {
  return `<a href="tg://user?id=${userId}">${escapeHtml(name ?? String(userId))}</a>`;
}

/** Groups lines into messages that stay under Telegram's 4096-character limit. */
export function splitLines(lines: string[], max = 4000): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of lines) {
    const next = current ? `${current}\n${line}` : line;
    if (current && next.length > max) {
      out.push(current);
      current = line;
    } else current = next;
  }
  if (current) out.push(current);
  return out;
}
