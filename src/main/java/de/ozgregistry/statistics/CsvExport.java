package de.ozgregistry.statistics;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import de.ozgregistry.graphql.Inputs;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.organization.Ars;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Statistics for spreadsheets, each export as CSV and as XLSX from the same {@link ExportTable}
 * ({@code /export/coverage.csv} and {@code /export/coverage.xlsx}, ...). The CSV is made for Excel with German
 * settings: UTF-8 with a byte order mark, semicolon-separated, decimal comma, shares in percent, keys such as the ARS
 * written as {@code ="064110000000"} so that Excel keeps them as text with their leading zeros. Invalid parameters
 * get HTTP 400 with a plain message. The files are rendered off the event loop.
 */
@Configuration(proxyBeanMethods = false)
class CsvExport {

	private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	private static final MediaType XLSX = MediaType.parseMediaType(XlsxExport.MEDIA_TYPE);

	/** A number a spreadsheet reads as a number, never as a formula: {@code -5}, {@code +3,5}. */
	private static final Pattern PLAIN_NUMBER = Pattern.compile("[-+]?[0-9]+([.,][0-9]+)?");

	/** A key that may be written as a text formula: digits, letters and hyphens only, so nothing can run. */
	private static final Pattern SAFE_KEY = Pattern.compile("[0-9A-Za-z-]+");

	/** The longest timeline, in months. */
	private static final int MAX_MONTHS = 240;

	@Bean
	RouterFunction<ServerResponse> csvExports(ExportTables tables, StatisticsRequests requests) {
		Map<String, Function<ServerRequest, Mono<ExportTable>>> exports = new LinkedHashMap<>();
		exports.put("coverage", request -> coverage(request, tables, requests));
		exports.put("themenfeld-coverage", request -> themenfeldCoverage(request, tables, requests));
		exports.put("timeline", request -> timeline(request, tables, requests));
		exports.put("region-report", request -> tables.regionReport(within(request), at(request, requests)));
		exports.put("top-solutions", request -> themenfeld(request, requests).flatMap(field -> tables.topSolutions(
				within(request), field.orElse(null), at(request, requests),
				"POPULATION".equals(request.queryParam("by").orElse("ADOPTERS")))));
		exports.put("duplication-index", request -> themenfeld(request, requests)
			.flatMap(field -> tables.duplication(within(request), field.orElse(null), at(request, requests))));
		exports.put("adoptions", request -> adoptions(request, tables));
		RouterFunctions.Builder routes = RouterFunctions.route();
		exports.forEach((name, table) -> routes
			.GET("/export/" + name + ".csv",
					request -> respond(Mono.defer(() -> table.apply(request)), ".csv", CSV, CsvExport::csv))
			.GET("/export/" + name + ".xlsx",
					request -> respond(Mono.defer(() -> table.apply(request)), ".xlsx", XLSX, XlsxExport::xlsx)));
		return routes.build();
	}

	private static Mono<ExportTable> coverage(ServerRequest request, ExportTables tables,
			StatisticsRequests requests) {
		Coverage.Level level = level(request);
		Integer ozgId = ozgIdOf(request);
		String within = within(request);
		LocalDate at = at(request, requests);
		return requests.ozgId(ozgId).flatMap(id -> tables.coverage(id, level, within, at));
	}

	private static Mono<ExportTable> themenfeldCoverage(ServerRequest request, ExportTables tables,
			StatisticsRequests requests) {
		Coverage.Level level = level(request);
		String within = within(request);
		return themenfeld(request, requests).flatMap(field -> field
			.map(number -> tables.themenfeldCoverage(number, level, within))
			.orElseThrow(() -> RegistryException.invalid("themenfeld", "required", "themenfeld is required (1–14).")));
	}

	private static Mono<ExportTable> timeline(ServerRequest request, ExportTables tables,
			StatisticsRequests requests) {
		Integer ozgId = ozgIdOf(request);
		LocalDate from = StatisticsRequests.parseDate(request.queryParam("from").orElse(null));
		if (from == null) {
			throw RegistryException.invalid("from", "required", "from is required, e.g. 2021-01-01.");
		}
		LocalDate to = requests.at(StatisticsRequests.parseDate(request.queryParam("to").orElse(null)));
		String interval = request.queryParam("interval").orElse("MONTH");
		if (!interval.equals("MONTH") && !interval.equals("QUARTER")) {
			throw RegistryException.invalid("interval", "interval", "interval is MONTH or QUARTER.");
		}
		if (from.isAfter(to) || ChronoUnit.MONTHS.between(from, to) > MAX_MONTHS) {
			throw RegistryException.invalid("from", "range", "from lies after to or more than 240 months before.");
		}
		String within = within(request);
		Mono<Integer> checked = (ozgId == null) ? Mono.just(-1) : requests.ozgId(ozgId);
		return checked.flatMap(id -> tables.timeline(ozgId, within, from, to, interval));
	}

	/**
	 * Renders the table off the event loop and answers with it as an attachment named after its content, or with
	 * HTTP 400 and the message for invalid parameters.
	 */
	private static Mono<ServerResponse> respond(Mono<ExportTable> table, String extension, MediaType type,
			Function<ExportTable, byte[]> writer) {
		return table.publishOn(Schedulers.boundedElastic())
			.flatMap(t -> {
				byte[] body = writer.apply(t);
				return ServerResponse.ok()
					.contentType(type)
					.header(HttpHeaders.CONTENT_DISPOSITION,
							ContentDisposition.attachment().filename(t.fileName() + extension).build().toString())
					.bodyValue(body);
			})
			.onErrorResume(RegistryException.class, ex -> ServerResponse.badRequest()
				.contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
				.bodyValue(ex.getMessage()));
	}

