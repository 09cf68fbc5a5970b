// The coverage map with its table, shared by the OZG-Leistung page and the dashboard.
import { replace, number, percent, tableAlternative } from '../dom.js';
import { loadShapes, mapFigure, coverageClass, COVERAGE_LEGEND } from '../map.js';

/**
 * Renders into `box` the map of `rows` (CoverageRow-like: region { ars name }, shares and counts) at `level`
 * ('laender' or 'kreise'), coloured by `measure` ('municipalityShare' or 'populationShare').
 */
export async function coverageMap(box, { rows, level, measure, caption }) {
  const map = await loadShapes(level);
  const digits = level === 'laender' ? 2 : 5;
  const classes = new Map();
  const titles = new Map();
  for (const row of rows) {
    const code = row.region.ars.slice(0, digits);
    classes.set(code, coverageClass(row[measure]));
    titles.set(code, `${row.region.name}: ${percent(row[measure])} ${measure === 'populationShare' ? 'der Bevölkerung' : 'der Gemeinden'}`);
  }
  const unit = level === 'laender' ? 'Land' : 'Kreis';
  replace(box,
    mapFigure(map, { caption, classes, titles, legend: COVERAGE_LEGEND }),
    tableAlternative(`Tabelle: ${caption}`, caption,
      [unit, 'Gemeinden', 'davon abgedeckt', 'Anteil Gemeinden', 'Einwohner', 'davon abgedeckt', 'Anteil Bevölkerung', 'flächendeckend'],
      rows.map((row) => [row.region.name, number(row.municipalityCount), number(row.coveredMunicipalities), percent(row.municipalityShare),
        number(row.population), number(row.populationCovered), percent(row.populationShare), row.flaechendeckend ? 'ja' : 'nein']),
      level === 'laender'));
}
