/**
 * The /stats chart: cases received and taken down per day as bars, deadline compliance (%) as a
 * line on a right-hand axis. Rendered with @napi-rs/canvas (Skia, prebuilt) and DejaVu Sans from
 * the dejavu-fonts-ttf package, registered under a private family name so that no system font is
 * ever used: the same PNG on any machine, with no browser and no network.
 *
 * Long ranges are aggregated so bars stay readable: up to 62 days one bar per day, up to 62 weeks
 * one per 7 days (counted from the first day), beyond that one per calendar month.
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
  /** The readers' language, for the numbers on the axis ("1,5 rb"); Indonesian by default. */
  locale?: string;
}

export interface ChartOptions {
  width?: number;
  height?: number;
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
    const sameBucket = last !== undefined && (by === 'month' ? last.start.slice(0, 7) === key : by === 'week' ? i % 7 !== 0 : false);
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
  const step = [1, 2, 2.5, 5, 10].map((m) => m * pow).find((s) => s >= raw && (s >= 1 || s === Math.round(s))) ?? 10 * pow;
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
};

function bucketLabel(start: string, by: Bucketing, withYear: boolean): string {
  const [y, m, d] = start.split('-');
  // Dates the Indonesian way, as everywhere else: 30/11, 30/11/26, 11/2026.
  if (by === 'month') return `${m}/${y}`;
  return withYear ? `${d}/${m}/${y!.slice(2)}` : `${d}/${m}`;
}

/** Share of a bucket's decisions within deadline, 0–100. */
const compliance = (b: Bucket) => Math.min(100, Math.max(0, (b.metDeadline * 100) / b.decided));

const font = (px: number, bold = false) => `${bold ? 'bold ' : ''}${px}px ${FAMILY}`;

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
}

function plotArea(W: number, H: number, buckets: readonly Bucket[]): Plot {
  const left = 72;
  const right = W - 72;
  const top = 96;
  const bottom = H - 64;
  const height = bottom - top;
  const axis = niceAxis(buckets.reduce((m, b) => Math.max(m, b.received, b.takenDown), 0));
  return {
    left,
    right,
    top,
    bottom,
    width: right - left,
    height,
    axis,
    yCount: (v) => bottom - (v / axis.max) * height,
    yPct: (p) => bottom - (p / 100) * height,
  };
}

/** The title, then the bucket size and a legend entry per series on one line below it. */
function drawHeader(g: SKRSContext2D, W: number, labels: ChartLabels, by: Bucketing): void {
  g.fillStyle = COLORS.text;
  g.textBaseline = 'alphabetic';
  g.textAlign = 'left';
  g.font = font(22, true);
  g.fillText(fit(g, labels.title, W - 48), 24, 38);
  const subtitle = by === 'day' ? labels.perDay : by === 'week' ? labels.perWeek : labels.perMonth;

  g.font = font(14);
  let x = 24;
  const legendY = 66;
  if (subtitle) {
    g.fillStyle = COLORS.muted;
    g.fillText(subtitle, x, legendY + 5);
    x += g.measureText(subtitle).width + 28;
  }
  const legendItem = (label: string, color: string, line: boolean) => {
    g.fillStyle = color;
    g.strokeStyle = color;
    if (line) {
      g.lineWidth = 3;
      g.beginPath();
      g.moveTo(x, legendY);
      g.lineTo(x + 22, legendY);
      g.stroke();
      g.beginPath();
      g.arc(x + 11, legendY, 4, 0, Math.PI * 2);
      g.fill();
    } else {
      g.fillRect(x + 3, legendY - 8, 16, 16);
    }
    g.fillStyle = COLORS.text;
    g.fillText(label, x + 30, legendY + 5);
    x += 30 + g.measureText(label).width + 28;
  };
  legendItem(labels.received, COLORS.received, false);
  legendItem(labels.takenDown, COLORS.takenDown, false);
  legendItem(labels.compliance, COLORS.compliance, true);
}

