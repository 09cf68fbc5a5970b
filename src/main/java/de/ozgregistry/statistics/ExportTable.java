package de.ozgregistry.statistics;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One statistics export as a table: German column titles with the kind of each column, the rows, and a file name
 * that says what is inside. The CSV and the XLSX writer both render this model, so the columns are defined once.
 *
 * @param fileName the file name without extension, e.g. {@code ozg-abdeckung-10160-hundehaltung-laender-hessen-2026-12-01}
 * @param sheetName the worksheet's title in the XLSX (at most 31 characters)
 * @param columns the columns, left to right
 * @param rows the rows; each holds one value per column ({@code null} for an empty cell)
 */
record ExportTable(String fileName, String sheetName, List<Column> columns, List<List<Object>> rows) {

	ExportTable {
		columns = List.copyOf(columns);
		rows = List.copyOf(rows);
		for (List<Object> row : rows) {
			if (row.size() != columns.size()) {
				throw new IllegalArgumentException("A row of " + fileName + " has " + row.size() + " cells for "
						+ columns.size() + " columns.");
			}
		}
	}

	/** What a column holds, which decides how each writer renders its cells. */
	enum Kind {

		/** Free text such as a name: neutralised against formulas in the CSV. */
		TEXT,
		/** An official key or identifier (ARS, OZG-ID, UUID): always text, leading zeros kept. */
		KEY,
		/** A whole number. */
		INTEGER,
		/** A share from 0 to 1, shown in percent. */
		PERCENT,
		/** A {@link java.time.LocalDate}. */
		DATE,
		/** A {@link Boolean}, shown as "ja" or "nein". */
		YES_NO

	}

	/** A column: its German title and its kind. */
	record Column(String title, Kind kind) {

		static Column text(String title) {
			return new Column(title, Kind.TEXT);
		}

		static Column key(String title) {
			return new Column(title, Kind.KEY);
		}

		static Column integer(String title) {
			return new Column(title, Kind.INTEGER);
		}

		static Column percent(String title) {
			return new Column(title, Kind.PERCENT);
		}

		static Column date(String title) {
			return new Column(title, Kind.DATE);
		}

		static Column yesNo(String title) {
			return new Column(title, Kind.YES_NO);
		}

	}

	/** Collects the rows of a table with fixed columns. */
	static final class Builder {

		private final List<Column> columns;

		private final List<List<Object>> rows = new ArrayList<>();

		Builder(Column... columns) {
			this.columns = List.of(columns);
		}

		Builder row(Object... cells) {
			this.rows.add(Arrays.asList(cells));
			return this;
		}

		ExportTable build(String sheetName, String... fileNameParts) {
			return new ExportTable(fileName(fileNameParts), sheetName, this.columns, this.rows);
		}

	}

	/**
	 * A file name from its parts: ASCII, lower case, words joined by hyphens, umlauts transliterated
	 * ({@code "Bauen & Wohnen"} becomes {@code bauen-wohnen}, {@code "Baden-Württemberg"} {@code baden-wuerttemberg}).
	 */
	static String fileName(String... parts) {
		List<String> words = new ArrayList<>();
		for (String part : parts) {
			if (part == null || part.isBlank()) {
				continue;
			}
			String folded = part.toLowerCase(Locale.GERMAN)
				.replace("ä", "ae")
				.replace("ö", "oe")
				.replace("ü", "ue")
				.replace("ß", "ss");
			folded = Normalizer.normalize(folded, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
			String slug = folded.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
			if (!slug.isEmpty()) {
				words.add(slug);
			}
		}
		return String.join("-", words);
	}

}
