package de.ozgregistry.statistics;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Cells of the CSV and XLSX exports and their file names, without the application. */
class CsvExportTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			=HYPERLINK("http://evil.example","x") | `"'=HYPERLINK(""http://evil.example"",""x"")"`
			=1+1                                  | '=1+1
			+49 6131 123                          | '+49 6131 123
			-2+3                                  | '-2+3
			@SUM(A1)                              | '@SUM(A1)
			-5                                    | -5
			+3,5                                  | +3,5
			-0.25                                 | -0.25
			Mainz                                 | Mainz
			Hunde; Katzen                         | `"Hunde; Katzen"`
			a=b                                   | a=b
			""")
	void formulasAreNeutralisedAndNumbersStayNumbers(String text, String cell) {
		assertThat(CsvExport.cell(text)).isEqualTo(cell);
	}

	@ParameterizedTest
	@CsvSource({ "'\tx', '''\tx'", "'\rx', '\"''\rx\"'" })
	void tabsAndCarriageReturnsAtTheStartAreNeutralised(String text, String cell) {
		assertThat(CsvExport.cell(text)).isEqualTo(cell);
	}

	private static final ExportTable TABLE = new ExportTable.Builder(ExportTable.Column.key("ARS"),
			ExportTable.Column.text("Region"), ExportTable.Column.integer("Gemeinden"),
			ExportTable.Column.percent("Anteil Gemeinden"), ExportTable.Column.date("Datum"),
			ExportTable.Column.yesNo("flächendeckend"))
		.row("064110000000", "Darmstadt", 1, 0.375, LocalDate.of(2024, 3, 31), false)
		.row("=1+1", "=HYPERLINK(\"x\")", 12345, 1.0, null, true)
		.build("Abdeckung 10160", "ozg-abdeckung", "10160", "Hundehaltung", "kreise", "Baden-Württemberg");

	@Test
	void csvKeysKeepTheirLeadingZerosAndSharesArePercentWithADecimalComma() {
		assertThat(new String(CsvExport.csv(TABLE), StandardCharsets.UTF_8)).isEqualTo("\uFEFF"
				+ "ARS;Region;Gemeinden;Anteil Gemeinden in %;Datum;flächendeckend\r\n"
				+ "=\"064110000000\";Darmstadt;1;37,50;2024-03-31;nein\r\n"
				+ "'=1+1;\"'=HYPERLINK(\"\"x\"\")\";12345;100,00;;ja\r\n");
	}

	@Test
	void xlsxKeysAreTextCellsAndSharesArePercentCells() throws IOException {
		try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(XlsxExport.xlsx(TABLE)),
				new ReadingOptions(true, false)); var stream = workbook.getFirstSheet().openStream()) {
			assertThat(workbook.getFirstSheet().getName()).isEqualTo("Abdeckung 10160");
			List<Row> rows = stream.toList();
			assertThat(rows).hasSize(3);
			assertThat(rows.get(0).stream().map(c -> c.getText()).toList())
				.containsExactly("ARS", "Region", "Gemeinden", "Anteil Gemeinden", "Datum", "flächendeckend");
			Row darmstadt = rows.get(1);
			assertThat(darmstadt.getCell(0).getType()).isEqualTo(CellType.STRING);
			assertThat(darmstadt.getCell(0).asString()).isEqualTo("064110000000");
			assertThat(darmstadt.getCell(1).asString()).isEqualTo("Darmstadt");
			assertThat(darmstadt.getCell(2).asNumber()).isEqualByComparingTo("1");
			assertThat(darmstadt.getCell(3).getType()).isEqualTo(CellType.NUMBER);
			assertThat(darmstadt.getCell(3).asNumber()).isEqualByComparingTo("0.375");
			assertThat(darmstadt.getCell(3).getDataFormatString()).isEqualTo("0.00%");
			assertThat(darmstadt.getCell(4).asDate().toLocalDate()).isEqualTo(LocalDate.of(2024, 3, 31));
			assertThat(darmstadt.getCell(5).asString()).isEqualTo("nein");
			// in XLSX a text cell is never a formula: names stay as they are
			assertThat(rows.get(2).getCell(1).getType()).isEqualTo(CellType.STRING);
			assertThat(rows.get(2).getCell(1).asString()).isEqualTo("=HYPERLINK(\"x\")");
		}
	}

	@Test
	void fileNamesSayWhatIsInsideInPlainAscii() {
		assertThat(TABLE.fileName()).isEqualTo("ozg-abdeckung-10160-hundehaltung-kreise-baden-wuerttemberg");
		assertThat(ExportTable.fileName("themenfeld-2-Bauen & Wohnen", "", null, "Groß Köris"))
			.isEqualTo("themenfeld-2-bauen-wohnen-gross-koeris");
	}

}
