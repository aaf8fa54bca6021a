// The playground page: three panes (reporter, moderator group, admin), each acting as a person the
// role switcher picks. The server pushes the whole view over server-sent events; every action is a
// small JSON POST. Plain ES modules, no build step.
import { t, lang, setLang } from './i18n.js';
import { renderMessage } from './render.js';

/** Quick messages under each pane's composer: what a newcomer would want to try first. */
const CHIPS = {
  reporter: ['/lapor', '/batal', '/bahasa', 'https://t.me/kabar_kilat_contoh/102'],
  group: [],
  admin: ['/invite', '/stats', '/stats 30d', '/export', '/staff', '/bahasa'],
};

let state = null;
const panes = [];

async function api(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json.error ?? res.statusText);
  return json;
}

let toastTimer;
function toast(text) {
  const el = document.getElementById('toast');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (el.hidden = true), 4000);
}

/** Runs an action; a refusal of the playground (not of the bot) is shown as a toast. */
function act(promise) {
  return promise.catch((err) => toast(err.message));
}

function applyStrings() {
  document.title = t('title');
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  for (const p of panes) p.dress();
  if (state) render();
}

function formatOffset(ms) {
  const h = Math.round(ms / 3_600_000);
  if (h === 0) return '';
  const d = Math.floor(h / 24);
  const rest = h % 24;
  const unit = lang === 'en' ? ['d', 'h'] : ['hr', 'j'];
  return `+${d ? `${d} ${unit[0]} ` : ''}${rest ? `${rest} ${unit[1]}` : ''} ${t('ahead')}`.replace(/\s+/g, ' ');
}

function tickClock() {
  if (!state) return;
  const now = Date.now() + state.clock.offsetMs;
  const fmt = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', {
    timeZone: state.clock.timeZone,
    weekday: 'short',
    day: '2-digit',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  document.getElementById('clock').textContent = fmt.format(now);
  document.getElementById('ahead').textContent = formatOffset(state.clock.offsetMs);
}

