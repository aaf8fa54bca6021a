/** The /stats chart: a deterministic PNG of the requested size, day/week/month buckets, and readable axis steps. */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { bucketize, niceAxis, renderChart, type ChartDay, type DrawnText } from '../../src/services/chart.js';

const LABELS = {
  title: 'Saluran — 2026-01-01..2026-03-31',
  received: 'Diterima',
  takenDown: 'Diturunkan',
  compliance: 'Tepat tenggat (%)',
  perDay: 'per hari',
  perWeek: 'per 7 hari',
  perMonth: 'per bulan',
  noData: 'Belum ada data',
  countAxis: 'Jumlah kasus',
  pctAxis: '% diputuskan sebelum tenggat',
  locale: 'id',
};
const LONG_TITLE =
  'Saluran — kasus diterima & diturunkan, semua data (sampai Minggu, 22 November 2026) — Direktorat Pengendalian Aplikasi Informatika';

function days(n: number, start = Date.UTC(2025, 0, 1)): ChartDay[] {
  return Array.from({ length: n }, (_, i) => ({
    day: new Date(start + i * 86_400_000).toISOString().slice(0, 10),
    received: 50 + (i % 17) * 3,
    takenDown: 30 + (i % 11),
    decided: i % 9 === 4 ? 0 : 40,
    metDeadline: i % 9 === 4 ? 0 : 30 + (i % 10),
  }));
}

/** Width and height from the IHDR chunk, after checking the PNG signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('renderChart', () => {
  it.each([0, 1, 30, 200, 730, 3650])('renders %i days as a 720×840 PNG (phone first)', (n) => {
    const png = renderChart(days(n), LABELS);
    expect(pngSize(png)).toEqual({ width: 720, height: 840 });
    expect(png.subarray(-8, -4).toString('ascii')).toBe('IEND');
  });

  it('honours a custom size', () => {
    expect(pngSize(renderChart(days(7), LABELS, { width: 640, height: 360 }))).toEqual({ width: 640, height: 360 });
  });

  it('is deterministic (bundled font, no system fonts)', () => {
    expect(renderChart(days(45), LABELS).equals(renderChart(days(45), LABELS))).toBe(true);
  });
});

/** Renders with a trace of every text and dot drawn. */
function traced(series: ChartDay[], labels = LABELS, size?: { width: number; height: number }) {
  const trace: DrawnText[] = [];
  const dots: Array<{ x: number; y: number; pct: number }> = [];
  const png = renderChart(series, labels, { ...size, trace, dots });
  return { png, trace, dots };
}

/** The RGBA of one pixel of a PNG. */
async function pixel(png: Buffer, x: number, y: number): Promise<number[]> {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const g = canvas.getContext('2d');
  g.drawImage(img, 0, 0);
  return [...g.getImageData(Math.round(x), Math.round(y), 1, 1).data];
}

describe('renderChart: what a reader sees', () => {
  it.each([
    ['a short title', LABELS.title, 1000],
    ['a long title', LONG_TITLE, 1000],
    ['a long title on a small chart', LONG_TITLE, 480],
  ])('%s is drawn whole, inside the canvas', (_what, title, width) => {
    const { trace } = traced(days(30), { ...LABELS, title }, { width, height: 400 });
    const lines = trace.filter((t) => t.role === 'title');
    expect(lines.map((l) => l.text).join(' ')).toBe(title);
    for (const l of lines) {
      expect(l.left).toBeGreaterThanOrEqual(0);
      expect(l.right).toBeLessThanOrEqual(width);
      expect(l.text).not.toContain('…');
    }
  });

  it('labels both value axes (counts and %), inside the canvas, beside the plot', () => {
    const { trace } = traced(days(30));
    const titles = trace.filter((t) => t.role === 'axis-title');
    expect(titles.map((t) => t.text)).toEqual(['Jumlah kasus', '% diputuskan sebelum tenggat']);
    for (const t of trace) {
      expect(t.left).toBeGreaterThanOrEqual(0);
      expect(t.right).toBeLessThanOrEqual(720);
      expect(t.top).toBeGreaterThanOrEqual(0);
      expect(t.bottom).toBeLessThanOrEqual(840);
    }
    // The vertical titles do not run into the tick labels.
    const ticks = trace.filter((t) => t.role === 'tick');
    const [countTitle, pctTitle] = titles;
    expect(countTitle!.right).toBeLessThan(Math.min(...ticks.filter((t) => !t.text.endsWith('%')).map((t) => t.left)));
    expect(pctTitle!.left).toBeGreaterThan(Math.max(...ticks.filter((t) => t.text.endsWith('%')).map((t) => t.right)));
    expect(ticks.map((t) => t.text)).toEqual(expect.arrayContaining(['0%', '50%', '100%']));
  });

  it('shows a 0 % point as a green dot on the bottom axis', async () => {
    const { png, dots } = traced([{ day: '2026-11-22', received: 2, takenDown: 1, decided: 1, metDeadline: 0 }]);
    expect(dots).toHaveLength(1);
    expect(dots[0]!.pct).toBe(0);
    const [r, g, b] = await pixel(png, dots[0]!.x, dots[0]!.y);
    expect(g).toBeGreaterThan(120);
    expect(r).toBeLessThan(100);
    expect(b).toBeLessThan(100);
  });

  it('looks the same for one day and for two years: same fonts, axis titles and markers', () => {
    const one = traced([{ day: '2026-11-22', received: 2, takenDown: 1, decided: 1, metDeadline: 1 }]);
    const two = traced(days(730));
    const shape = (t: DrawnText[]) =>
      t
        .filter((x) => x.role !== 'x-label' && x.role !== 'tick')
        .map((x) => `${x.role}:${x.px}:${x.role === 'legend' && /^per /.test(x.text) ? 'per' : x.text}`);
    expect(shape(one.trace)).toEqual(shape(two.trace));
    expect(one.dots).toHaveLength(1);
    expect(two.dots.length).toBeGreaterThan(20);
    // Numbers and months in Indonesian.
    expect(two.trace.filter((t) => t.role === 'tick').map((t) => t.text.replace(/\s/g, ' '))).toContain('1 rb');
    expect(two.trace.filter((t) => t.role === 'x-label').map((t) => t.text)).toContain('Mei 2026');
  });
});

