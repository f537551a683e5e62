/**
 * Inline SVG charts for bench.html, generated as text (no script, no CDN): horizontal bars with
 * min–max whiskers, and latency-by-percentile curves on a "nines" axis (50 %, 90 %, 99 %, …).
 */
import { escapeHtml } from '../../table.js';
import type { CurvePoint } from './types.js';

export const SYSTEM_COLORS = ['#3178c6', '#e8590c', '#2f9e44', '#7048e8'];
const AXIS = '#a1a1aa';
const GRID = '#ececef';
const TEXT = '#3f3f46';
const FONT = 'font-family="system-ui, sans-serif" font-size="12"';

export interface Bar {
  label: string;
  value: number;
  min?: number;
  max?: number;
  color: string;
  /** Drawn hatched: a prediction, not a measurement. */
  hatched?: boolean;
  /** Text after the bar; the value when absent. */
  text?: string;
}

const esc = (s: string) => escapeHtml(s);
const fixed = (n: number) => (Math.round(n * 10) / 10).toString();

/** Round numbers for an axis: 0 … a "nice" maximum at or above `max`. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = 0; v < max + step * 0.999; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

function tickText(v: number): string {
  if (v >= 10_000) return `${Math.round(v / 1000)}k`;
  if (v >= 1000) return `${(v / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  return v >= 10 || Number.isInteger(v) ? String(Math.round(v)) : String(v);
}

/** Horizontal bars, one per row, with an x axis in `unit`. */
export function barChart(bars: Bar[], options: { unit: string; width?: number; labelWidth?: number }): string {
  const width = options.width ?? 760;
  // Wide enough for the longest label and value text (about 7 px a character at 12 px).
  const labelWidth = Math.max(options.labelWidth ?? 0, 16 + 7 * Math.max(...bars.map((b) => b.label.length)));
  const rowHeight = 30;
  const top = 8;
  const right = Math.max(60, 24 + 7.5 * Math.max(...bars.map((b) => (b.text ?? tickText(b.value)).length)));
  const plotWidth = width - labelWidth - right;
  const height = top + bars.length * rowHeight + 46;
  const ticks = niceTicks(Math.max(...bars.map((b) => Math.max(b.value, b.max ?? 0)), 0));
  const scaleMax = ticks[ticks.length - 1] ?? 1;
  const x = (v: number) => labelWidth + (Math.max(0, v) / scaleMax) * plotWidth;
  const axisY = top + bars.length * rowHeight + 4;
  const parts: string[] = [];
  parts.push('<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="white"/><line x1="0" y1="0" x2="0" y2="6" stroke="#71717a" stroke-width="3"/></pattern></defs>');
  for (const t of ticks) {
    parts.push(`<line x1="${fixed(x(t))}" y1="${top}" x2="${fixed(x(t))}" y2="${axisY}" stroke="${GRID}"/>`);
    parts.push(`<text x="${fixed(x(t))}" y="${axisY + 16}" text-anchor="middle" fill="${TEXT}">${tickText(t)}</text>`);
  }
  parts.push(`<text x="${labelWidth + plotWidth}" y="${axisY + 30}" text-anchor="end" fill="${AXIS}">${esc(options.unit)}</text>`);
  bars.forEach((bar, i) => {
    const y = top + i * rowHeight + 5;
    const h = rowHeight - 10;
    const fill = bar.hatched ? 'url(#hatch)' : bar.color;
    parts.push(`<text x="${labelWidth - 8}" y="${y + h / 2 + 4}" text-anchor="end" fill="${TEXT}">${esc(bar.label)}</text>`);
    parts.push(`<rect x="${labelWidth}" y="${y}" width="${fixed(Math.max(1, x(bar.value) - labelWidth))}" height="${h}" fill="${fill}" stroke="${bar.hatched ? '#71717a' : 'none'}" rx="2"/>`);
    if (bar.min !== undefined && bar.max !== undefined && bar.max > bar.min) {
      const cy = y + h / 2;
      parts.push(`<path d="M${fixed(x(bar.min))} ${cy}H${fixed(x(bar.max))}M${fixed(x(bar.min))} ${cy - 5}V${cy + 5}M${fixed(x(bar.max))} ${cy - 5}V${cy + 5}" stroke="#18181b" stroke-width="1.5"/>`);
    }
    const textX = Math.max(x(bar.value), bar.max === undefined ? 0 : x(bar.max)) + 6;
    parts.push(`<text x="${fixed(textX)}" y="${y + h / 2 + 4}" fill="#18181b" font-weight="600">${esc(bar.text ?? tickText(bar.value))}</text>`);
  });
  parts.push(`<line x1="${labelWidth}" y1="${top}" x2="${labelWidth}" y2="${axisY}" stroke="${AXIS}"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} role="img">${parts.join('')}</svg>`;
}

export interface CurveSeries {
  label: string;
  color: string;
  dashed?: boolean;
  points: CurvePoint[];
}

/** Position on the "nines" axis: 0 % → 0, 90 % → 1, 99 % → 2, 99.9 % → 3, 99.99 % → 4. */
export function ninesOf(percentile: number): number {
  const p = Math.min(percentile, 99.99) / 100;
  return Math.log10(1 / (1 - p));
}

const NINES_TICKS: [number, string][] = [[ninesOf(50), '50%'], [1, '90%'], [2, '99%'], [3, '99.9%'], [4, '99.99%']];

/** Latency (y, ms) by percentile (x, nines axis); a log y axis when the values span more than 30×. */
export function percentileChart(series: CurveSeries[], options: { title: string; width?: number; height?: number }): string {
  const width = options.width ?? 520;
  const height = options.height ?? 280;
  const left = 52;
  const right = 28;
  const top = 28;
  const bottom = 38;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const values = series.flatMap((s) => s.points.filter(([p]) => p < 100).map(([, ms]) => ms)).filter((v) => v > 0);
  const maxMs = Math.max(...values, 0.001);
  const minMs = Math.min(...values, maxMs);
  const logY = maxMs / Math.max(minMs, 1e-3) > 30;
  let yTicks: number[];
  let y: (ms: number) => number;
  if (logY) {
    const lo = Math.floor(Math.log10(Math.max(minMs, 1e-3)));
    const hi = Math.ceil(Math.log10(maxMs));
    yTicks = [];
    for (let e = lo; e <= hi; e++) yTicks.push(10 ** e);
    y = (ms) => top + plotH - ((Math.log10(Math.max(ms, 10 ** lo)) - lo) / Math.max(1, hi - lo)) * plotH;
  } else {
    yTicks = niceTicks(maxMs, 4);
    const scaleMax = yTicks[yTicks.length - 1] ?? 1;
    y = (ms) => top + plotH - (ms / scaleMax) * plotH;
  }
  const x = (p: number) => left + (ninesOf(p) / 4) * plotW;
  const parts: string[] = [];
  parts.push(`<text x="${left}" y="16" fill="#18181b" font-weight="600" font-size="13">${esc(options.title)}</text>`);
  for (const t of yTicks) {
    parts.push(`<line x1="${left}" y1="${fixed(y(t))}" x2="${left + plotW}" y2="${fixed(y(t))}" stroke="${GRID}"/>`);
    parts.push(`<text x="${left - 6}" y="${fixed(y(t) + 4)}" text-anchor="end" fill="${TEXT}">${t < 1 ? t.toString() : tickText(t)}</text>`);
  }
  for (const [pos, label] of NINES_TICKS) {
    const px = left + (pos / 4) * plotW;
    parts.push(`<line x1="${fixed(px)}" y1="${top}" x2="${fixed(px)}" y2="${top + plotH}" stroke="${GRID}"/>`);
    parts.push(`<text x="${fixed(px)}" y="${top + plotH + 16}" text-anchor="middle" fill="${TEXT}">${label}</text>`);
  }
  parts.push(`<text x="${left + plotW}" y="${height - 4}" text-anchor="end" fill="${AXIS}">percentile</text>`);
  parts.push(`<text x="12" y="${top + plotH / 2}" fill="${AXIS}" transform="rotate(-90 12 ${top + plotH / 2})" text-anchor="middle">ms${logY ? ' (log)' : ''}</text>`);
  parts.push(`<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="${AXIS}"/>`);
  for (const s of series) {
    const pts = s.points.filter(([p]) => p < 100);
    if (pts.length === 0) continue;
    const d = pts.map(([p, ms], i) => `${i === 0 ? 'M' : 'L'}${fixed(x(p))} ${fixed(y(ms))}`).join('');
    parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="${s.dashed ? 1.5 : 2.5}"${s.dashed ? ' stroke-dasharray="5 4" opacity="0.75"' : ''}/>`);
    if (!s.dashed) for (const [p, ms] of pts) parts.push(`<circle cx="${fixed(x(p))}" cy="${fixed(y(ms))}" r="2.5" fill="${s.color}"><title>${esc(`${s.label}: p${p} = ${ms} ms`)}</title></circle>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} role="img">${parts.join('')}</svg>`;
}

/** A legend as HTML: colour swatches (dashed for uncorrected) and labels. */
export function legend(items: { label: string; color: string; dashed?: boolean; hatched?: boolean }[]): string {
  return `<div class="legend">${items
    .map((i) => `<span><svg width="26" height="10"><line x1="1" y1="5" x2="25" y2="5" stroke="${i.hatched ? '#71717a' : i.color}" stroke-width="${i.dashed ? 1.5 : 6}"${i.dashed ? ' stroke-dasharray="5 4"' : ''}/></svg>${esc(i.label)}</span>`)
    .join('')}</div>`;
}