/** A supergroup message link (`t.me/c/<id>/<message>`, a card) when it points into the moderator group. */
function groupMessageOf(url) {
  const m = /^https?:\/\/t\.me\/c\/(\d+)\/(\d+)(?:[?#].*)?$/.exec(url);
  return m && `-100${m[1]}` === String(state.group.id) ? Number(m[2]) : null;
}

/**
 * A deep link to our bot (the /invite link): opened as a new reporter, the way a recipient would tap it.
 * A link to a message of the moderator group (a card): shown there, as Telegram jumps to it.
 */
async function openLink(url) {
  const inGroup = groupMessageOf(url);
  if (inGroup !== null) {
    if (!panes.find((p) => p.name === 'group').showMessage(inGroup)) toast(t('messageGone'));
    return;
  }
  const m = new RegExp(`^https?://t\\.me/${state.bot.username}\\?start=([A-Za-z0-9_-]+)$`).exec(url);
  if (!m) return toast(t('linkOffline', { url }));
  const person = await api('/api/people', { role: 'reporter' });
  const reporter = panes.find((p) => p.name === 'reporter');
  reporter.choose(person.id);
  await api('/api/send', { as: person.id, where: 'private', text: `/start ${m[1]}` });
  toast(t('newReporterFromLink', { name: person.name }));
}

class Pane {
  constructor(el) {
    this.el = el;
    this.name = el.dataset.pane;
    this.where = el.dataset.where;
    this.role = el.dataset.role;
    // Who the pane acts as survives a reload (a reporter just invited stays in view).
    this.personId = Number(localStorage.getItem(this.storeKey())) || null;
    this.replyTo = null;
    this.forceSeen = new Map();
    // Follow new messages while the newest is in view; a photo that loads later keeps it so.
    this.stuck = true;
    this.highlightId = null;
    el.append(document.getElementById('pane-template').content.cloneNode(true));
    this.q = (sel) => el.querySelector(sel);
    this.wire();
  }

  /** The people this pane can act as (the group: moderators and admins). */
  people() {
    const roles = this.name === 'group' ? ['moderator', 'admin'] : [this.role];
    return roles.flatMap((r) => state.people.filter((p) => p.role === r));
  }

  person() {
    return state.people.find((p) => p.id === this.personId);
  }

  storeKey() {
    return `saluran-playground-as-${this.name}`;
  }

  /** Acts as another person from now on (remembered for a reload); a reply being written is dropped. */
  choose(id) {
    this.personId = id;
    localStorage.setItem(this.storeKey(), String(id));
    this.setReply(null);
  }

  chatId() {
    return this.where === 'group' ? state.group.id : this.personId;
  }

  wire() {
    this.q('.who').addEventListener('change', (ev) => {
      this.choose(Number(ev.target.value));
      render();
    });
    this.q('.add').addEventListener('click', () =>
      act(api('/api/people', { role: this.role }).then((p) => this.choose(p.id))),
    );
    const box = this.q('.messages');
    // Only the reader moving up unsticks the pane: content growing under a programmatic scroll (a photo that
    // loads between our scroll and its event) leaves us below the bottom without anyone having scrolled.
    let lastTop = 0;
    box.addEventListener('scroll', () => {
      if (box.scrollHeight - box.scrollTop - box.clientHeight < 40) this.stuck = true;
      else if (box.scrollTop < lastTop) this.stuck = false;
      lastTop = box.scrollTop;
    });
    this.q('.pane-alert-ok').addEventListener('click', () => (this.q('.pane-alert').hidden = true));
    this.q('.composer').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const input = this.q('.input');
      const text = input.value;
      if (!text.trim()) return;
      input.value = '';
      this.sendText(text);
    });
    this.q('.file').addEventListener('change', (ev) => this.sendFile(ev.target));
    this.q('.replying-cancel').addEventListener('click', () => this.setReply(null));
    this.buildTools();
  }

  buildTools() {
    const tools = this.q('.tools');
    if (this.name === 'reporter') {
      const select = document.createElement('select');
      select.className = 'forward-source';
      const go = document.createElement('button');
      go.type = 'button';
      go.className = 'forward';
      go.addEventListener('click', () => {
        const [source, post] = select.value.split(':');
        act(api('/api/forward', { as: this.personId, where: 'private', source, post: Number(post) }));
      });
      tools.append(select, go);
    }
    for (const chip of CHIPS[this.name]) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'chip';
      b.textContent = chip;
      b.addEventListener('click', () => this.sendText(chip));
      tools.append(b);
    }
  }

  /** Words that depend on the language. */
  dress() {
    this.q('.pane-title').textContent = t(`pane.${this.name}`);
    const add = this.q('.add');
    add.hidden = this.name === 'admin';
    add.textContent = t(this.name === 'reporter' ? 'add.reporter' : 'add.moderator');
    this.q('.input').placeholder = t('placeholder');
    this.q('.attach').title = t('attach');
    const fwd = this.q('.forward');
    if (fwd) fwd.textContent = t('forward');
    // Rebuilt in the new language on the next render.
    this.q('.forward-source')?.replaceChildren();
  }

  sendText(text) {
    const body = { as: this.personId, where: this.where, text };
    if (this.replyTo) body.replyTo = this.replyTo.id;
    this.setReply(null);
    return act(api('/api/send', body));
  }

  sendFile(input) {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      const data = String(reader.result).replace(/^data:[^,]*,/, '');
      const kind = /^image\/(png|jpeg|gif|webp)$/.test(file.type) ? 'photo' : 'document';
      const caption = this.q('.input').value;
      this.q('.input').value = '';
      act(
        api('/api/upload', {
          as: this.personId,
          where: this.where,
          kind,
          name: file.name,
          mime: file.type,
          data,
          caption,
        }),
      );
    };
    reader.readAsDataURL(file);
  }

  setReply(m) {
    this.replyTo = m ? { id: m.id, text: m.text || (m.photo ? '🖼' : (m.document?.name ?? '')) } : null;
    this.q('.replying').hidden = !m;
    this.q('.replying-text').textContent = m ? this.replyTo.text.slice(0, 80) : '';
  }

  press(m, data, btn) {
    btn.disabled = true;
    const chatId = this.chatId();
    return act(
      api('/api/press', { as: this.personId, chatId, messageId: m.id, data }).then((a) => {
        if (!a.answered) toast(t('noAnswer'));
        else if (a.text && a.showAlert) this.alert(a.text);
        else if (a.text) toast(a.text);
      }),
    ).finally(() => (btn.disabled = false));
  }

  /**
   * A show_alert answer: a box over this pane's chat, as Telegram shows it over the chat, that
   * blocks nothing else (other panes, this pane's composer, what is being typed).
   */
  alert(text) {
    this.q('.pane-alert-text').textContent = text;
    this.q('.pane-alert').hidden = false;
    this.q('.pane-alert-ok').focus({ preventScroll: true });
  }

  /** Scrolls to a message of this pane's chat and highlights it for a moment; false if it is not there. */
  showMessage(id) {
    const el = this.q(`.messages .msg[data-id="${id}"]`);
    if (!el) return false;
    this.highlightId = id;
    el.classList.add('highlight');
    el.scrollIntoView({ block: 'center' });
    clearTimeout(this.highlightTimer);
    this.highlightTimer = setTimeout(() => {
      this.highlightId = null;
      this.q(`.messages .msg[data-id="${id}"]`)?.classList.remove('highlight');
    }, 3000);
    return true;
  }

  render() {
    const people = this.people();
    if (!people.some((p) => p.id === this.personId)) this.personId = people[0]?.id ?? null; // not saved: a reset may bring them back
    this.renderWho(people);
    const person = this.person();
    const hint = this.name === 'reporter' && person && !person.active ? 'hint.newReporter' : `hint.${this.name}`;
    this.q('.hint').textContent = t(hint);
    const sel = this.q('.forward-source');
    if (sel && sel.options.length === 0) {
      for (const post of state.channel.posts)
        sel.add(new Option(t('fwd.public', { id: post.id, channel: state.channel.username }), `public:${post.id}`));
      sel.add(new Option(t('fwd.private'), 'private:0'));
      sel.add(new Option(t('fwd.person'), 'person:0'));
    }
    this.renderMessages(state.chats[String(this.chatId())] ?? []);
  }

  renderWho(people) {
    const who = this.q('.who');
    const key = people.map((p) => `${p.id}:${p.name}`).join(',');
    if (who.dataset.key !== key) {
      who.replaceChildren(...people.map((p) => new Option(p.name, String(p.id))));
      who.dataset.key = key;
    }
    who.value = String(this.personId);
  }

  renderMessages(messages) {
    const box = this.q('.messages');
    const follow = this.stuck;
    const ctx = {
      personId: this.personId,
      timeZone: state.clock.timeZone,
      onLink: (url) => act(openLink(url)),
      onCommand: (cmd) => this.sendText(cmd),
      onPress: (m, data, btn) => this.press(m, data, btn),
      onReply: (m) => this.setReply(m),
      scrollTo: (id) => box.querySelector(`.msg[data-id="${id}"]`)?.scrollIntoView({ block: 'center' }),
    };
    box.replaceChildren(...messages.map((m) => renderMessage(m, ctx)));
    if (this.highlightId !== null) box.querySelector(`.msg[data-id="${this.highlightId}"]`)?.classList.add('highlight');
    if (follow) {
      box.scrollTop = box.scrollHeight;
      this.stuck = true;
      // A photo gets its height when it has loaded, after this scroll: follow it down again.
      for (const img of box.querySelectorAll('img')) {
        if (!img.complete)
          img.addEventListener('load', () => this.stuck && (box.scrollTop = box.scrollHeight), { once: true });
      }
    }
    // A reply to a message the chat no longer has (a reset, another chat) is dropped.
    if (this.replyTo && !messages.some((m) => m.id === this.replyTo.id)) this.setReply(null);
    // A question asked with force_reply: Telegram's client answers it by replying; so does the composer,
    // but only while it is unanswered (after a reload, a question already answered is not asked again).
    const key = String(this.chatId());
    const askAt = messages.findLastIndex((m) => m.bot && m.forceReply);
    const ask = messages[askAt];
    const answered = askAt >= 0 && messages.slice(askAt + 1).some((m) => !m.bot);
    if (ask && !answered && ask.id > (this.forceSeen.get(key) ?? 0)) {
      this.forceSeen.set(key, ask.id);
      this.setReply(ask);
    }
  }
}

function render() {
  for (const p of panes) p.render();
  tickClock();
}

function connect() {
  const es = new EventSource('/api/events');
  es.onmessage = (ev) => {
    state = JSON.parse(ev.data);
    document.body.classList.remove('disconnected');
    render();
  };
  es.onerror = () => {
    document.body.classList.add('disconnected');
    toast(t('reconnecting'));
  };
}

function wireHeader() {
  for (const b of document.querySelectorAll('[data-advance]')) {
    b.addEventListener('click', () => act(api('/api/clock', { advanceMs: Number(b.dataset.advance) })));
  }
  document.getElementById('reset').addEventListener('click', () => {
    if (!confirm(t('resetConfirm'))) return;
    for (const p of panes) {
      p.forceSeen.clear();
      p.setReply(null);
    }
    act(api('/api/reset', {}));
  });
  const langSel = document.getElementById('lang');
  langSel.value = lang;
  langSel.addEventListener('change', () => {
    setLang(langSel.value);
    applyStrings();
  });
}

setLang(lang);
for (const el of document.querySelectorAll('.pane')) panes.push(new Pane(el));
wireHeader();
applyStrings();
setInterval(tickClock, 1000);
connect();