/** Grid lines with counts on the left, percentages on the right, and the frame. */
function drawAxes(g: SKRSContext2D, p: Plot, locale?: string): void {
  g.lineWidth = 1;
  g.font = font(13);
  for (let v = 0; v <= p.axis.max + 1e-9; v += p.axis.step) {
    const y = Math.round(p.yCount(v)) + 0.5;
    g.strokeStyle = COLORS.grid;
    g.beginPath();
    g.moveTo(p.left, y);
    g.lineTo(p.right, y);
    g.stroke();
    g.fillStyle = COLORS.muted;
    g.textAlign = 'right';
    g.fillText(formatCompact(v, locale), p.left - 8, y + 4);
  }
  g.textAlign = 'left';
  g.fillStyle = COLORS.compliance;
  for (let pc = 0; pc <= 100; pc += 25) g.fillText(`${pc}%`, p.right + 8, Math.round(p.yPct(pc)) + 4.5);
  g.strokeStyle = COLORS.axis;
  g.beginPath();
  g.moveTo(p.left + 0.5, p.top);
  g.lineTo(p.left + 0.5, p.bottom + 0.5);
  g.lineTo(p.right + 0.5, p.bottom + 0.5);
  g.lineTo(p.right + 0.5, p.top);
  g.stroke();
}

/** Received and taken down side by side in each bucket. */
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

/** The compliance line, broken where a bucket had no decisions; dots when buckets are few. */
function drawCompliance(g: SKRSContext2D, p: Plot, buckets: readonly Bucket[], slot: number): void {
  g.strokeStyle = COLORS.compliance;
  g.fillStyle = COLORS.compliance;
  g.lineWidth = 2.5;
  g.lineJoin = 'round';
  let drawing = false;
  g.beginPath();
  buckets.forEach((b, i) => {
    if (b.decided === 0) {
      drawing = false;
      return;
    }
    const px = p.left + slot * (i + 0.5);
    const py = p.yPct(compliance(b));
    if (drawing) g.lineTo(px, py);
    else g.moveTo(px, py);
    drawing = true;
  });
  g.stroke();
  if (buckets.length > 62) return;
  buckets.forEach((b, i) => {
    if (b.decided === 0) return;
    g.beginPath();
    g.arc(p.left + slot * (i + 0.5), p.yPct(compliance(b)), 3.5, 0, Math.PI * 2);
    g.fill();
  });
}

/** Bucket labels under the plot: as many as fit without overlapping. */
function drawXLabels(g: SKRSContext2D, p: Plot, buckets: readonly Bucket[], slot: number, by: Bucketing): void {
  g.fillStyle = COLORS.muted;
  g.font = font(12);
  g.textAlign = 'center';
  const withYear = buckets[0]!.start.slice(0, 4) !== buckets.at(-1)!.start.slice(0, 4);
  const sample = bucketLabel(buckets[0]!.start, by, withYear);
  const every = Math.max(1, Math.ceil((g.measureText(sample).width + 14) / slot));
  buckets.forEach((b, i) => {
    if (i % every !== 0) return;
    g.fillText(bucketLabel(b.start, by, withYear), p.left + slot * (i + 0.5), p.bottom + 20);
  });
}

/** Renders the chart as a PNG (default 1000×560). */
export function renderChart(series: readonly ChartDay[], labels: ChartLabels, opts: ChartOptions = {}): Buffer {
  ensureFonts();
  const W = opts.width ?? 1000;
  const H = opts.height ?? 560;
  const canvas = createCanvas(W, H);
  const g = canvas.getContext('2d');
  g.fillStyle = COLORS.background;
  g.fillRect(0, 0, W, H);

  const { by, buckets } = bucketize(series);
  drawHeader(g, W, labels, by);
  const plot = plotArea(W, H, buckets);
  drawAxes(g, plot, labels.locale);
  if (buckets.length === 0) {
    g.fillStyle = COLORS.muted;
    g.font = font(18);
    g.textAlign = 'center';
    g.fillText(labels.noData ?? '—', plot.left + plot.width / 2, plot.top + plot.height / 2);
    return canvas.toBuffer('image/png');
  }
  const slot = plot.width / buckets.length;
  drawBars(g, plot, buckets, slot);
  drawCompliance(g, plot, buckets, slot);
  drawXLabels(g, plot, buckets, slot, by);
  return canvas.toBuffer('image/png');
}

/** Shortens text with an ellipsis to fit a width in the current font. */
function fit(g: SKRSContext2D, text: string, width: number): string {
  if (g.measureText(text).width <= width) return text;
  const chars = Array.from(text);
  while (chars.length > 1 && g.measureText(`${chars.join('')}…`).width > width) chars.pop();
  return `${chars.join('')}…`;
}
