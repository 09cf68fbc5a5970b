package de.ozgregistry.statistics;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;

import de.ozgregistry.RegistryTime;
import de.ozgregistry.support.ApiTest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The statistics exports over HTTP as a spreadsheet user gets them: CSV that German Excel reads right (keys as text,
 * shares in percent with a decimal comma, names next to every ID, a file name that says what is inside) and the same
 * tables as XLSX, read back with fastexcel-reader.
 */
class ExportsTest extends ApiTest {

	private static final String TODAY = LocalDate.now(RegistryTime.ZONE).toString();

	private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

	/** Each export with parameters, its file name and its header row. */
	private static final List<List<String>> EXPORTS = List.of(
			List.of("adoptions", "?land=06", "ozg-uebernahmen-hessen-" + TODAY,
					"Organisation;ARS;Lösung;Anbieter;Status;Status seit;OZG-IDs;Betriebsmodell;Rechtsweg;"
							+ "Bestätigung des Anbieters;Quelle;Übernahme-ID"),
			List.of("coverage", "?ozgId=10160&level=DISTRICT&within=06",
					"ozg-abdeckung-10160-hundehaltung-kreise-hessen-" + TODAY,
					"ARS;Region;Gemeinden;Gemeinden mit Leistung;Anteil Gemeinden in %;Einwohner;"
							+ "Einwohner mit Leistung;Anteil Einwohner in %;flächendeckend"),
			List.of("themenfeld-coverage", "?themenfeld=2&level=DISTRICT&within=06",
					"ozg-abdeckung-themenfeld-2-bauen-wohnen-kreise-hessen-" + TODAY,
					"ARS;Region;OZG-Leistungen;Gemeinden;Einwohner;mittlerer Anteil Gemeinden in %;"
							+ "mittlerer Anteil Einwohner in %;flächendeckend verfügbar"),
			List.of("timeline", "?ozgId=10160&from=2024-01-01&to=2024-12-31&interval=QUARTER",
					"ozg-verlauf-10160-hundehaltung-quartale-deutschland-2024-01-01-bis-2024-12-31",
					"Datum;Gemeinden;Gemeinden mit Leistung;Anteil Gemeinden in %;Einwohner;Einwohner mit Leistung;"
							+ "Anteil Einwohner in %;Paare Gemeinde-Leistung"),
			List.of("region-report", "?within=06", "ozg-stand-je-themenfeld-hessen-" + TODAY,
					"Themenfeld-Nr.;Themenfeld;OZG-Leistungen;flächendeckend;teilweise;nicht verfügbar"),
			List.of("top-solutions", "?themenfeld=2",
					"ozg-meistgenutzte-loesungen-themenfeld-2-bauen-wohnen-nach-nutzern-deutschland-" + TODAY,
					"Lösung;Anbieter;Anbieter-ARS;Nutzer;abgedeckte Gemeinden;versorgte Einwohner;Lösungs-ID"),
			List.of("duplication-index", "", "ozg-mehrfachentwicklungen-deutschland-" + TODAY,
					"OZG-ID;OZG-Leistung;Themenfeld;Lösungen im Einsatz;unabhängige Anbieter"));

	@Value("${local.server.port}")
	int port;

	@Test
	void theCoverageCsvKeepsTheArsAsTextAndGivesSharesInPercentWithADecimalComma() {
		List<List<String>> rows = csv("/export/coverage.csv?ozgId=10160&level=DISTRICT&within=06");
		List<String> darmstadt = rows.stream().filter(r -> r.get(1).equals("Darmstadt")).findFirst().orElseThrow();
		assertThat(darmstadt.get(0)).isEqualTo("=\"064110000000\"");
		assertThat(rows.subList(1, rows.size())).hasSize(26).allSatisfy(row -> {
			assertThat(row.get(0)).matches("=\"06[0-9]{3}0000000\"");
			int gemeinden = Integer.parseInt(row.get(2));
			int covered = Integer.parseInt(row.get(3));
			assertThat(row.get(4)).matches("[0-9]{1,3},[0-9]{2}");
			assertThat(german(row.get(4))).isCloseTo(100.0 * covered / gemeinden, within(0.005));
			assertThat(german(row.get(7))).isBetween(0.0, 100.0);
		});
		assertThat(rows.subList(1, rows.size())).as("civento is live in Hessen: shares above 1 %% exist")
			.anySatisfy(row -> assertThat(german(row.get(4))).isGreaterThan(1.0));
	}

