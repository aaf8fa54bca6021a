/**
 * The /stats chart: cases received and taken down per day as bars, deadline compliance (%) as a
 * line on a right-hand axis. Rendered with @napi-rs/canvas (Skia, prebuilt) and DejaVu Sans from
 * the dejavu-fonts-ttf package, registered under a private family name so that no system font is
 * ever used: the same PNG on any machine, with no browser and no network.
 *
 * Long ranges are aggregated so bars stay readable: up to 62 days one bar per day, up to 62 weeks
 * one per 7 days (counted from the first day), beyond that one per calendar month.
 *
 * One look whatever the range: the same header, axes and markers for one day as for two years.
 * The title is wrapped (and if need be set smaller), never cut; both value axes carry a title
 * (counts on the left, % on the right); every compliance point is a dot with a white ring, so a
 * 0 % point on the bottom axis stays visible. Numbers and month names follow `labels.locale`.
 *
 * Drawn for a phone first: Telegram shows a photo about 360 px wide in a chat, so the canvas is
 * 720 px wide (halved on a phone) and every text is at least 22 px here (11 px there; the test
 * downscales the PNG and measures); few ticks (4 counts, 0/50/100 %); the legend above the plot,
 * wrapped onto as many lines as it needs.
 *
 * Given the decisions per bucket of time to decision (0–1 h … > 24 h, domain/sla.ts), a strip
 * under the plot shows them as five bars with their counts; the canvas grows by its height.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { GlobalFonts, createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { formatCompact } from '../domain/numbers.js';

/** One day of the series (a subset of stats' DayStats). */
export interface ChartDay {
  day: string;
  received: number;
  takenDown: number;
  decided: number;
  metDeadline: number;
}

export interface ChartLabels {
  title: string;
  received: string;
  takenDown: string;
  compliance: string;
  /** Subtitle naming the bucket size, e.g. "per hari" (optional). */
  perDay?: string;
  perWeek?: string;
  perMonth?: string;
  /** Shown in the plot when there is no day at all. */
  noData?: string;
  /** Title of the left (count) axis, e.g. "Jumlah kasus". */
  countAxis?: string;
  /** Title of the right (percentage) axis, e.g. "Tepat tenggat (%)". */
  pctAxis?: string;
  /** BCP 47 locale for tick numbers ("2,5 rb") and month names (default 'id'). */
  locale?: string;
  /** The strip of time-to-decision buckets: its title and the five bucket names (0–1 h … > 24 h). */
  timeBuckets?: { title: string; names: readonly string[] };
}

/** A piece of text the chart drew, for tests (`ChartOptions.trace`). */
export interface DrawnText {
  text: string;
  /** Bounding box on the canvas (rotated text: the rotated box). */
  left: number;
  top: number;
  right: number;
  bottom: number;
  px: number;
  role: 'title' | 'legend' | 'tick' | 'axis-title' | 'x-label' | 'no-data' | 'bucket';
}

export interface ChartOptions {
  width?: number;
  height?: number;
  /** Collects every text drawn, with its box (for tests: nothing is cut off or off the canvas). */
  trace?: DrawnText[];
  /** Collects the centres of the compliance dots (for tests). */
  dots?: Array<{ x: number; y: number; pct: number }>;
}

export type Bucketing = 'day' | 'week' | 'month';

export interface Bucket {
  /** First day of the bucket, 'YYYY-MM-DD'. */
  start: string;
  received: number;
  takenDown: number;
  decided: number;
  metDeadline: number;
}

const FAMILY = 'SaluranDejaVuSans';
let fontsReady = false;

/** Registers the bundled DejaVu Sans (regular and bold) once per thread. */
function ensureFonts(): void {
  if (fontsReady) return;
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  for (const file of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) {
    if (!GlobalFonts.registerFromPath(path.join(dir, file), FAMILY)) throw new Error(`could not register font ${file}`);
  }
  fontsReady = true;
}

/** Groups days into buckets small enough to draw (see the module comment). */
export function bucketize(series: readonly ChartDay[]): { by: Bucketing; buckets: Bucket[] } {
  const by: Bucketing = series.length <= 62 ? 'day' : series.length <= 62 * 7 ? 'week' : 'month';
  const buckets: Bucket[] = [];
  series.forEach((d, i) => {
    const key = by === 'day' ? i : by === 'week' ? Math.floor(i / 7) : d.day.slice(0, 7);
    const last = buckets.at(-1);
    const sameBucket =
      last !== undefined && (by === 'month' ? last.start.slice(0, 7) === key : by === 'week' ? i % 7 !== 0 : false);
    if (!sameBucket) buckets.push({ start: d.day, received: 0, takenDown: 0, decided: 0, metDeadline: 0 });
    const b = buckets.at(-1)!;
    b.received += d.received;
    b.takenDown += d.takenDown;
    b.decided += d.decided;
    b.metDeadline += d.metDeadline;
  });
  return { by, buckets };
}