	private static Coverage.Level level(ServerRequest request) {
		try {
			return Coverage.Level.valueOf(request.queryParam("level").orElse("STATE"));
		}
		catch (IllegalArgumentException ex) {
			throw RegistryException.invalid("level", "level", "level is STATE, DISTRICT or MUNICIPALITY.");
		}
	}

	/** The adoptions of exactly one of: an organization ({@code organization=<ID>}), a solution, a Land. */
	private static Mono<ExportTable> adoptions(ServerRequest request, ExportTables tables) {
		String organization = request.queryParam("organization").orElse(null);
		String solution = request.queryParam("solution").orElse(null);
		String land = request.queryParam("land").orElse(null);
		if (java.util.stream.Stream.of(organization, solution, land).filter(java.util.Objects::nonNull).count() != 1) {
			throw RegistryException.invalid("organization", "one-of", "Name exactly one of organization (an ID), "
					+ "solution (an ID) or land (its code, 01–16).");
		}
		return tables.adoptions(Inputs.optionalId(organization, "organization"),
				Inputs.optionalId(solution, "solution"), Ars.landFilter(land, "land"));
	}

	private static String within(ServerRequest request) {
		return StatisticsRequests.within(request.queryParam("within").orElse(null));
	}

	private static LocalDate at(ServerRequest request, StatisticsRequests requests) {
		return requests.at(StatisticsRequests.parseDate(request.queryParam("at").orElse(null)));
	}

	private static Integer ozgIdOf(ServerRequest request) {
		try {
			return request.queryParam("ozgId").map(Integer::valueOf).orElse(null);
		}
		catch (NumberFormatException ex) {
			throw RegistryException.invalid("ozgId", "ozg-id", "ozgId is a 5-digit OZG-ID.");
		}
	}

	/** The Themenfeld asked for, checked against the catalogue; empty for none. */
	private static Mono<Optional<Integer>> themenfeld(ServerRequest request, StatisticsRequests requests) {
		Integer themenfeld;
		try {
			themenfeld = request.queryParam("themenfeld").filter(t -> !t.isBlank()).map(Integer::valueOf).orElse(null);
		}
		catch (NumberFormatException ex) {
			throw RegistryException.invalid("themenfeld", "themenfeld", "themenfeld is a number from 1 to 14.");
		}
		return (themenfeld == null) ? Mono.just(Optional.empty())
				: requests.themenfeld(themenfeld).map(Optional::of);
	}

	/**
	 * The table as CSV: a byte order mark, the header row (shares titled "in %"), CRLF line ends. Shares are written
	 * in percent with two decimals and a decimal comma ({@code 37,50}), whole numbers without separators, dates as
	 * {@code 2024-03-31}, keys as {@code ="064110000000"}, text through {@link #cell(String)}.
	 */
	static byte[] csv(ExportTable table) {
		StringBuilder csv = new StringBuilder("\uFEFF");
		List<ExportTable.Column> columns = table.columns();
		for (int c = 0; c < columns.size(); c++) {
			ExportTable.Column column = columns.get(c);
			csv.append((c == 0) ? "" : ";")
				.append(cell(column.kind() == ExportTable.Kind.PERCENT ? column.title() + " in %" : column.title()));
		}
		csv.append("\r\n");
		for (List<Object> row : table.rows()) {
			for (int c = 0; c < columns.size(); c++) {
				csv.append((c == 0) ? "" : ";").append(csvValue(columns.get(c).kind(), row.get(c)));
			}
			csv.append("\r\n");
		}
		return csv.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static String csvValue(ExportTable.Kind kind, Object value) {
		if (value == null) {
			return "";
		}
		return switch (kind) {
			case TEXT -> cell(value.toString());
			case KEY -> key(value.toString());
			case PERCENT -> String.format(Locale.GERMANY, "%.2f", ((Number) value).doubleValue() * 100);
			case YES_NO -> Boolean.TRUE.equals(value) ? "ja" : "nein";
			case INTEGER, DATE -> value.toString();
		};
	}

	/**
	 * A key that Excel keeps as text: {@code ="064110000000"}. Excel and Google Sheets show the digits with their
	 * leading zeros instead of reading a number (and shortening 15+ digits); only digits, letters and hyphens are
	 * written so, anything else is an ordinary text cell.
	 */
	static String key(String value) {
		return SAFE_KEY.matcher(value).matches() ? "=\"" + value + "\"" : cell(value);
	}

	/**
	 * A text cell: neutralised with a leading apostrophe when it begins with a character that makes a spreadsheet
	 * read it as a formula ({@code = + - @}, tab or carriage return; OWASP's advice against CSV injection), unless
	 * it is a plain number, and quoted when it holds a separator, quote or line break.
	 */
	static String cell(String text) {
		String value = text;
		if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 && !PLAIN_NUMBER.matcher(value).matches()) {
			value = "'" + value;
		}
		if (value.contains(";") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
			return "\"" + value.replace("\"", "\"\"") + "\"";
		}
		return value;
	}

}
