package de.ozgregistry.imports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;

import de.ozgregistry.graphql.RegistryException;

/**
 * A spreadsheet as Excel and LibreOffice save it: a workbook (XLSX, its first sheet), or a CSV file separated by
 * semicolons (German Excel) or commas, fields in double quotes where they hold a separator, a quote or a line break
 * (RFC 4180), in UTF-8 (with or without byte order mark) or Windows-1252 (Excel's "CSV" in German Windows). The first
 * line names the columns. Rows keep the line they start on, for the report. In a workbook, numbers are read as
 * written (without a trailing ".0") and cells formatted as dates as ISO dates (JJJJ-MM-TT).
 */
public final class Spreadsheet {

	private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

	/** One row: the line it starts on (the header is line 1) and its cells by column name (lower case, trimmed). */
	public record Row(int line, Map<String, String> cells) {

		/** The first non-blank cell of these columns (lower-case names), or null. */
		public String get(List<String> columns) {
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

		/** CSV or XLSX. */
		public String format() {
			return encoding.equals("XLSX") ? "XLSX" : "CSV";
		}

		/** The named columns of the file that are none of these (lower-case names): those the import does not read. */
		public List<String> unreadColumns(java.util.Collection<String> read) {
			return columns.stream().filter(column -> !column.isBlank() && !read.contains(column)).toList();
		}

	}

	private Spreadsheet() {
	}

	/** A date as spreadsheets write it: JJJJ-MM-TT or T.M.JJJJ, perhaps followed by a time (which is dropped). */
	private static final Pattern DATE = Pattern
		.compile("(?:([0-9]{4})-([0-9]{2})-([0-9]{2})|([0-9]{1,2})\\.([0-9]{1,2})\\.([0-9]{4}))(?:[T ].*)?");

	/**
	 * A cell's date (JJJJ-MM-TT or TT.MM.JJJJ, a time after it ignored), null for null.
	 *
	 * @throws DateTimeParseException if it is neither, or no such day
	 */
	public static LocalDate date(String value) {
		if (value == null) {
			return null;
		}
		Matcher matcher = DATE.matcher(value.strip());
		if (!matcher.matches()) {
			throw new DateTimeParseException("not a date", value, 0);
		}
		try {
			return matcher.group(1) != null
					? LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
							Integer.parseInt(matcher.group(3)))
					: LocalDate.of(Integer.parseInt(matcher.group(6)), Integer.parseInt(matcher.group(5)),
							Integer.parseInt(matcher.group(4)));
		}
		catch (DateTimeException ex) {
			throw new DateTimeParseException("no such day", value, 0);
		}
	}

	/** The content as UTF-8 text, or null if it is not valid UTF-8. */
	public static String utf8(byte[] content) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(content))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	/**
	 * Reads the file. A workbook that cannot be read, a file that is neither a workbook nor text, one without a
	 * header, or one whose quotes do not close is refused.
	 */
	public static Table read(byte[] content, String field) {
		if (content.length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4) {
			return workbook(content, field);
		}
		String encoding = StandardCharsets.UTF_8.name();
		String text = utf8(content);
		if (text == null) {
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
		return table(records, lines, encoding, separator, field);
	}

	/**
	 * The records of a CSV text (RFC 4180: quoted fields, doubled quotes, separators and line breaks in quotes), the
	 * header included; the reader of the seed data and of imported files. Quotes that do not close fail with
	 * {@code VALIDATION_FAILED} on {@code field}.
	 */
	public static List<List<String>> records(String text, char separator, String field) {
		List<List<String>> records = new ArrayList<>();
		parse(text, separator, records, new ArrayList<>(), field);
		return records;
	}

	/** The first sheet of a workbook (XLSX), its first row naming the columns. */
	private static Table workbook(byte[] content, String field) {
		List<List<String>> records = new ArrayList<>();
		List<Integer> lines = new ArrayList<>();
		try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(content),
				new ReadingOptions(true, false)); Stream<org.dhatim.fastexcel.reader.Row> rows = workbook
					.getFirstSheet()
					.openStream()) {
			rows.forEach(row -> {
				List<String> record = new ArrayList<>();
				for (int index = 0; index < row.getCellCount(); index++) {
					record.add(text(row.getCell(index)));
				}
				records.add(record);
				lines.add(row.getRowNum());
			});
		}
		catch (IOException | RuntimeException ex) {
			throw RegistryException.invalid(field, "not-xlsx", "The workbook cannot be read (it is cut off or "
					+ "damaged, or not an XLSX file): save it again from Excel, or as CSV.");
		}
		return table(records, lines, "XLSX", '\t', field);
	}

	/** A cell as text: numbers as written, dates as ISO dates. */
	private static String text(Cell cell) {
		if (cell == null || cell.getType() == CellType.EMPTY) {
			return "";
		}
		if (cell.getType() == CellType.NUMBER) {
			String format = cell.getDataFormatString();
			if (format != null && format.matches("(?i).*[dmy].*") && !format.contains("0")) {
				return cell.asDate().toLocalDate().toString();
			}
			return cell.asNumber().stripTrailingZeros().toPlainString();
		}
		String text = cell.getText();
		return text == null ? "" : text;
	}

	private static Table table(List<List<String>> records, List<Integer> lines, String encoding, char separator,
			String field) {
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
