/**
 * The playground page in a real browser: headless Chromium (Debian's `chromium`, driven by
 * puppeteer-core; nothing is downloaded) walks what the README promises a newcomer: the admin
 * sends /invite and clicks the link, a new reporter gives a name, forwards a public post and
 * answers the form with the buttons, the card appears in the moderator pane, Turunkan edits it in
 * place, and the reporter is told. Each pane is checked for what Telegram would show there.
 * Skipped, saying why, where no Chromium (CHROMIUM_PATH, /usr/bin/chromium) or puppeteer-core is installed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { startPlayground, type RunningPlayground } from './helpers.js';

/** The part of puppeteer-core this test uses (typed here so the suite compiles without it installed). */
interface Page {
  goto(url: string): Promise<unknown>;
  reload(): Promise<unknown>;
  setViewport(v: { width: number; height: number }): Promise<void>;
  on(event: 'pageerror', cb: (err: Error) => void): void;
  on(event: 'dialog', cb: (dialog: { accept(): Promise<void> }) => void): void;
  waitForFunction(fn: (...args: never[]) => unknown, opts: { timeout: number }, ...args: unknown[]): Promise<unknown>;
  evaluate<T>(fn: (...args: never[]) => T, ...args: unknown[]): Promise<T>;
  type(selector: string, text: string): Promise<void>;
  click(selector: string): Promise<void>;
  select(selector: string, value: string): Promise<string[]>;
  screenshot(opts: { path: string; fullPage?: boolean }): Promise<unknown>;
}
interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
interface Puppeteer {
  launch(opts: { executablePath: string; args: string[]; headless?: boolean }): Promise<Browser>;
}

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
  (p): p is string => !!p,
);
const chromium = CANDIDATES.find((p) => fs.existsSync(p));

/** puppeteer-core, or why not: only a missing package skips; a broken one fails the suite. */
async function loadPuppeteer(): Promise<Puppeteer | string> {
  const name = 'puppeteer-core'; // a variable: tsc and vite must not require it to be installed
  try {
    return ((await import(/* @vite-ignore */ name)) as { default: Puppeteer }).default;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/cannot find|failed to (load|resolve)|not found/i.test(message))
      return `puppeteer-core is not installed (npm install): ${message.split('\n')[0]}`;
    throw err;
  }
}
const loaded = chromium ? await loadPuppeteer() : undefined;
const puppeteer = typeof loaded === 'object' ? loaded : undefined;
const why = !chromium
  ? `no Chromium found (${CANDIDATES.join(', ')}): apt-get install -y chromium, or set CHROMIUM_PATH`
  : typeof loaded === 'string'
    ? loaded
    : '';
if (why) console.warn(`[playground browser test] skipped: ${why}`);

/** Flags that run in containers and CI: no sandbox (no user namespaces), no GPU, no calls home. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const WAIT = { timeout: 20_000 };

/** Waits for a message in a pane whose text matches. */
async function seen(page: Page, pane: string, re: RegExp): Promise<void> {
  await page.waitForFunction(
    (p: string, src: string) =>
      [...document.querySelectorAll(`[data-pane="${p}"] .msg`)].some((m) => new RegExp(src).test(m.textContent ?? '')),
    WAIT,
    pane,
    re.source,
  );
}

/** Presses the inline button labelled `label` on the newest message of a pane that has it. */
async function press(page: Page, pane: string, label: string): Promise<void> {
  await page.waitForFunction(
    (p: string, l: string) => {
      const buttons = [...document.querySelectorAll<HTMLButtonElement>(`[data-pane="${p}"] .kb-button`)].filter(
        (b) => b.textContent === l && !b.disabled,
      );
      buttons.at(-1)?.click();
      return buttons.length > 0;
    },
    WAIT,
    pane,
    label,
  );
}

async function typeIn(page: Page, pane: string, text: string): Promise<void> {
  await page.type(`[data-pane="${pane}"] .input`, text);
  await page.click(`[data-pane="${pane}"] .send`);
}

/** How many messages of a pane match. */
function count(page: Page, pane: string, re: RegExp): Promise<number> {
  return page.evaluate(
    (p: string, src: string) =>
      [...document.querySelectorAll(`[data-pane="${p}"] .msg`)].filter((m) => new RegExp(src).test(m.textContent ?? ''))
        .length,
    pane,
    re.source,
  );
}

