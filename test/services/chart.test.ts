/** The /stats chart: a deterministic PNG of the requested size, day/week/month buckets, and readable axis steps. */
import { describe, expect, it } from 'vitest';
import { bucketize, niceAxis, renderChart, type ChartDay } from '../../src/services/chart.js';

const LABELS = { title: 'Saluran — 2026-01-01..2026-03-31', received: 'Diterima', takenDown: 'Diturunkan', compliance: 'Tepat tenggat (%)', perDay: 'per hari', noData: 'Belum ada data' };

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
  it.each([0, 1, 30, 200, 730, 3650])('renders %i days as a 1000×560 PNG', (n) => {
    const png = renderChart(days(n), LABELS);
    expect(pngSize(png)).toEqual({ width: 1000, height: 560 });
    expect(png.subarray(-8, -4).toString('ascii')).toBe('IEND');
  });

  it('honours a custom size', () => {
    expect(pngSize(renderChart(days(7), LABELS, { width: 640, height: 360 }))).toEqual({ width: 640, height: 360 });
  });

  it('is deterministic (bundled font, no system fonts)', () => {
    expect(renderChart(days(45), LABELS).equals(renderChart(days(45), LABELS))).toBe(true);
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
