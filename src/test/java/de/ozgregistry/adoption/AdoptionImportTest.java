package de.ozgregistry.adoption;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code importAdoptions}: a spreadsheet as German Excel saves it ("CSV (Trennzeichen-getrennt)": semicolons,
 * Windows-1252, CRLF), a dry run that reports row by row and writes nothing, an apply that is all or nothing and
 * idempotent, and broken files refused with a clear error.
 */
class AdoptionImportTest extends ApiTest {

	private static final String IMPORT = """
			mutation($input: ImportAdoptionsInput!) { importAdoptions(input: $input) { report {
			  fileName sha256 dryRun applied format encoding separator unreadColumns created changed unchanged refused
			  rows { line outcome message organizationName solutionName adoptionId } } } }""";

	private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

	@Test
	void aDryRunReportsEveryRowAndWritesNothingThenTheFileIsAppliedOnceAndAllOrNothing() {
		String solutionName = unique("Wohngeld-Antrag (Import)");
		String solution = publishSolution(municipality("064120000000"), solutionName, List.of(10160, 10161));
		String ambiguous = db.sql("""
				select name from organization where 'MUNICIPALITY' = any (kinds)
				group by name having count(*) > 1 order by name limit 1""")
			.map(row -> row.get(0, String.class))
			.one()
			.block();
		String first = String.join("\r\n",
				"ARS;Organisation;Kreis;Lösung;OZG-IDs;Status;Datum;Betriebsmodell;Bemerkung",
				"064120000000;;;" + solutionName + ";10160;live;01.03.2024;CENTRAL_SERVICE;\"Frankfurt; seit März\"",
				";Mainz;;" + solution + ";;geplant;;;Landeshauptstadt",
				";" + ambiguous + ";;" + solutionName + ";;live;;;",
				"064120000999;;;" + solutionName + ";;live;;;",
				"064120000000;;;" + solutionName + ";;geplant;;;doppelt", "");
		var report = importFile("Übersicht Hessen.csv", first.getBytes(WINDOWS_1252), true);
		report.path("dryRun").entity(Boolean.class).isEqualTo(true);
		report.path("applied").entity(Boolean.class).isEqualTo(false);
		report.path("rows[*].outcome").entityList(String.class)
			.containsExactly("CREATE", "CREATE", "REFUSED", "REFUSED", "REFUSED");
		report.path("rows[*].line").entityList(Integer.class).containsExactly(2, 3, 4, 5, 6);
		report.path("rows[0].organizationName").entity(String.class).isEqualTo("Frankfurt am Main");
		report.path("rows[2].message").entity(String.class)
			.satisfies(message -> assertThat(message).contains("organizations have the name '" + ambiguous + "'"));
		report.path("rows[3].message").entity(String.class).isEqualTo("No organization with ARS 064120000999.");
		report.path("rows[4].message").entity(String.class)
			.isEqualTo("The same organization and solution as line 2: one row per adoption.");
		report.path("encoding").entity(String.class).isEqualTo("windows-1252");
		report.path("separator").entity(String.class).isEqualTo(";");
		report.path("unreadColumns").entityList(String.class).containsExactly("bemerkung");
		assertThat(adoptions(solution)).as("a dry run writes nothing").isZero();
		assertThat(count("select count(*) from data_source where name = 'Übersicht Hessen.csv'")).isZero();

		// applied with the refused rows: nothing of it is written
		importFile("Übersicht Hessen.csv", first.getBytes(WINDOWS_1252), false).path("applied").entity(Boolean.class)
			.isEqualTo(false);
		assertThat(adoptions(solution)).as("a file with a refused row is not applied").isZero();

		// corrected (as UTF-8 with a byte order mark, as "CSV UTF-8" saves it): applied
		String corrected = "\uFEFF" + String.join("\r\n",
				"ARS;Organisation;Kreis;Lösung;OZG-IDs;Status;Datum;Betriebsmodell",
				"064120000000;;;" + solutionName + ";10160;live;01.03.2024;CENTRAL_SERVICE",
				";Mainz;;" + solution + ";;geplant;;", "");
		byte[] file = corrected.getBytes(StandardCharsets.UTF_8);
		var applied = importFile("Übersicht Hessen (korrigiert).csv", file, false);
		applied.path("applied").entity(Boolean.class).isEqualTo(true);
		applied.path("created").entity(Integer.class).isEqualTo(2);
		assertThat(adoptions(solution)).isEqualTo(2);
		String sha256 = applied.path("sha256").entity(String.class).get();
		assertThat(count("""
				select count(*) from adoption a join data_source d on d.id = a.data_source_id
				where a.solution_id = '%s' and a.source = 'IMPORTED' and d.name = 'Übersicht Hessen (korrigiert).csv'
				  and d.attribution like '%%%s%%'""".formatted(solution, sha256))).isEqualTo(2);
		assertThat(count("""
				select count(*) from adoption a join adoption_ozg_service o on o.adoption_id = a.id
				where a.solution_id = '%s' and a.status = 'LIVE'""".formatted(solution)))
			.as("the OZG-IDs named: 10160 only").isOne();
		assertThat(count("""
				select count(*) from adoption_status_transition t join adoption a on a.id = t.adoption_id
				where a.solution_id = '%s' and t.effective_date = '2024-03-01'""".formatted(solution))).isOne();
		long entries = count("select count(*) from change_log c join adoption a on a.id = c.entity_id "
				+ "where a.solution_id = '" + solution + "'");
		assertThat(entries).isEqualTo(2);

		// the same file again: every row as it is, nothing written
		var again = importFile("Übersicht Hessen (korrigiert).csv", file, false);
		again.path("rows[*].outcome").entityList(String.class).containsExactly("UNCHANGED", "UNCHANGED");
		assertThat(count("select count(*) from change_log c join adoption a on a.id = c.entity_id "
				+ "where a.solution_id = '" + solution + "'")).isEqualTo(entries);

		// Mainz goes live, but Frankfurt would go back: nothing applied
		String mixed = String.join("\n", "AGS,Lösung,Status", "07315000," + solution + ",LIVE",
				"06412000," + solution + ",PLANNED");
		var backwards = importFile("Rückschritt.csv", mixed.getBytes(StandardCharsets.UTF_8), false);
		backwards.path("rows[*].outcome").entityList(String.class).containsExactly("CHANGE", "REFUSED");
		backwards.path("rows[1].message").entity(String.class)
			.isEqualTo("The adoption is LIVE; it cannot go back to PLANNED.");
		backwards.path("applied").entity(Boolean.class).isEqualTo(false);
		assertThat(count("select count(*) from adoption where solution_id = '" + solution + "' and status = 'LIVE'"))
			.as("Mainz stays planned").isOne();

		// Mainz alone: it goes live, from this file
		var live = importFile("Mainz.csv", String.join("\n", "AGS,Lösung,Status", "07315000," + solution + ",live")
			.getBytes(StandardCharsets.UTF_8), false);
		live.path("rows[0].outcome").entity(String.class).isEqualTo("CHANGE");
		assertThat(count("select count(*) from adoption where solution_id = '" + solution + "' and status = 'LIVE'"))
			.isEqualTo(2);
	}

