package de.ozgregistry.statistics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Renders an {@link ExportTable} as an XLSX workbook with fastexcel: one worksheet, a bold header row with the German
 * column titles that stays in view, keys as text cells (format {@code @}, so that the ARS keeps its leading zero),
 * whole numbers with thousands separators, shares as numbers (0 to 1) with a percent format, dates as dates. Text
 * is never a formula in XLSX, so names need no neutralising here. Blocks while it writes: callers run it off the
 * event loop.
 */
final class XlsxExport {

	static final String MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

	static final String PERCENT_FORMAT = "0.00%";

	static final String KEY_FORMAT = "@";

	private XlsxExport() {
	}

	static byte[] xlsx(ExportTable table) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (Workbook workbook = new Workbook(out, "OZG-Registry", "1.0")) {
			Worksheet sheet = workbook.newWorksheet(table.sheetName());
			List<ExportTable.Column> columns = table.columns();
			for (int c = 0; c < columns.size(); c++) {
				sheet.value(0, c, columns.get(c).title());
				sheet.style(0, c).bold().fillColor("DDEBF7").wrapText(true).set();
				sheet.width(c, width(columns.get(c)));
			}
			sheet.freezePane(0, 1);
			for (int r = 0; r < table.rows().size(); r++) {
				List<Object> row = table.rows().get(r);
				for (int c = 0; c < columns.size(); c++) {
					write(sheet, r + 1, c, columns.get(c).kind(), row.get(c));
				}
			}
			workbook.finish();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	private static void write(Worksheet sheet, int r, int c, ExportTable.Kind kind, Object value) {
		if (value == null) {
			return;
		}
		switch (kind) {
			case TEXT -> sheet.value(r, c, value.toString());
			case KEY -> {
				sheet.value(r, c, value.toString());
				sheet.style(r, c).format(KEY_FORMAT).set();
			}
			case INTEGER -> {
				sheet.value(r, c, (Number) value);
				sheet.style(r, c).format("#,##0").set();
			}
			case PERCENT -> {
				sheet.value(r, c, (Number) value);
				sheet.style(r, c).format(PERCENT_FORMAT).set();
			}
			case DATE -> {
				sheet.value(r, c, (LocalDate) value);
				sheet.style(r, c).format("dd.mm.yyyy").set();
			}
			case YES_NO -> sheet.value(r, c, Boolean.TRUE.equals(value) ? "ja" : "nein");
		}
	}

	private static double width(ExportTable.Column column) {
		return switch (column.kind()) {
			case TEXT -> Math.max(30, column.title().length() + 2);
			case KEY -> (column.title().contains("ID") && !column.title().startsWith("OZG")) ? 38 : 15;
			default -> Math.max(12, column.title().length() * 0.9 + 2);
		};
	}

}
