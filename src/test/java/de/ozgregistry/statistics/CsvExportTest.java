package de.ozgregistry.statistics;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Text cells of the CSV exports, without the application. */
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

}