/** Waits until a pane has more than `n` messages matching. */
async function seenMore(page: Page, pane: string, re: RegExp, n: number): Promise<void> {
  await page.waitForFunction(
    (p: string, src: string, k: number) =>
      [...document.querySelectorAll(`[data-pane="${p}"] .msg`)].filter((m) => new RegExp(src).test(m.textContent ?? ''))
        .length > k,
    WAIT,
    pane,
    re.source,
    n,
  );
}

/** Whether a pane's reply bar ("Membalas: …") shows. */
function replying(page: Page, pane: string): Promise<boolean> {
  return page.evaluate(
    (p: string) => !(document.querySelector(`[data-pane="${p}"] .replying`) as HTMLElement).hidden,
    pane,
  );
}

function whoIn(page: Page, pane: string): Promise<string | undefined> {
  return page.evaluate(
    (p: string) =>
      (document.querySelector(`[data-pane="${p}"] .who`) as HTMLSelectElement).selectedOptions[0]?.textContent ??
      undefined,
    pane,
  );
}

/** Text of every message in a pane, in order. */
function texts(page: Page, pane: string): Promise<string[]> {
  return page.evaluate(
    (p: string) => [...document.querySelectorAll(`[data-pane="${p}"] .msg`)].map((m) => m.textContent ?? ''),
    pane,
  );
}