/** The PNG scaled to `width` px wide, as a phone shows it, with a way to read its pixels. */
async function downscaled(png: Buffer, width: number) {
  const img = await loadImage(png);
  const scale = width / img.width;
  const height = Math.round(img.height * scale);
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  g.imageSmoothingEnabled = true;
  g.imageSmoothingQuality = 'high';
  g.drawImage(img, 0, 0, width, height);
  const data = g.getImageData(0, 0, width, height).data;
  // Ink: clearly darker than the white background (text is #222, #666 or the green).
  const ink = (x: number, y: number) => Math.min(...data.subarray((y * width + x) * 4, (y * width + x) * 4 + 3)) < 170;
  return { scale, width, height, ink };
}

/** Rows (or, for vertical text, columns) of a drawn text's box that hold ink, on the downscaled image. */
function inkExtent(shot: Awaited<ReturnType<typeof downscaled>>, t: DrawnText, vertical: boolean): number {
  const s = shot.scale;
  const [x0, x1] = [Math.max(0, Math.floor(t.left * s)), Math.min(shot.width - 1, Math.ceil(t.right * s))];
  const [y0, y1] = [Math.max(0, Math.floor(t.top * s) - 2), Math.min(shot.height - 1, Math.ceil(t.bottom * s) + 2)];
  let first = -1;
  let last = -1;
  const outer = vertical ? [x0, x1] : [y0, y1];
  const inner = vertical ? [y0, y1] : [x0, x1];
  for (let a = outer[0]!; a <= outer[1]!; a++) {
    let hit = false;
    for (let b = inner[0]!; b <= inner[1]! && !hit; b++) hit = vertical ? shot.ink(a, b) : shot.ink(b, a);
    if (hit) {
      if (first < 0) first = a;
      last = a;
    }
  }
  return first < 0 ? 0 : last - first + 1;
}

describe('renderChart on a phone (the PNG downscaled to 360 px wide, as Telegram shows it)', () => {
  it.each([
    ['30 days', days(30), LABELS.title],
    ['two years, long title', days(730), LONG_TITLE],
  ])('%s: title, legend, ticks, axis titles and dates are at least 9 px tall; few ticks', async (_w, series, title) => {
    const { png, trace } = traced(series, { ...LABELS, title });
    const shot = await downscaled(png, 360);
    const heights = trace.map((t) => ({ role: t.role, text: t.text, px: inkExtent(shot, t, t.role === 'axis-title') }));
    for (const role of ['title', 'legend', 'tick', 'axis-title', 'x-label'] as const) {
      const drawn = heights.filter((h) => h.role === role);
      expect(drawn.length, role).toBeGreaterThan(0);
      for (const h of drawn) expect(h.px, `${role} "${h.text}" at 360 px`).toBeGreaterThanOrEqual(9);
    }
    // The title's ink is the tallest: about 14 px and more on the phone.
    expect(Math.min(...heights.filter((h) => h.role === 'title').map((h) => h.px))).toBeGreaterThanOrEqual(13);
    // Few ticks: at most 6 counts on the left, 0/50/100 % on the right.
    const ticks = trace.filter((t) => t.role === 'tick');
    expect(ticks.filter((t) => !t.text.endsWith('%')).length).toBeLessThanOrEqual(6);
    expect(ticks.filter((t) => t.text.endsWith('%')).map((t) => t.text)).toEqual(['0%', '50%', '100%']);
    // The legend sits above the plot, under the title; nothing leaves the canvas.
    const legendBottom = Math.max(...trace.filter((t) => t.role === 'legend').map((t) => t.bottom));
    const titleBottom = Math.max(...trace.filter((t) => t.role === 'title').map((t) => t.bottom));
    expect(Math.min(...trace.filter((t) => t.role === 'legend').map((t) => t.top))).toBeGreaterThanOrEqual(titleBottom);
    expect(legendBottom).toBeLessThanOrEqual(Math.min(...ticks.map((t) => t.top)));
    for (const t of trace) {
      expect(t.left, t.text).toBeGreaterThanOrEqual(0);
      expect(t.right, t.text).toBeLessThanOrEqual(720);
      expect(t.bottom, t.text).toBeLessThanOrEqual(840);
    }
  });
});