	/** A workbook as Excel keeps it: the ARS taken for a number (its leading zero gone), a date cell, a number cell. */
	@Test
	void aWorkbookIsReadFromItsFirstSheet() throws Exception {
		String solutionName = unique("Hundesteuer (Import)");
		String solution = publishSolution(municipality("064120000000"), solutionName, List.of(10160, 10161));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Workbook workbook = new Workbook(out, "ozg-registry test", "1.0");
		Worksheet sheet = workbook.newWorksheet("Tabelle1");
		List<String> header = List.of("ARS", "Lösung", "OZG-IDs", "Status", "Datum");
		for (int column = 0; column < header.size(); column++) {
			sheet.value(0, column, header.get(column));
		}
		sheet.value(1, 0, 64120000000L);
		sheet.value(1, 1, solutionName);
		sheet.value(1, 2, 10161);
		sheet.value(1, 3, "In Umsetzung");
		sheet.value(1, 4, LocalDate.of(2025, 11, 3));
		sheet.style(1, 4).format("dd.mm.yyyy").set();
		workbook.finish();
		byte[] file = out.toByteArray();
		var report = importFile("Hessen.xlsx", file, false);
		report.path("format").entity(String.class).isEqualTo("XLSX");
		report.path("rows[0].outcome").entity(String.class).isEqualTo("CREATE");
		report.path("rows[0].organizationName").entity(String.class).isEqualTo("Frankfurt am Main");
		assertThat(count("""
				select count(*) from adoption a join adoption_status_transition t on t.adoption_id = a.id
				join adoption_ozg_service o on o.adoption_id = a.id
				where a.solution_id = '%s' and t.status = 'IN_PROGRESS' and t.effective_date = '2025-11-03'
				  and o.ozg_id = 10161""".formatted(solution))).isOne();

		// cut off on the way: refused, nothing written
		byte[] truncated = Arrays.copyOf(file, file.length / 2);
		assertError(execute(IMPORT, input("Hessen.xlsx", truncated, false)), "VALIDATION_FAILED", "input.content");
	}

	@Test
	void aPublisherImportsOnlyForItsOwnOrganization() {
		String frankfurt = municipality("064120000000");
		String solutionName = unique("Gewerbeanmeldung (Import)");
		publishSolution(frankfurt, solutionName, List.of(10160));
		String token = issueToken(frankfurt, "PUBLISHER");
		byte[] file = String.join("\n", "ARS;Lösung;Status", "064120000000;" + solutionName + ";Interesse",
				"073150000000;" + solutionName + ";Interesse").getBytes(StandardCharsets.UTF_8);
		var report = new Report(executeAs(token, IMPORT, input("Kommunen.csv", file, true)));
		report.path("rows[*].outcome").entityList(String.class).containsExactly("CREATE", "REFUSED");
		report.path("rows[1].message").entity(String.class)
			.isEqualTo("Importing adoptions is only allowed for Mainz itself, its Land's coordinator or an admin.");
	}