/** A "nice" axis maximum and step for counts (1, 2, 2.5, 5 × 10^n). */
export function niceAxis(max: number, ticks = 5): { max: number; step: number } {
  if (max <= 0) return { max: ticks, step: 1 };
  const raw = max / ticks;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step =
    [1, 2, 2.5, 5, 10].map((m) => m * pow).find((s) => s >= raw && (s >= 1 || s === Math.round(s))) ?? 10 * pow;
  const whole = Math.max(1, Math.ceil(step));
  return { max: Math.ceil(max / whole) * whole, step: whole };
}

const COLORS = {
  received: '#4C78A8',
  takenDown: '#F58518',
  compliance: '#2CA02C',
  text: '#222222',
  muted: '#666666',
  grid: '#E3E3E3',
  axis: '#999999',
  background: '#FFFFFF',
  late: '#D62728',
};

const PAD = 24;
/** Default size: phone first (see the module comment), a little taller than wide. */
export const CHART_WIDTH = 720;
export const CHART_HEIGHT = 840;
/** Text sizes on the default canvas: half of each on a 360 px wide phone screen. */
const TITLE_PX = [34, 30, 28] as const;
const LEGEND_PX = 26;
const X_LABEL_PX = 26;
const NO_DATA_PX = 30;
const font = (px: number, bold = false) => `${bold ? 'bold ' : ''}${px}px ${FAMILY}`;

/** Share of a bucket's decisions within deadline, 0–100. */
const compliance = (b: Bucket) => Math.min(100, Math.max(0, (b.metDeadline * 100) / b.decided));

/** The drawing context plus what every step needs: the canvas size, the locale, the trace. */
interface Pen {
  g: SKRSContext2D;
  W: number;
  H: number;
  locale: string;
  trace?: DrawnText[];
}

/** Draws text and records its box; `rotate` turns it by ±90° around (x, y) (vertical axis titles). */
function text(
  pen: Pen,
  s: string,
  x: number,
  y: number,
  px: number,
  role: DrawnText['role'],
  opts: { align?: CanvasTextAlign; bold?: boolean; rotate?: number } = {},
): void {
  const { g } = pen;
  g.font = font(px, opts.bold);
  g.textAlign = opts.align ?? 'left';
  g.textBaseline = 'middle';
  const width = g.measureText(s).width;
  const x0 = opts.align === 'center' ? -width / 2 : opts.align === 'right' ? -width : 0;
  g.save();
  g.translate(x, y);
  if (opts.rotate) g.rotate(opts.rotate);
  g.fillText(s, 0, 0);
  g.restore();
  // Box of [x0, x0 + width] × [-px/2, px/2] around (x, y), turned by the rotation.
  const box = opts.rotate
    ? { left: x - px / 2, right: x + px / 2, top: y - (x0 + width), bottom: y - x0 }
    : { left: x + x0, right: x + x0 + width, top: y - px / 2, bottom: y + px / 2 };
  if (opts.rotate && opts.rotate > 0) [box.top, box.bottom] = [y + x0, y + x0 + width];
  pen.trace?.push({ text: s, ...box, px, role });
}