	@Test
	void topSolutionsNameTheProviderNextToEverySolution() {
		List<List<String>> rows = csv("/export/top-solutions.csv");
		assertThat(rows.get(0)).containsExactly("Lösung", "Anbieter", "Anbieter-ARS", "Nutzer",
				"abgedeckte Gemeinden", "versorgte Einwohner", "Lösungs-ID");
		assertThat(rows).hasSizeGreaterThan(3);
		for (List<String> row : rows.subList(1, rows.size())) {
			String id = row.get(6).replaceAll("^=\"|\"$", "");
			assertThat(id).matches(UUID_PATTERN);
			Map<String, Object> expected = db.sql("""
					select s.name as solution, p.name as provider, p.ars from solution s
					join organization p on p.id = s.provider_id where s.id = :id::uuid""")
				.bind("id", id)
				.fetch()
				.one()
				.block();
			assertThat(row.get(1)).as("provider of %s", row.get(0)).isEqualTo(expected.get("provider"))
				.doesNotMatch(".*" + UUID_PATTERN + ".*");
			assertThat(row.get(2)).isEqualTo(expected.get("ars") == null ? "" : "=\"" + expected.get("ars") + "\"");
		}
		assertThat(rows).anySatisfy(row -> assertThat(row.get(0)).startsWith("civento"));
	}

	@Test
	void theDuplicationIndexNamesEveryOzgLeistung() {
		List<List<String>> rows = csv("/export/duplication-index.csv");
		assertThat(rows).hasSizeGreaterThan(1);
		for (List<String> row : rows.subList(1, rows.size())) {
			assertThat(row.get(0)).matches("=\"[0-9]{5}\"");
			int ozgId = Integer.parseInt(row.get(0).substring(2, 7));
			assertThat(row.get(1)).isEqualTo(db.sql("select name from ozg_service where ozg_id = :id")
				.bind("id", ozgId)
				.map(r -> r.get(0, String.class))
				.one()
				.block());
			assertThat(row.get(2)).isNotBlank();
		}
	}

	@Test
	void theAdoptionsOfAnOrganizationListEachWithItsStatusDateAndSource() {
		String kassel = municipality("066110000000");
		String solution = publishSolution(municipality("064110000000"), unique("Export-Lösung"), List.of(10160));
		String adoption = recordAdoption(kassel, solution, "PLANNED");
		List<List<String>> rows = csv("/export/adoptions.csv?organization=" + kassel);
		List<String> row = rows.stream().filter(r -> r.get(r.size() - 1).contains(adoption)).findFirst().orElseThrow();
		assertThat(row.subList(0, 2)).containsExactly("Kassel", "=\"066110000000\"");
		assertThat(row.get(4)).isEqualTo("PLANNED");
		assertThat(row.get(5)).isEqualTo(TODAY);
		assertThat(row.get(6)).isEqualTo("10160");
		assertThat(row.get(10)).isEqualTo("SELF_REPORTED");
		assertThat(csv("/export/adoptions.csv?solution=" + solution)).hasSize(2);
	}