	/** The documented request limit (1 MB) holds for a file of 300 KB (400 KB in base64), not only 256 KiB. */
	@Test
	void aFileOfSeveralHundredKilobytesIsRead() {
		StringBuilder file = new StringBuilder("ARS;Lösung;Status;Bemerkung\r\n");
		for (int row = 0; file.length() < 300_000; row++) {
			file.append("1234;Eine Lösung;live;Zeile ").append(row).append(" einer langen Liste\r\n");
		}
		var report = new Report(execute("""
				mutation($input: ImportAdoptionsInput!) { importAdoptions(input: $input) { report {
				  refused rows(outcome: REFUSED, first: 2) { line message } } } }""",
				input("Lang.csv", file.toString().getBytes(StandardCharsets.UTF_8), true)));
		report.path("refused").entity(Integer.class).satisfies(refused -> assertThat(refused).isGreaterThan(5000));
		report.path("rows[*].line").entityList(Integer.class).containsExactly(2, 3);
		report.path("rows[0].message").entity(String.class).isEqualTo("An ARS has exactly 12 digits (Länder and Kreise zero-padded), e.g. 073150000000 for Mainz.");
	}

	/**
	 * A 50 MB file (67 MB in base64) is over the 32 MB a request with a token may carry: refused with 413 by its
	 * length, before it is read. One of 20 MB is read, and refused for its 300,000 rows.
	 */
	@Test
	void aFileOf50MbIsRefusedBeforeItIsReadAndOneOf20MbForItsRows() {
		for (int megabytes : new int[] { 50, 20 }) {
			byte[] row = "064120000000;Eine Lösung;live;01.03.2024;eine Bemerkung zur Zeile\r\n"
				.getBytes(StandardCharsets.UTF_8);
			byte[] file = new byte[megabytes * 1_000_000];
			for (int at = 0; at < file.length; at += row.length) {
				System.arraycopy(row, 0, file, at, Math.min(row.length, file.length - at));
			}
			byte[] header = "ARS;Lösung;Status;Datum;Bemerkung\r\n".getBytes(StandardCharsets.UTF_8);
			System.arraycopy(header, 0, file, 0, header.length);
			String body = "{\"query\":\"mutation($input: ImportAdoptionsInput!) { importAdoptions(input: $input) "
					+ "{ report { refused } } }\",\"variables\":{\"input\":{\"fileName\":\"gross.csv\",\"dryRun\":true,"
					+ "\"content\":\"" + Base64.getEncoder().encodeToString(file) + "\"}}}";
			var response = web.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
				.headers(headers -> headers.setBearerAuth(ADMIN_TOKEN))
				.bodyValue(body.getBytes(StandardCharsets.US_ASCII))
				.exchange();
			if (megabytes == 50) {
				response.expectStatus().isEqualTo(413)
					.expectBody(String.class).value(text -> assertThat(text).contains("QUERY_TOO_COMPLEX"));
			}
			else {
				response.expectStatus().isOk()
					.expectBody(String.class).value(text -> assertThat(text).contains("VALIDATION_FAILED")
						.contains("at most 100000 are imported at once: split it."));
			}
		}
	}

	@Test
	void brokenFilesAreRefusedWithAClearError() {
		assertError(executeAs(null, IMPORT, input("a.csv", "ARS;Lösung;Status\n".getBytes(StandardCharsets.UTF_8),
				true)), "UNAUTHENTICATED", null);
		assertError(execute(IMPORT, Map.of("input", Map.of("fileName", "a.csv", "content", "kein base64!",
				"dryRun", true))), "VALIDATION_FAILED", "input.content");
		assertError(execute(IMPORT, input("abgeschnitten.csv",
				"ARS;Lösung;Status\n064120000000;\"Wohngeld;live\n".getBytes(StandardCharsets.UTF_8), true)),
				"VALIDATION_FAILED", "input.content");
		assertError(execute(IMPORT, input("falsch.csv", "Gemeinde-Nr;Verfahren\n1;2\n".getBytes(StandardCharsets.UTF_8),
				true)), "VALIDATION_FAILED", "input.content");
		// an Excel workbook given as CSV
		byte[] workbook = { 'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0 };
		assertError(execute(IMPORT, input("Tabelle.xlsx", workbook, true)), "VALIDATION_FAILED", "input.content");
	}

	@Autowired
	private WebTestClient web;

	private Report importFile(String name, byte[] content, boolean dryRun) {
		return new Report(execute(IMPORT, input(name, content, dryRun)));
	}

	/** The report of a response, by paths relative to it. */
	private record Report(GraphQlTester.Response response) {

		GraphQlTester.Path path(String path) {
			return response.path("importAdoptions.report." + path);
		}

	}

	private static Map<String, Object> input(String name, byte[] content, boolean dryRun) {
		return Map.of("input", Map.of("fileName", name, "content", Base64.getEncoder().encodeToString(content),
				"dryRun", dryRun));
	}

	private long adoptions(String solution) {
		return count("select count(*) from adoption where solution_id = '" + solution + "'");
	}

}
