// Simple SVG charts; every chart is one named image, with its data in a table next to it.
import { h } from './dom.js';

/** Horizontal bars: items are [label, value, valueText]. */
export function barChart(caption, items) {
  const max = Math.max(1, ...items.map((item) => item[1]));
  const rowHeight = 26;
  const labelWidth = 230;
  const width = 640;
  const height = items.length * rowHeight + 8;
  return h('figure', { class: 'chart' },
    h('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${caption}. Die Werte stehen in der Tabelle darunter.`, focusable: 'false' },
      items.map(([text, value, valueText], index) => h('g', {},
        h('text', { x: labelWidth - 8, y: index * rowHeight + 18, 'text-anchor': 'end', class: 'chart-label' }, truncate(text, 34)),
        h('rect', { x: labelWidth, y: index * rowHeight + 5, width: Math.max(1, (value / max) * (width - labelWidth - 90)), height: rowHeight - 10, class: 'bar' }),
        h('text', { x: labelWidth + Math.max(1, (value / max) * (width - labelWidth - 90)) + 6, y: index * rowHeight + 18, class: 'chart-label' }, valueText)))),
    h('figcaption', {}, caption));
}

/** A line over time: points are [dateText, share 0–1]. */
export function lineChart(caption, points) {
  const width = 640;
  const height = 220;
  const left = 48;
  const bottom = 190;
  const top = 12;
  const step = points.length > 1 ? (width - left - 12) / (points.length - 1) : 0;
  const max = Math.max(0.01, ...points.map((point) => point[1]));
  const y = (value) => bottom - (value / max) * (bottom - top);
  const coordinates = points.map((point, index) => `${(left + index * step).toFixed(1)},${y(point[1]).toFixed(1)}`).join(' ');
  const ticks = [0, max / 2, max];
  return h('figure', { class: 'chart' },
    h('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${caption}. Die Werte stehen in der Tabelle darunter.`, focusable: 'false' },
      ticks.map((tick) => h('g', {},
        h('line', { x1: left, x2: width - 12, y1: y(tick), y2: y(tick), class: 'grid' }),
        h('text', { x: left - 6, y: y(tick) + 4, 'text-anchor': 'end', class: 'chart-label' }, `${Math.round(tick * 1000) / 10} %`))),
      h('polyline', { points: coordinates, class: 'line' }),
      points.length ? h('text', { x: left, y: height - 8, class: 'chart-label' }, points[0][0]) : null,
      points.length > 1 ? h('text', { x: width - 12, y: height - 8, 'text-anchor': 'end', class: 'chart-label' }, points[points.length - 1][0]) : null),
    h('figcaption', {}, caption));
}

function truncate(text, length) {
  return text.length > length ? text.slice(0, length - 1) + '…' : text;
}
