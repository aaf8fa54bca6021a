/**
 * A small multipart/form-data parser. We don't use `Request.formData()` because grammY writes
 * headers the way Telegram tolerates but strict parsers may not (`content-disposition:form-data;
 * name="x";filename=report.pdf` — no spaces, unquoted filename that may contain spaces).
 */

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

function parseDisposition(value: string): { name?: string; filename?: string } {
  const out: { name?: string; filename?: string } = {};
  const name = /(?:^|;)\s*name\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/i.exec(value);
  if (name) out.name = (name[1] ?? name[2] ?? '').replace(/\\(.)/g, '$1').trim();
  const star = /(?:^|;)\s*filename\*\s*=\s*([^']*)'[^']*'([^;]*)/i.exec(value);
  if (star) {
    out.filename = decodeURIComponent(star[2]!.trim());
    return out;
  }
  // Quoted, or unquoted up to the end of the header line (grammY puts filename last and does not quote it).
  const fn = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|(.*))$/i.exec(value);
  if (fn) out.filename = (fn[1] !== undefined ? fn[1].replace(/\\(.)/g, '$1') : (fn[2] ?? '')).trim();
  return out;
}

export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!m) throw new Error('multipart body without boundary');
  const boundary = `--${m[1] ?? m[2]}`;
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(boundary);
  while (pos !== -1) {
    pos += boundary.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // closing "--boundary--"
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd === -1) break;
    const headerText = body.subarray(pos, headerEnd).toString('utf8');
    const next = body.indexOf(`\r\n${boundary}`, headerEnd + 4);
    if (next === -1) break;
    const data = body.subarray(headerEnd + 4, next);
    let disposition = '';
    let partType: string | undefined;
    for (const line of headerText.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon === -1) continue;
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === 'content-disposition') disposition = value;
      else if (key === 'content-type') partType = value;
    }
    const d = parseDisposition(disposition);
    if (d.name !== undefined) {
      const part: MultipartPart = { name: d.name, data: Buffer.from(data) };
      if (d.filename !== undefined) part.filename = d.filename;
      if (partType !== undefined) part.contentType = partType;
      parts.push(part);
    }
    pos = next + 2;
  }
  return parts;
}
