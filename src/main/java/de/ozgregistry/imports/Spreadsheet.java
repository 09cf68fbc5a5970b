package de.ozgregistry.imports;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import de.ozgregistry.graphql.RegistryException;

/**
 * A CSV file as Excel and LibreOffice save it: separated by semicolons (German Excel) or commas, fields in double
 * quotes where they hold a separator, a quote or a line break (RFC 4180), in UTF-8 (with or without byte order mark)
 * or Windows-1252 (Excel's "CSV" in German Windows). The first line names the columns. Rows keep the line they start
 * on, for the report.
 */
public final class Spreadsheet {

	private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

	/** One row: the line it starts on (the header is line 1) and its cells by column name (lower case, trimmed). */
	public record Row(int line, Map<String, String> cells) {

		/** The first non-blank cell of these columns (lower-case names), or null. */
		public String get(String... columns) {
			for (String column : columns) {
				String value = cells.get(column);
				if (value != null && !value.isBlank()) {
					return value.strip();
				}
			}
			return null;
		}

	}

	/** The column names as the file has them (lower case, trimmed), and the rows after the header. */
	public record Table(List<String> columns, List<Row> rows, String encoding, char separator) {
	}

	private Spreadsheet() {
	}

	/** Reads the file. A file that is not text, has no header, or whose quotes do not close is refused. */
	public static Table read(byte[] content, String field) {
		String encoding = StandardCharsets.UTF_8.name();
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(content))
				.toString();
		}
		catch (CharacterCodingException ex) {
			text = new String(content, WINDOWS_1252);
			encoding = "windows-1252";
		}
		if (text.startsWith("\uFEFF")) {
			text = text.substring(1);
		}
		if (text.indexOf('\0') >= 0) {
			throw RegistryException.invalid(field, "not-csv",
					"The file is not a CSV text file (it holds binary data; save it from Excel as \"CSV UTF-8\").");
		}
		char separator = separator(text);
		List<List<String>> records = new ArrayList<>();
		List<Integer> lines = new ArrayList<>();
		parse(text, separator, records, lines, field);
		if (records.isEmpty() || records.get(0).stream().allMatch(String::isBlank)) {
			throw RegistryException.invalid(field, "no-header",
					"The file is empty: its first line must name the columns.");
		}
		List<String> columns = records.get(0).stream().map(name -> name.strip().toLowerCase(Locale.ROOT)).toList();
		List<Row> rows = new ArrayList<>();
		for (int index = 1; index < records.size(); index++) {
			List<String> record = records.get(index);
			if (record.stream().allMatch(String::isBlank)) {
				continue;
			}
			Map<String, String> cells = new LinkedHashMap<>();
			for (int column = 0; column < columns.size() && column < record.size(); column++) {
				cells.putIfAbsent(columns.get(column), record.get(column));
			}
			rows.add(new Row(lines.get(index), cells));
		}
		return new Table(columns, rows, encoding, separator);
	}

	/** A semicolon if the header line (outside quotes) holds more semicolons than commas, else a comma. */
	private static char separator(String text) {
		int semicolons = 0;
		int commas = 0;
		boolean quoted = false;
		for (int index = 0; index < text.length(); index++) {
			char c = text.charAt(index);
			if (c == '"') {
				quoted = !quoted;
			}
			else if (!quoted && (c == '\n' || c == '\r')) {
				break;
			}
			else if (!quoted && c == ';') {
				semicolons++;
			}
			else if (!quoted && c == ',') {
				commas++;
			}
		}
		return semicolons > commas ? ';' : ',';
	}

	private static void parse(String text, char separator, List<List<String>> records, List<Integer> lines,
			String field) {
		List<String> record = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean quoted = false;
		int line = 1;
		int recordLine = 1;
		int quoteLine = 0;
		for (int index = 0; index < text.length(); index++) {
			char c = text.charAt(index);
			if (quoted) {
				if (c == '"' && index + 1 < text.length() && text.charAt(index + 1) == '"') {
					cell.append('"');
					index++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					if (c == '\n') {
						line++;
					}
					cell.append(c);
				}
			}
			else if (c == '"' && cell.toString().isBlank()) {
				quoted = true;
				quoteLine = line;
				cell.setLength(0);
			}
			else if (c == separator) {
				record.add(cell.toString());
				cell.setLength(0);
			}
			else if (c == '\r' || c == '\n') {
				if (c == '\r' && index + 1 < text.length() && text.charAt(index + 1) == '\n') {
					index++;
				}
				record.add(cell.toString());
				cell.setLength(0);
				records.add(record);
				lines.add(recordLine);
				record = new ArrayList<>();
				line++;
				recordLine = line;
			}
			else {
				cell.append(c);
			}
		}
		if (quoted) {
			throw RegistryException.invalid(field, "unclosed-quote",
					"The quote opened on line " + quoteLine + " does not close: the file is cut off or damaged.");
		}
		if (cell.length() > 0 || !record.isEmpty()) {
			record.add(cell.toString());
			records.add(record);
			lines.add(recordLine);
		}
	}

}
