// Choropleth maps from the BKG boundaries (served as compact SVG path data by /karten/*.json), drawn offline.
import { h } from './dom.js';

const shapes = {};

/** The shapes of 'laender' (keyed by 2-digit Land code) or 'kreise' (5-digit Kreis code), fetched once per page. */
export function loadShapes(level) {
  if (!shapes[level]) {
    shapes[level] = fetch(`/karten/${level}.json`).then((response) => {
      if (!response.ok) throw new Error(`Karte nicht verfügbar (HTTP ${response.status})`);
      return response.json();
    });
  }
  return shapes[level];
}

/** The coverage colour scale: class names of style.css and their legend text. */
export const COVERAGE_LEGEND = [
  ['c0', '0 %'], ['c1', 'unter 20 %'], ['c2', '20 bis unter 40 %'], ['c3', '40 bis unter 60 %'],
  ['c4', '60 bis unter 80 %'], ['c5', '80 bis unter 100 %'], ['c6', '100 % (flächendeckend)'], ['nodata', 'keine Daten'],
];

export function coverageClass(share) {
  if (share === null || share === undefined || Number.isNaN(share)) return 'nodata';
  if (share <= 0) return 'c0';
  if (share >= 1) return 'c6';
  return 'c' + (1 + Math.min(4, Math.floor(share * 5)));
}

/**
 * A map figure. `classes` maps a region code to a class of the colour scale, `titles` to the tooltip text;
 * `legend` lists [class, text]. The SVG is one image with a name; the data are in the table the caller adds
 * next to it (the accessible path), so the map adds no keyboard stops of its own.
 */
export function mapFigure(map, { caption, classes, titles, legend }) {
  const svg = h('svg', { viewBox: map.viewBox, role: 'img', 'aria-label': `${caption}. Die Werte stehen in der Tabelle unter der Karte.`, class: 'map-svg', focusable: 'false' },
    map.regions.map((region) => h('path', { d: region.d, class: classes.get(region.code) || 'nodata', 'data-code': region.code },
      h('title', {}, titles.get(region.code) || `${region.name}: keine Daten`))));
  return h('figure', { class: 'map' },
    svg,
    h('figcaption', {}, caption),
    h('ul', { class: 'legend', 'aria-label': 'Legende' },
      legend.map(([cls, text]) => h('li', {}, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), text))),
    h('p', { class: 'attribution' }, 'Karte: ', map.attribution));
}