	@Test
	void everyExportIsACsvAndAnXlsxNamedAfterWhatIsInside() throws IOException {
		for (List<String> export : EXPORTS) {
			String path = "/export/" + export.get(0);
			EntityExchangeResult<byte[]> csv = download(path + ".csv" + export.get(1), "text/csv");
			assertThat(csv.getResponseHeaders().getContentDisposition().getFilename()).as(path)
				.isEqualTo(export.get(2) + ".csv");
			String text = new String(csv.getResponseBody(), StandardCharsets.UTF_8);
			assertThat(text).as(path).startsWith("\uFEFF" + export.get(3) + "\r\n");
			List<String> lines = text.substring(1).lines().toList();

			EntityExchangeResult<byte[]> xlsx = download(path + ".xlsx" + export.get(1), XlsxExport.MEDIA_TYPE);
			assertThat(xlsx.getResponseHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION)).as(path)
				.isEqualTo("attachment; filename=\"" + export.get(2) + ".xlsx\"");
			List<Row> sheet = sheet(xlsx.getResponseBody());
			assertThat(sheet).as(path).hasSize(lines.size());
			assertThat(sheet.get(0).stream().map(Cell::getText).toList()).as(path)
				.isEqualTo(Arrays.stream(export.get(3).split(";")).map(t -> t.replace(" in %", "")).toList());
		}
	}

	@Test
	void theXlsxHasTextKeysWithLeadingZerosPercentCellsAndNamesNextToIds() throws IOException {
		List<Row> coverage = sheet(download("/export/coverage.xlsx?ozgId=10160&level=DISTRICT&within=06",
				XlsxExport.MEDIA_TYPE).getResponseBody());
		assertThat(coverage).hasSize(27);
		Row darmstadt = coverage.stream().filter(r -> "Darmstadt".equals(r.getCell(1).getText())).findFirst()
			.orElseThrow();
		assertThat(darmstadt.getCell(0).getType()).isEqualTo(CellType.STRING);
		assertThat(darmstadt.getCell(0).asString()).isEqualTo("064110000000");
		for (Row row : coverage.subList(1, coverage.size())) {
			assertThat(row.getCell(0).getType()).isEqualTo(CellType.STRING);
			assertThat(row.getCell(0).asString()).startsWith("06").hasSize(12);
			assertThat(row.getCell(2).getType()).isEqualTo(CellType.NUMBER);
			Cell share = row.getCell(4);
			assertThat(share.getType()).isEqualTo(CellType.NUMBER);
			assertThat(share.getDataFormatString()).isEqualTo("0.00%");
			assertThat(share.asNumber().doubleValue()).isCloseTo(
					row.getCell(3).asNumber().doubleValue() / row.getCell(2).asNumber().doubleValue(), within(1e-9));
			assertThat(row.getCell(8).asString()).isIn("ja", "nein");
		}

		List<Row> top = sheet(download("/export/top-solutions.xlsx", XlsxExport.MEDIA_TYPE).getResponseBody());
		assertThat(top).hasSizeGreaterThan(3);
		for (Row row : top.subList(1, top.size())) {
			assertThat(row.getCell(0).getType()).isEqualTo(CellType.STRING);
			assertThat(row.getCell(1).getType()).isEqualTo(CellType.STRING);
			assertThat(row.getCell(1).asString()).isNotBlank().doesNotMatch(UUID_PATTERN);
			assertThat(row.getCell(3).getType()).isEqualTo(CellType.NUMBER);
			assertThat(row.getCell(6).asString()).matches(UUID_PATTERN);
		}

		List<Row> duplication = sheet(download("/export/duplication-index.xlsx", XlsxExport.MEDIA_TYPE)
			.getResponseBody());
		for (Row row : duplication.subList(1, duplication.size())) {
			assertThat(row.getCell(0).getType()).isEqualTo(CellType.STRING);
			assertThat(row.getCell(0).asString()).matches("[0-9]{5}");
			assertThat(row.getCell(1).asString()).isNotBlank();
		}
	}

	@Test
	void invalidParametersAreAPlainBadRequestInBothFormats() {
		WebTestClient client = client();
		for (String uri : List.of("/export/coverage.xlsx?ozgId=abc", "/export/coverage.csv?ozgId=99999",
				"/export/top-solutions.xlsx?themenfeld=99", "/export/duplication-index.csv?themenfeld=x",
				"/export/region-report.xlsx?within=99", "/export/timeline.xlsx?ozgId=10160",
				"/export/themenfeld-coverage.csv", "/export/themenfeld-coverage.xlsx?themenfeld=2&level=MUNICIPALITY",
				"/export/adoptions.csv", "/export/adoptions.xlsx?organization=abc", "/export/adoptions.csv?land=17",
				"/export/adoptions.csv?land=06&solution=00000000-0000-0000-0000-000000000000",
				"/export/adoptions.xlsx?solution=00000000-0000-0000-0000-000000000000")) {
			client.get().uri(uri).exchange().expectStatus().isBadRequest()
				.expectHeader().contentTypeCompatibleWith("text/plain");
		}
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
			.responseTimeout(java.time.Duration.ofSeconds(60)).build();
	}

	private EntityExchangeResult<byte[]> download(String uri, String type) {
		return client().get().uri(uri).exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(type)
			.expectBody().returnResult();
	}

	/** The rows of a CSV answer, each split into its fields (quotes as CSV writes them). */
	private List<List<String>> csv(String uri) {
		byte[] body = download(uri, "text/csv").getResponseBody();
		assertThat(body).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
		return new String(body, StandardCharsets.UTF_8).substring(1).lines().map(ExportsTest::fields).toList();
	}

	/** The fields of one line: separated by semicolons; a field that starts with a quote is quoted. */
	static List<String> fields(String line) {
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					field.append(c);
				}
			}
			else if (c == '"' && field.isEmpty()) {
				quoted = true;
			}
			else if (c == ';') {
				fields.add(field.toString());
				field.setLength(0);
			}
			else {
				field.append(c);
			}
		}
		fields.add(field.toString());
		return fields;
	}

	private static double german(String number) {
		return Double.parseDouble(number.replace(".", "").replace(',', '.'));
	}

	private static List<Row> sheet(byte[] xlsx) throws IOException {
		try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx),
				new ReadingOptions(true, false))) {
			try (var rows = workbook.getFirstSheet().openStream()) {
				return rows.toList();
			}
		}
	}

}
