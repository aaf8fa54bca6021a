// Renders chat messages the way Telegram does: text plus entities become DOM nodes (never
// innerHTML: bot and user text is data, so "<script>" in a report shows as those characters),
// with forwards, replies, photos, files, edits and inline keyboards.
import { t, lang } from './i18n.js';

const TAGS = {
  bold: 'strong',
  italic: 'em',
  underline: 'u',
  strikethrough: 's',
  code: 'code',
  blockquote: 'blockquote',
  expandable_blockquote: 'blockquote',
};

/** A link the page handles itself (href only for http(s): nothing else may reach the address bar). */
function link(url, label, ctx) {
  const a = document.createElement('a');
  if (/^https?:\/\//i.test(url)) a.href = url;
  a.className = 'link';
  a.append(label);
  a.addEventListener('click', (ev) => {
    ev.preventDefault();
    ctx.onLink(url);
  });
  return a;
}

/** The element for one entity; its text is added by the caller (entities nest). */
function element(e, covered, ctx) {
  if (TAGS[e.type]) return document.createElement(TAGS[e.type]);
  switch (e.type) {
    case 'pre': {
      const pre = document.createElement('pre');
      if (e.language) pre.dataset.language = e.language;
      return pre;
    }
    case 'spoiler': {
      const span = document.createElement('span');
      span.className = 'spoiler';
      span.addEventListener('click', () => span.classList.add('shown'));
      return span;
    }
    case 'text_link':
      return link(e.url, '', ctx);
    case 'url':
      return link(/^[a-z][a-z0-9+.-]*:\/\//i.test(covered) ? covered : `https://${covered}`, '', ctx);
    case 'mention':
      return link(`https://t.me/${covered.slice(1)}`, '', ctx);
    case 'bot_command': {
      const a = document.createElement('a');
      a.className = 'command';
      a.href = '#';
      a.addEventListener('click', (ev) => {
        ev.preventDefault();
        ctx.onCommand(covered.replace(/@\w+$/, ''));
      });
      return a;
    }
    default: {
      // hashtag, cashtag, email, phone_number, text_mention, custom_emoji, …: shown, not followed.
      const span = document.createElement('span');
      span.className = `entity-${e.type}`;
      return span;
    }
  }
}

/** Appends text[start, end) to parent, nesting the entities that fall in it (sorted, outer first). */
function build(text, ents, start, end, parent, ctx) {
  let pos = start;
  let i = 0;
  while (i < ents.length) {
    const e = ents[i];
    if (e.offset < pos || e.offset >= end) {
      i++; // overlaps the previous sibling without nesting in it (Telegram never sends this): plain text
      continue;
    }
    const eEnd = Math.min(e.offset + e.length, end);
    if (e.offset > pos) parent.append(text.slice(pos, e.offset));
    let j = i + 1;
    while (j < ents.length && ents[j].offset < eEnd) j++;
    const el = element(e, text.slice(e.offset, eEnd), ctx);
    build(text, ents.slice(i + 1, j), e.offset, eEnd, el, ctx);
    parent.append(el);
    pos = eEnd;
    i = j;
  }
  if (pos < end) parent.append(text.slice(pos, end));
}

/** Text with Telegram entities as a fragment of DOM nodes. Offsets are UTF-16 units, as in JS strings. */
export function renderText(text, entities, ctx) {
  const frag = document.createDocumentFragment();
  const sorted = [...(entities ?? [])].sort((a, b) => a.offset - b.offset || b.length - a.length);
  build(text, sorted, 0, text.length, frag, ctx);
  return frag;
}

function div(cls, ...children) {
  const d = document.createElement('div');
  d.className = cls;
  d.append(...children);
  return d;
}

function formatTime(ms, timeZone) {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', {
    timeZone,
    day: '2-digit',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(ms);
}

function media(m, bubble) {
  if (m.photo) {
    const img = document.createElement('img');
    img.className = 'photo';
    img.src = m.photo.url;
    img.alt = '';
    const a = document.createElement('a');
    a.href = m.photo.url;
    a.target = '_blank';
    a.rel = 'noopener';
    a.append(img);
    bubble.append(a);
  }
  if (m.document) {
    const a = document.createElement('a');
    a.className = 'doc';
    a.href = m.document.url;
    a.download = m.document.name;
    a.append(
      div('doc-icon', '📄'),
      div('doc-name', m.document.name),
      div('doc-size', `${Math.max(1, Math.round(m.document.size / 1024))} KB · ${t('download')}`),
    );
    bubble.append(a);
  }
}

function keyboard(m, ctx) {
  const kb = div('keyboard');
  for (const row of m.keyboard) {
    const r = div('kb-row');
    for (const b of row) {
      const btn = document.createElement('button');
      btn.type = 'button';
      btn.className = 'kb-button';
      btn.textContent = b.text;
      btn.addEventListener('click', () =>
        b.data !== undefined ? ctx.onPress(m, b.data, btn) : ctx.onLink(b.url ?? ''),
      );
      r.append(btn);
    }
    kb.append(r);
  }
  return kb;
}

/** One message: bubble (sender, forward, quoted reply, media, text, time) and its inline keyboard. */
export function renderMessage(m, ctx) {
  const mine = !m.bot && m.fromId === ctx.personId;
  const wrap = div(`msg ${m.bot ? 'bot' : mine ? 'mine' : 'other'}${m.service ? ' service' : ''}`);
  wrap.dataset.id = String(m.id);
  const bubble = div('bubble');
  bubble.append(div('from', m.bot ? m.from : mine ? `${m.from} (${t('you')})` : m.from));
  if (m.forward) bubble.append(div('fwd', `${t('forwardedFrom')} ${m.forward}`));
  if (m.replyTo) {
    const q = div('quote', div('quote-from', m.replyTo.from), div('quote-text', m.replyTo.text));
    q.addEventListener('click', () => ctx.scrollTo(m.replyTo.id));
    bubble.append(q);
  }
  media(m, bubble);
  if (m.text) bubble.append(div('text', renderText(m.text, m.entities, ctx)));
  const replyBtn = document.createElement('button');
  replyBtn.type = 'button';
  replyBtn.className = 'reply-btn';
  replyBtn.textContent = `↩ ${t('reply')}`;
  replyBtn.addEventListener('click', () => ctx.onReply(m));
  bubble.append(div('meta', `${m.edited ? `${t('edited')} · ` : ''}${formatTime(m.date, ctx.timeZone)}`, replyBtn));
  wrap.append(bubble);
  if (m.keyboard) wrap.append(keyboard(m, ctx));
  return wrap;
}