/** Splits text into lines no wider than `width` at spaces (a single over-long word gets its own line). */
function wrap(g: SKRSContext2D, s: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && g.measureText(next).width > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** The title's size and lines: the largest size that fits in two lines, else the smallest wrapped as needed. */
export function titleLayout(g: SKRSContext2D, title: string, width: number): { px: number; lines: string[] } {
  for (const px of TITLE_PX) {
    g.font = font(px, true);
    const lines = wrap(g, title, width);
    if (lines.length <= 3 && lines.every((l) => g.measureText(l).width <= width)) return { px, lines };
  }
  const px = TITLE_PX[2];
  g.font = font(px, true);
  // Last resort for a word wider than the canvas: break it by characters, never drop any.
  return { px, lines: wrap(g, title, width).flatMap((l) => breakWord(g, l, width)) };
}

function breakWord(g: SKRSContext2D, line: string, width: number): string[] {
  if (g.measureText(line).width <= width) return [line];
  const out: string[] = [];
  let cur = '';
  for (const ch of Array.from(line)) {
    if (cur && g.measureText(cur + ch).width > width) {
      out.push(cur);
      cur = '';
    }
    cur += ch;
  }
  return cur ? [...out, cur] : out;
}

/**
 * The title (wrapped), then the bucket size and a legend entry per series, flowing onto a new
 * line where the next would not fit; returns the y below them.
 */
function drawHeader(pen: Pen, labels: ChartLabels, by: Bucketing): number {
  const { g, W } = pen;
  g.fillStyle = COLORS.text;
  const title = titleLayout(g, labels.title, W - 2 * PAD);
  let y = PAD;
  for (const line of title.lines) {
    const lineHeight = Math.round(title.px * 1.3);
    text(pen, line, PAD, y + lineHeight / 2, title.px, 'title', { bold: true });
    y += lineHeight;
  }
  const rowHeight = Math.round(LEGEND_PX * 1.5);
  const swatch = Math.round(LEGEND_PX * 1.1);
  let legendY = y + 10 + rowHeight / 2;
  let x = PAD;
  g.font = font(LEGEND_PX);
  /** Starts a new legend line unless an entry this wide fits on the current one. */
  const place = (width: number) => {
    if (x > PAD && x + width > W - PAD) {
      x = PAD;
      legendY += rowHeight;
    }
  };
  const subtitle = by === 'day' ? labels.perDay : by === 'week' ? labels.perWeek : labels.perMonth;
  if (subtitle) {
    place(g.measureText(subtitle).width);
    g.fillStyle = COLORS.muted;
    text(pen, subtitle, x, legendY, LEGEND_PX, 'legend');
    x += g.measureText(subtitle).width + LEGEND_PX;
  }
  const legendItem = (label: string, color: string, line: boolean) => {
    g.font = font(LEGEND_PX);
    place(swatch + 10 + g.measureText(label).width);
    g.fillStyle = color;
    g.strokeStyle = color;
    if (line) {
      g.lineWidth = 4;
      g.beginPath();
      g.moveTo(x, legendY);
      g.lineTo(x + swatch, legendY);
      g.stroke();
      dot(g, x + swatch / 2, legendY, 7);
    } else g.fillRect(x + 2, legendY - swatch / 2 + 2, swatch - 4, swatch - 4);
    g.fillStyle = COLORS.text;
    text(pen, label, x + swatch + 10, legendY, LEGEND_PX, 'legend');
    x += swatch + 10 + g.measureText(label).width + LEGEND_PX;
  };
  legendItem(labels.received, COLORS.received, false);
  legendItem(labels.takenDown, COLORS.takenDown, false);
  legendItem(labels.compliance, COLORS.compliance, true);
  return legendY + rowHeight / 2;
}

/** Where the plot sits on the canvas and how values map to it. */
interface Plot {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
  /** The count axis (left) and the y of a count and of a percentage. */
  axis: { max: number; step: number };
  yCount: (v: number) => number;
  yPct: (p: number) => number;
  count: (v: number) => string;
}

const AXIS_TITLE_PX = 24;
const TICK_PX = 26;
/** Count ticks wanted on the left axis (niceAxis may give one or two more or fewer). */
const COUNT_TICKS = 4;

/** Room for the tick labels and the rotated axis titles on both sides, then the plot in between. */
function plotArea(pen: Pen, top: number, buckets: readonly Bucket[], labels: ChartLabels): Plot {
  const { g, W, H } = pen;
  const axis = niceAxis(
    buckets.reduce((m, b) => Math.max(m, b.received, b.takenDown), 0),
    COUNT_TICKS,
  );
  const count = (v: number) => formatCompact(v, pen.locale);
  g.font = font(TICK_PX);
  let widest = 0;
  for (let v = 0; v <= axis.max + 1e-9; v += axis.step) widest = Math.max(widest, g.measureText(count(v)).width);
  const pctWidth = g.measureText('100%').width;
  const titleRoom = (s: string | undefined) => (s ? AXIS_TITLE_PX + 10 : 0);
  const left = Math.ceil(PAD / 2 + titleRoom(labels.countAxis) + widest + 10);
  const right = Math.floor(W - PAD / 2 - titleRoom(labels.pctAxis) - pctWidth - 10);
  const bottom = H - Math.round(X_LABEL_PX * 2.2);
  const height = bottom - top;
  return {
    left,
    right,
    top,
    bottom,
    width: right - left,
    height,
    axis,
    count,
    yCount: (v) => bottom - (v / axis.max) * height,
    yPct: (p) => bottom - (p / 100) * height,
  };
}

/** Grid lines with counts on the left and percentages on the right, the axis titles, and the frame. */
function drawAxes(pen: Pen, p: Plot, labels: ChartLabels): void {
  const { g, W } = pen;
  g.lineWidth = 1;
  for (let v = 0; v <= p.axis.max + 1e-9; v += p.axis.step) {
    const y = Math.round(p.yCount(v)) + 0.5;
    g.strokeStyle = COLORS.grid;
    g.beginPath();
    g.moveTo(p.left, y);
    g.lineTo(p.right, y);
    g.stroke();
    g.fillStyle = COLORS.muted;
    text(pen, p.count(v), p.left - 8, y, TICK_PX, 'tick', { align: 'right' });
  }
  g.fillStyle = COLORS.compliance;
  for (let pc = 0; pc <= 100; pc += 50) text(pen, `${pc}%`, p.right + 8, Math.round(p.yPct(pc)) + 0.5, TICK_PX, 'tick');
  const middle = p.top + p.height / 2;
  if (labels.countAxis) {
    g.fillStyle = COLORS.muted;
    text(pen, labels.countAxis, PAD / 2 + AXIS_TITLE_PX / 2, middle, AXIS_TITLE_PX, 'axis-title', {
      align: 'center',
      rotate: -Math.PI / 2,
    });
  }
  if (labels.pctAxis) {
    g.fillStyle = COLORS.compliance;
    text(pen, labels.pctAxis, W - PAD / 2 - AXIS_TITLE_PX / 2, middle, AXIS_TITLE_PX, 'axis-title', {
      align: 'center',
      rotate: Math.PI / 2,
    });
  }
  g.strokeStyle = COLORS.axis;
  g.beginPath();
  g.moveTo(p.left + 0.5, p.top);
  g.lineTo(p.left + 0.5, p.bottom + 0.5);
  g.lineTo(p.right + 0.5, p.bottom + 0.5);
  g.lineTo(p.right + 0.5, p.top);
  g.stroke();
}

/** Received and taken down side by side in each bucket (at most 28 px each, for one day as for many). */
function drawBars(g: SKRSContext2D, p: Plot, buckets: readonly Bucket[], slot: number): void {
  const barW = Math.max(1, Math.min(28, (slot * 0.8) / 2));
  buckets.forEach((b, i) => {
    const cx = p.left + slot * (i + 0.5);
    g.fillStyle = COLORS.received;
    g.fillRect(cx - barW, p.yCount(b.received), barW, p.bottom - p.yCount(b.received));
    g.fillStyle = COLORS.takenDown;
    g.fillRect(cx, p.yCount(b.takenDown), barW, p.bottom - p.yCount(b.takenDown));
  });
}

/** A compliance marker: a filled dot with a white ring, visible on a bar, a grid line or the axis. */
function dot(g: SKRSContext2D, x: number, y: number, r: number): void {
  g.beginPath();
  g.arc(x, y, r, 0, Math.PI * 2);
  g.fillStyle = COLORS.compliance;
  g.fill();
  // A thinner ring on crowded charts, where a thick one would break the line into dashes.
  g.lineWidth = r > 3 ? 1.5 : 0.75;
  g.strokeStyle = COLORS.background;
  g.stroke();
}

/** The compliance line, broken where a bucket had no decisions, with a dot on every point. */
function drawCompliance(
  g: SKRSContext2D,
  p: Plot,
  buckets: readonly Bucket[],
  slot: number,
  dots?: ChartOptions['dots'],
): void {
  g.strokeStyle = COLORS.compliance;
  // Twice the desktop weights: the phone shows the chart at half size.
  g.lineWidth = 4;
  g.lineJoin = 'round';
  let drawing = false;
  g.beginPath();
  const points: Array<{ x: number; y: number; pct: number }> = [];
  buckets.forEach((b, i) => {
    if (b.decided === 0) return void (drawing = false);
    const pt = { x: p.left + slot * (i + 0.5), y: p.yPct(compliance(b)), pct: compliance(b) };
    if (drawing) g.lineTo(pt.x, pt.y);
    else g.moveTo(pt.x, pt.y);
    drawing = true;
    points.push(pt);
  });
  g.stroke();
  const r = Math.max(3.5, Math.min(9, slot / 4));
  for (const pt of points) dot(g, pt.x, pt.y, r);
  dots?.push(...points);
}

/** A bucket's label: "23/11" for days and weeks ("23/11/25" across years), "Nov 2025" for months. */
function bucketLabeler(buckets: readonly Bucket[], by: Bucketing, locale: string): (start: string) => string {
  const withYear = buckets[0]!.start.slice(0, 4) !== buckets.at(-1)!.start.slice(0, 4);
  const month = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  return (start) => {
    const [y, m, d] = start.split('-');
    if (by === 'month') return month.format(Date.UTC(Number(y), Number(m) - 1, 1));
    return withYear ? `${d}/${m}/${y!.slice(2)}` : `${d}/${m}`;
  };
}

/** Bucket labels under the plot: as many as fit without overlapping. */
function drawXLabels(pen: Pen, p: Plot, buckets: readonly Bucket[], slot: number, by: Bucketing): void {
  const { g } = pen;
  g.fillStyle = COLORS.muted;
  g.font = font(X_LABEL_PX);
  const label = bucketLabeler(buckets, by, pen.locale);
  const widest = buckets.reduce((w, b) => Math.max(w, g.measureText(label(b.start)).width), 0);
  const every = Math.max(1, Math.ceil((widest + X_LABEL_PX) / slot));
  buckets.forEach((b, i) => {
    if (i % every === 0)
      text(pen, label(b.start), p.left + slot * (i + 0.5), p.bottom + X_LABEL_PX, X_LABEL_PX, 'x-label', {
        align: 'center',
      });
  });
}

/** Height of the strip of time-to-decision buckets under the plot. */
export const BUCKET_STRIP = 200;
const STRIP_PX = 26;

/** The strip under the plot (from y = top): a bar per bucket of time to decision, its count above and its name below. */
function drawTimeBuckets(
  pen: Pen,
  top: number,
  counts: readonly number[],
  strip: { title: string; names: readonly string[] },
) {
  const { g, W } = pen;
  g.strokeStyle = COLORS.grid;
  g.beginPath();
  g.moveTo(PAD, top + 0.5);
  g.lineTo(W - PAD, top + 0.5);
  g.stroke();
  g.fillStyle = COLORS.text;
  text(pen, strip.title, PAD, top + 28, STRIP_PX, 'bucket', { bold: true });
  const max = Math.max(1, ...counts);
  const slot = (W - 2 * PAD) / counts.length;
  const barBottom = top + 150;
  const barHeight = 60;
  counts.forEach((n, i) => {
    const x = PAD + slot * i;
    const h = Math.max(n > 0 ? 3 : 0, Math.round((n / max) * barHeight));
    // Over 24 h is past every deadline (urgent 4 h, normal 24 h): drawn in the alarm colour.
    g.fillStyle = i === counts.length - 1 ? COLORS.late : COLORS.received;
    g.fillRect(Math.round(x + slot * 0.2), barBottom - h, Math.round(slot * 0.6), h);
    g.fillStyle = COLORS.text;
    text(pen, formatCompact(n, pen.locale), x + slot / 2, barBottom - h - 18, STRIP_PX, 'bucket', { align: 'center' });
    g.fillStyle = COLORS.muted;
    text(pen, strip.names[i] ?? '', x + slot / 2, barBottom + 24, STRIP_PX, 'bucket', { align: 'center' });
  });
}

/** Renders the chart as a PNG (default 720×840: phone first, see the module comment; BUCKET_STRIP more with `timeBuckets`). */
export function renderChart(
  series: readonly ChartDay[],
  labels: ChartLabels,
  opts: ChartOptions = {},
  timeBuckets?: readonly number[],
): Buffer {
  ensureFonts();
  const W = opts.width ?? CHART_WIDTH;
  const H = opts.height ?? CHART_HEIGHT;
  const strip = timeBuckets && labels.timeBuckets ? { counts: timeBuckets, ...labels.timeBuckets } : null;
  const canvas = createCanvas(W, H + (strip ? BUCKET_STRIP : 0));
  const pen: Pen = { g: canvas.getContext('2d'), W, H, locale: labels.locale ?? 'id', trace: opts.trace };
  pen.g.fillStyle = COLORS.background;
  pen.g.fillRect(0, 0, W, H + (strip ? BUCKET_STRIP : 0));
  if (strip) drawTimeBuckets(pen, H, strip.counts, strip);

  const { by, buckets } = bucketize(series);
  const below = drawHeader(pen, labels, by);
  const plot = plotArea(pen, below + 8, buckets, labels);
  drawAxes(pen, plot, labels);
  if (buckets.length === 0) {
    pen.g.fillStyle = COLORS.muted;
    text(pen, labels.noData ?? '—', plot.left + plot.width / 2, plot.top + plot.height / 2, NO_DATA_PX, 'no-data', {
      align: 'center',
    });
    return canvas.toBuffer('image/png');
  }
  const slot = plot.width / buckets.length;
  drawBars(pen.g, plot, buckets, slot);
  drawCompliance(pen.g, plot, buckets, slot, opts.dots);
  drawXLabels(pen, plot, buckets, slot, by);
  return canvas.toBuffer('image/png');
}