describe.skipIf(why !== '')(`playground page in headless Chromium${why ? ` (skipped: ${why})` : ''}`, () => {
  let pg: RunningPlayground;
  let browser: Browser;
  let page: Page;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'saluran-chromium-'));
  const errors: string[] = [];

  beforeAll(async () => {
    pg = await startPlayground();
    browser = await puppeteer!.launch({
      executablePath: chromium!,
      headless: true,
      args: [...FLAGS, `--user-data-dir=${profile}`],
    });
    page = await browser.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('dialog', (dialog) => void dialog.accept()); // Mulai ulang asks first
    await page.setViewport({ width: 1500, height: 950 });
    await page.goto(pg.url);
  }, 60_000);

  // A failed step leaves a picture of the page: what each pane showed is usually the whole story.
  beforeEach((ctx) => {
    onTestFailed(async () => {
      const file = path.join(os.tmpdir(), `saluran-playground-${ctx.task.name.replace(/\W+/g, '-').slice(0, 40)}.png`);
      await page?.screenshot({ path: file, fullPage: true }).catch(() => {});
      console.error(`[playground browser test] screenshot of the failed step: ${file}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await pg?.stop();
    fs.rmSync(profile, { recursive: true, force: true });
  });

  it('says it is offline, in Indonesian, with the three panes', async () => {
    await page.waitForFunction(
      () => document.querySelector('[data-pane="reporter"] .who')?.textContent === 'Budi',
      WAIT,
    );
    const head = await page.evaluate(() => ({
      offline: document.getElementById('offline')?.textContent ?? '',
      titles: [...document.querySelectorAll('.pane-title')].map((h) => h.textContent),
      lang: document.documentElement.lang,
      groupAs: (document.querySelector('[data-pane="group"] .who') as HTMLSelectElement).selectedOptions[0]
        ?.textContent,
    }));
    expect(head.offline).toMatch(/Luring.*tidak pernah dengan Telegram/);
    expect(head.titles).toEqual(['Pelapor (chat pribadi)', 'Grup moderator', 'Admin (chat pribadi)']);
    expect(head.lang).toBe('id');
    expect(head.groupAs).toBe('Dewi');
  });

  it('walks invite → new reporter → report → card → Turunkan → reporter told', async () => {
    // Admin: /invite, and the link in the answer is a link the page opens as a new reporter.
    await page.evaluate(() =>
      [...document.querySelectorAll<HTMLButtonElement>('[data-pane="admin"] .chip')]
        .find((b) => b.textContent === '/invite')!
        .click(),
    );
    await seen(page, 'admin', /start=/);
    await page.evaluate(() =>
      [...document.querySelectorAll<HTMLAnchorElement>('[data-pane="admin"] a.link')]
        .find((a) => a.textContent?.includes('?start='))!
        .click(),
    );
    await seen(page, 'reporter', /nama lengkap/);
    expect(
      await page.evaluate(
        () =>
          (document.querySelector('[data-pane="reporter"] .who') as HTMLSelectElement).selectedOptions[0]?.textContent,
      ),
    ).toBe('Citra');
    await typeIn(page, 'reporter', 'Citra Lestari');
    await seen(page, 'reporter', /unit kerja/); // an invitation without a unit: the bot asks
    await typeIn(page, 'reporter', 'Direktorat Pengendalian');
    await seen(page, 'reporter', /pelapor aktif/);

    // Reporter: forward a post of the public channel, then the guided form with the buttons.
    await page.select('[data-pane="reporter"] .forward-source', 'public:101');
    await page.click('[data-pane="reporter"] .forward');
    await seen(page, 'reporter', /Target laporan/);
    await press(page, 'reporter', 'Terorisme');
    await seen(page, 'reporter', /Jelaskan/);
    await typeIn(page, 'reporter', 'Ajakan <b>kekerasan</b> <img src=x onerror="window.__xss=1">');
    await press(page, 'reporter', 'Selesai'); // the forwarded post already counts as evidence
    await seen(page, 'reporter', /Ringkasan laporan/);
    await press(page, 'reporter', '✅ Kirim');
    await seen(page, 'reporter', /Laporan diterima/);

    // Moderator group: the card, pressed as Dewi, edited in place.
    await seen(page, 'group', /#K1 ·/);
    await press(page, 'group', 'Turunkan');
    await seen(page, 'group', /diturunkan oleh Dewi/);
    await seen(page, 'reporter', /#K1: konten telah diturunkan/);
  });

  it('shows in each pane what Telegram would', async () => {
    const reporter = await texts(page, 'reporter');
    expect(
      reporter.some((t) => t.startsWith('Citra (Anda)Diteruskan dari Kabar Kilat (contoh) (@kabar_kilat_contoh)')),
    ).toBe(true);
    const group = await page.evaluate(() => {
      const cards = [...document.querySelectorAll('[data-pane="group"] .msg')].filter((m) =>
        /^\S+ #K1 ·/.test(m.querySelector('.text')?.textContent ?? ''),
      );
      const card = cards[0]!;
      return {
        count: cards.length,
        text: card.querySelector('.text')?.textContent ?? '',
        bold: [...card.querySelectorAll('.text strong')].map((b) => b.textContent),
        links: [...card.querySelectorAll('.text a.link')].map((a) => a.getAttribute('href')),
        buttons: [...card.querySelectorAll('.kb-button')].map((b) => b.textContent),
        meta: card.querySelector('.meta')?.textContent ?? '',
        evidenceQuotesCard: [...document.querySelectorAll('[data-pane="group"] .msg .quote-text')].some((q) =>
          /#K1/.test(q.textContent ?? ''),
        ),
        injected: document.querySelectorAll('.text b, .text img').length + ((window as { __xss?: number }).__xss ?? 0),
      };
    });
    expect(group.count).toBe(1); // edited in place, not sent again
    expect(group.text).toContain('Ajakan <b>kekerasan</b> <img src=x'); // the reporter's words, as characters
    expect(group.injected).toBe(0);
    expect(group.bold.length).toBeGreaterThan(0); // the card's own formatting, from entities
    expect(group.links).toContain('https://t.me/kabar_kilat_contoh/101');
    expect(group.buttons).toEqual([]); // decided: no buttons (reopening is the admins' /bukakembali)
    expect(group.meta).toMatch(/^diedit · /);
    expect(group.evidenceQuotesCard).toBe(true); // the forwarded post copied under the card, as a reply
    const admin = await texts(page, 'admin');
    expect(admin.some((t) => t.includes('https://t.me/saluran_playground_bot?start='))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('expires a form left for a day by the fast-forwarded clock: the next post starts afresh', async () => {
    await page.select('[data-pane="reporter"] .forward-source', 'public:102');
    await page.click('[data-pane="reporter"] .forward');
    await seenMore(page, 'reporter', /Target laporan/, 1);
    await page.click('[data-advance="86400000"]');
    await page.waitForFunction(() => /\+1 hr/.test(document.getElementById('ahead')?.textContent ?? ''), WAIT);
    await page.select('[data-pane="reporter"] .forward-source', 'public:103');
    await page.click('[data-pane="reporter"] .forward');
    await seenMore(page, 'reporter', /Target laporan/, 2); // a new form, not the old one asking its question again
    expect(await count(page, 'reporter', /kabar_kilat_contoh\/103/)).toBeGreaterThan(0);
    // The first form's messages are still in the pane (their buttons too): each step waits for this form's
    // own new prompt, so a press never lands on the old form's button while the new one is on its way.
    const described = await count(page, 'reporter', /Jelaskan/);
    await press(page, 'reporter', 'Terorisme');
    await seenMore(page, 'reporter', /Jelaskan/, described);
    const evidence = await count(page, 'reporter', /[Tt]ekan Selesai/);
    await typeIn(page, 'reporter', 'Ajakan angkat senjata di kanal publik');
    await seenMore(page, 'reporter', /[Tt]ekan Selesai/, evidence);
    const summaries = await count(page, 'reporter', /Ringkasan laporan/);
    await press(page, 'reporter', 'Selesai');
    await seenMore(page, 'reporter', /Ringkasan laporan/, summaries);
    await press(page, 'reporter', '✅ Kirim');
    await seen(page, 'group', /#K2 ·/);
  });

  it('opens a card link (Buka kartunya) by scrolling to the card in the group pane', async () => {
    await page.click('[data-advance="86400000"]');
    await seen(page, 'admin', /#K2 melewati tenggat.*Buka kartunya/);
    await page.evaluate(() => (document.querySelector('[data-pane="group"] .messages')!.scrollTop = 0));
    await page.evaluate(() =>
      [...document.querySelectorAll<HTMLAnchorElement>('[data-pane="admin"] a.link')]
        .filter((a) => a.textContent === 'Buka kartunya')
        .at(-1)!
        .click(),
    );
    const shown = await page.evaluate(() => {
      const box = document.querySelector('[data-pane="group"] .messages')!.getBoundingClientRect();
      const hl = document.querySelector('[data-pane="group"] .msg.highlight');
      const r = hl?.getBoundingClientRect();
      return {
        text: hl?.querySelector('.text')?.textContent ?? '',
        inView: !!r && r.top < box.bottom && r.bottom > box.top,
        toast: document.getElementById('toast')!.hidden ? '' : document.getElementById('toast')!.textContent,
      };
    });
    expect(shown.text).toMatch(/^\S+ #K2 ·/);
    expect(shown.inView).toBe(true);
    expect(shown.toast).not.toMatch(/Luring/);
  });

  it('shows a show_alert answer over its pane, blocking neither the other panes nor what is typed', async () => {
    await page.evaluate(() => {
      const w = window as unknown as { alert: (m?: string) => void; __alerts: number };
      w.__alerts = 0;
      w.alert = () => void w.__alerts++;
    });
    await press(page, 'group', 'Ambil'); // Dewi claims #K2
    await seen(page, 'group', /#K2 ·[\s\S]*Dewi/);
    await page.select('[data-pane="group"] .who', '3002'); // Eko presses Ambil on it: asked with an alert
    await press(page, 'group', 'Ambil');
    await page.waitForFunction(
      () => !(document.querySelector('[data-pane="group"] .pane-alert') as HTMLElement).hidden,
      WAIT,
    );
    expect(
      await page.evaluate(() => document.querySelector('[data-pane="group"] .pane-alert-text')?.textContent),
    ).toMatch(/Dewi/);
    await page.type('[data-pane="group"] .input', 'catatan');
    const before = await count(page, 'admin', /\/staff/);
    await typeIn(page, 'admin', '/staff'); // a real click on another pane's Send, while the alert shows
    await seenMore(page, 'admin', /\/staff/, before);
    expect(
      await page.evaluate(() => (document.querySelector('[data-pane="group"] .input') as HTMLInputElement).value),
    ).toBe('catatan');
    await page.click('[data-pane="group"] .pane-alert-ok');
    expect(
      await page.evaluate(() => (document.querySelector('[data-pane="group"] .pane-alert') as HTMLElement).hidden),
    ).toBe(true);
    await page.evaluate(() => ((document.querySelector('[data-pane="group"] .input') as HTMLInputElement).value = ''));
    expect(await page.evaluate(() => (window as unknown as { __alerts: number }).__alerts)).toBe(0);
    await press(page, 'group', '« Batal'); // Eko leaves #K2 to Dewi, whose pane it is again
    await page.select('[data-pane="group"] .who', '3001');
  });

  it('keeps the admin pane scrolled to the newest message after a chart arrives', async () => {
    for (const cmd of ['/stats', '/stats 30d']) {
      const charts = await page.evaluate(() => document.querySelectorAll('[data-pane="admin"] .msg img.photo').length);
      await page.evaluate(
        (c: string) =>
          [...document.querySelectorAll<HTMLButtonElement>('[data-pane="admin"] .chip')]
            .find((b) => b.textContent === c)!
            .click(),
        cmd,
      );
      await page.waitForFunction(
        (n: number) => document.querySelectorAll('[data-pane="admin"] .msg img.photo').length > n,
        WAIT,
        charts,
      );
    }
    const before = await count(page, 'admin', /Kode undangan|start=/);
    await page.evaluate(() =>
      [...document.querySelectorAll<HTMLButtonElement>('[data-pane="admin"] .chip')]
        .find((b) => b.textContent === '/invite')!
        .click(),
    );
    await seenMore(page, 'admin', /start=/, before);
    await page.waitForFunction(
      () => [...document.querySelectorAll<HTMLImageElement>('[data-pane="admin"] img.photo')].every((i) => i.complete),
      WAIT,
    );
    // Followed to the newest message once the pictures have their size (waiting on it, not on a timer).
    await page.waitForFunction(() => {
      const box = document.querySelector('[data-pane="admin"] .messages')!;
      return box.scrollHeight - box.scrollTop - box.clientHeight < 40;
    }, WAIT);
    const overflows = await page.evaluate(() => {
      const box = document.querySelector('[data-pane="admin"] .messages')!;
      return box.scrollHeight > box.clientHeight + 100;
    });
    expect(overflows).toBe(true);
  });

  it('after a reload keeps the invited reporter and re-arms no answered question; Mulai ulang drops the reply bar', async () => {
    // Dewi asks Citra for more, by replying to the bot's prompt; Citra answers by replying to the question.
    await press(page, 'group', 'Minta keterangan');
    await seen(page, 'group', /balas \(reply\) pesan ini/);
    await page.waitForFunction(
      () => !(document.querySelector('[data-pane="group"] .replying') as HTMLElement).hidden,
      WAIT,
    );
    await typeIn(page, 'group', 'Mohon kirim tangkapan layar postingannya');
    await seen(page, 'reporter', /meminta keterangan tambahan/);
    await page.waitForFunction(
      () => !(document.querySelector('[data-pane="reporter"] .replying') as HTMLElement).hidden,
      WAIT,
    );
    await typeIn(page, 'reporter', 'Postingannya sudah dihapus oleh admin kanal');
    await seen(page, 'group', /Postingannya sudah dihapus/);

    await page.reload();
    await seen(page, 'group', /Postingannya sudah dihapus/);
    expect(await whoIn(page, 'reporter')).toBe('Citra');
    expect(await replying(page, 'reporter')).toBe(false);
    expect(await replying(page, 'group')).toBe(false);

    // A reply being written when the world starts over would point at a message that is gone.
    await page.evaluate(() =>
      [...document.querySelectorAll<HTMLButtonElement>('[data-pane="admin"] .reply-btn')].at(-1)!.click(),
    );
    expect(await replying(page, 'admin')).toBe(true);
    await page.click('#reset');
    await page.waitForFunction(
      () =>
        (document.querySelector('[data-pane="reporter"] .who') as HTMLSelectElement).selectedOptions[0]?.textContent ===
        'Budi',
      WAIT,
    );
    expect(await replying(page, 'admin')).toBe(false);
    expect(errors).toEqual([]);
  });

  it('switches the page to English', async () => {
    await page.select('#lang', 'en');
    const titles = await page.evaluate(() => [...document.querySelectorAll('.pane-title')].map((h) => h.textContent));
    expect(titles).toEqual(['Reporter (private chat)', 'Moderator group', 'Admin (private chat)']);
    expect(await page.evaluate(() => document.getElementById('offline')?.textContent)).toMatch(/^Offline/);
  });
});