describe('bucketize', () => {
  it('keeps days up to 62, then weeks, then calendar months', () => {
    expect(bucketize(days(62)).by).toBe('day');
    const weeks = bucketize(days(100));
    expect(weeks.by).toBe('week');
    expect(weeks.buckets).toHaveLength(15);
    expect(weeks.buckets[1]!.start).toBe('2025-01-08');
    const months = bucketize(days(730));
    expect(months.by).toBe('month');
    expect(months.buckets).toHaveLength(24);
    expect(months.buckets[1]!.start).toBe('2025-02-01');
    // Sums are preserved.
    const all = days(730);
    expect(months.buckets.reduce((s, b) => s + b.received, 0)).toBe(all.reduce((s, d) => s + d.received, 0));
    expect(weeks.buckets.reduce((s, b) => s + b.metDeadline, 0)).toBe(days(100).reduce((s, d) => s + d.metDeadline, 0));
  });
});

describe('niceAxis', () => {
  it.each([
    [0, 5, 1],
    [3, 3, 1],
    [11_500, 12_500, 2500],
    [97, 100, 20],
    [1000, 1000, 200],
  ])('max %d → axis %d step %d', (max, axisMax, step) => {
    expect(niceAxis(max)).toEqual({ max: axisMax, step });
  });
});

describe('renderChart: the strip of time-to-decision buckets', () => {
  const strip = { title: 'Waktu sampai keputusan', names: ['0–1 jam', '1–4 jam', '4–8 jam', '8–24 jam', '> 24 jam'] };

  it('adds a strip under the plot with each bucket’s name and count, inside the canvas, readable on a phone', async () => {
    const trace: DrawnText[] = [];
    const png = renderChart(days(30), { ...LABELS, timeBuckets: strip }, { trace }, [4100, 3000, 0, 2500, 1000]);
    expect(pngSize(png)).toEqual({ width: 720, height: 1040 });
    const drawn = trace.filter((t) => t.role === 'bucket');
    expect(drawn.map((t) => t.text.replace(/\u00a0/g, ' '))).toEqual([
      'Waktu sampai keputusan',
      '4,1 rb',
      '0–1 jam',
      '3 rb',
      '1–4 jam',
      '0',
      '4–8 jam',
      '2,5 rb',
      '8–24 jam',
      '1 rb',
      '> 24 jam',
    ]);
    for (const t of drawn) {
      expect(t.top, t.text).toBeGreaterThan(840);
      expect(t.bottom, t.text).toBeLessThan(1040);
      expect(t.left, t.text).toBeGreaterThanOrEqual(0);
      expect(t.right, t.text).toBeLessThanOrEqual(720);
    }
    // Names side by side never overlap.
    const names = drawn.filter((t) => /jam$/.test(t.text));
    for (let i = 1; i < names.length; i++) expect(names[i]!.left).toBeGreaterThan(names[i - 1]!.right);
    // On a phone (360 px wide) every text of the strip is at least 9 px tall, like the rest of the chart.
    const shot = await downscaled(png, 360);
    for (const t of drawn) expect(inkExtent(shot, t, false), t.text).toBeGreaterThanOrEqual(9);
    // The first bucket's bar (the tallest) is drawn in the bar colour under its count; the last in red.
    const barX = (i: number) => 24 + ((720 - 48) / 5) * (i + 0.5);
    expect(await pixel(png, barX(0), 840 + 150 - 15)).toEqual([0x4c, 0x78, 0xa8, 255]);
    expect(await pixel(png, barX(4), 840 + 150 - 5)).toEqual([0xd6, 0x27, 0x28, 255]);
    expect(await pixel(png, barX(2), 840 + 150 - 15)).toEqual([255, 255, 255, 255]); // an empty bucket has no bar
  });

  it('is left out without its labels or its counts', () => {
    expect(pngSize(renderChart(days(3), LABELS, {}, [1, 2, 3, 4, 5]))).toEqual({ width: 720, height: 840 });
    expect(pngSize(renderChart(days(3), { ...LABELS, timeBuckets: strip }))).toEqual({ width: 720, height: 840 });
  });
});
