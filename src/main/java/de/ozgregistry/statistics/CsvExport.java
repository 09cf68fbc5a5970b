package de.ozgregistry.statistics;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import reactor.core.publisher.Mono;

import de.ozgregistry.graphql.RegistryException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Statistics as CSV for spreadsheets: UTF-8 with a byte order mark, semicolon-separated, decimal comma, one header
 * row, so that Excel with German settings opens it correctly. Invalid parameters get HTTP 400 with a plain message.
 */
@Configuration(proxyBeanMethods = false)
class CsvExport {

	private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	/** A number a spreadsheet reads as a number, never as a formula: {@code -5}, {@code +3,5}. */
	private static final java.util.regex.Pattern PLAIN_NUMBER = java.util.regex.Pattern.compile("[-+]?[0-9]+([.,][0-9]+)?");

	@Bean
	RouterFunction<ServerResponse> csvExports(Coverage coverage, Reports reports, StatisticsRequests requests,
			de.ozgregistry.solution.Solutions solutions, de.ozgregistry.catalog.Catalog catalog) {
		return RouterFunctions.route()
			.GET("/export/coverage.csv", request -> coverageCsv(request, coverage, requests))
			.GET("/export/timeline.csv", request -> csv(request, "timeline", Mono.defer(() -> {
				Integer ozgId = ozgIdOf(request);
				java.time.LocalDate from = StatisticsRequests.parseDate(request.queryParam("from").orElse(null));
				if (from == null) {
					throw RegistryException.invalid("from", "required", "from is required, e.g. 2021-01-01.");
				}
				java.time.LocalDate to = StatisticsRequests.at(StatisticsRequests.parseDate(request.queryParam("to").orElse(null)));
				String interval = request.queryParam("interval").orElse("MONTH");
				if (!interval.equals("MONTH") && !interval.equals("QUARTER")) {
					throw RegistryException.invalid("interval", "interval", "interval is MONTH or QUARTER.");
				}
				if (from.isAfter(to) || java.time.temporal.ChronoUnit.MONTHS.between(from, to) > 240) {
					throw RegistryException.invalid("from", "range", "from lies after to or more than 240 months before.");
				}
				Mono<Integer> checked = (ozgId == null) ? Mono.just(-1) : requests.ozgId(ozgId);
				return checked.flatMap(id -> reports.timeline(ozgId, within(request), from, to, interval))
					.map(points -> table("Datum;Gemeinden;Gemeinden mit Leistung;Anteil Gemeinden;Einwohner;"
							+ "Einwohner mit Leistung;Anteil Einwohner;Paare Gemeinde-Leistung", points.stream()
						.map(p -> p.date() + ";" + p.municipalityCount() + ";" + p.coveredMunicipalities() + ";"
								+ decimal(p.municipalityShare()) + ";" + p.population() + ";" + p.populationCovered()
								+ ";" + decimal(p.populationShare()) + ";" + p.coveragePairs())
						.toList()));
			})))
			.GET("/export/region-report.csv", request -> csv(request, "region-report", Mono.defer(() -> {
				String within = within(request);
				java.time.LocalDate at = at(request);
				return Mono.zip(reports.themenfelder(within, at), catalog.themenfelder().collectList())
					.map(both -> table("Themenfeld;OZG-Leistungen;flächendeckend;teilweise;nicht verfügbar",
							both.getT1().stream().map(t -> cell(both.getT2().get(t.themenfeld() - 1).name()) + ";"
									+ t.ozgServices() + ";" + t.flaechendeckend() + ";" + t.partly() + ";" + t.none())
								.toList()));
			})))
			.GET("/export/top-solutions.csv", request -> csv(request, "top-solutions", Mono.defer(() -> {
				boolean byPopulation = "POPULATION".equals(request.queryParam("by").orElse("ADOPTERS"));
				return reports.topSolutions(within(request), themenfeldOf(request), at(request), byPopulation, 100)
					.flatMap(uses -> solutions.byIds(uses.stream().map(Reports.SolutionUse::solutionId).toList())
						.collectMap(de.ozgregistry.solution.Solution::id)
						.map(byId -> table("Lösung;Anbieter-ID;aktive Nutzer;Gemeinden;Einwohner", uses.stream()
							.map(u -> cell(byId.get(u.solutionId()).name()) + ";" + byId.get(u.solutionId()).providerId()
									+ ";" + u.liveAdopters() + ";" + u.coveredMunicipalities() + ";" + u.populationServed())
							.toList())));
			})))
			.GET("/export/duplication-index.csv", request -> csv(request, "duplication-index", Mono.defer(
					() -> reports.duplication(within(request), themenfeldOf(request), at(request), 100)
						.map(entries -> table("OZG-ID;Lösungen im Einsatz;Anbieter", entries.stream()
							.map(e -> e.ozgId() + ";" + e.solutionsInUse() + ";" + e.providers())
							.toList())))))
			.build();
	}

	private static String within(ServerRequest request) {
		return StatisticsRequests.within(request.queryParam("within").orElse(null));
	}

	private static java.time.LocalDate at(ServerRequest request) {
		return StatisticsRequests.at(StatisticsRequests.parseDate(request.queryParam("at").orElse(null)));
	}

	private static Integer ozgIdOf(ServerRequest request) {
		try {
			return request.queryParam("ozgId").map(Integer::valueOf).orElse(null);
		}
		catch (NumberFormatException ex) {
			throw RegistryException.invalid("ozgId", "ozg-id", "ozgId is a 5-digit OZG-ID.");
		}
	}

	private static Integer themenfeldOf(ServerRequest request) {
		try {
			return request.queryParam("themenfeld").map(Integer::valueOf).orElse(null);
		}
		catch (NumberFormatException ex) {
			throw RegistryException.invalid("themenfeld", "themenfeld", "themenfeld is a number from 1 to 14.");
		}
	}

	/** A CSV table with a byte order mark, a header and CRLF line ends. */
	private static String table(String header, List<String> lines) {
		return "\uFEFF" + header + "\r\n" + String.join("", lines.stream().map(l -> l + "\r\n").toList());
	}

	/** Answers with the CSV, or with HTTP 400 and the message for invalid parameters. */
	private static Mono<ServerResponse> csv(ServerRequest request, String name, Mono<String> body) {
		return body.flatMap(text -> ServerResponse.ok()
			.contentType(CSV)
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".csv\"")
			.bodyValue(text.getBytes(StandardCharsets.UTF_8)))
			.onErrorResume(RegistryException.class, ex -> ServerResponse.badRequest()
				.contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
				.bodyValue(ex.getMessage()));
	}

	private static Mono<ServerResponse> coverageCsv(ServerRequest request, Coverage coverage,
			StatisticsRequests requests) {
		return Mono.defer(() -> {
			String level = request.queryParam("level").orElse("STATE");
			Coverage.Level parsedLevel;
			try {
				parsedLevel = Coverage.Level.valueOf(level);
			}
			catch (IllegalArgumentException ex) {
				throw RegistryException.invalid("level", "level", "level is STATE, DISTRICT or MUNICIPALITY.");
			}
			Integer ozgId;
			try {
				ozgId = request.queryParam("ozgId").map(Integer::valueOf).orElse(null);
			}
			catch (NumberFormatException ex) {
				throw RegistryException.invalid("ozgId", "ozg-id", "ozgId is a 5-digit OZG-ID.");
			}
			String within = StatisticsRequests.within(request.queryParam("within").orElse(null));
			var at = StatisticsRequests.at(StatisticsRequests.parseDate(request.queryParam("at").orElse(null)));
			return requests.ozgId(ozgId).flatMap(id -> coverage.of(id, parsedLevel, within, at)).flatMap(rows -> {
				String file = "coverage-" + ozgId + "-" + parsedLevel.name().toLowerCase(Locale.ROOT) + ".csv";
				return ServerResponse.ok()
					.contentType(CSV)
					.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"")
					.bodyValue(coverageCsv(rows).getBytes(StandardCharsets.UTF_8));
			});
		}).onErrorResume(RegistryException.class, ex -> ServerResponse.badRequest()
			.contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
			.bodyValue(ex.getMessage()));
	}

	static String coverageCsv(List<CoverageRow> rows) {
		StringBuilder csv = new StringBuilder("\uFEFF");
		csv.append("ARS;Region;Gemeinden;Gemeinden mit Leistung;Anteil Gemeinden;Einwohner;Einwohner mit Leistung;"
				+ "Anteil Einwohner;flächendeckend\r\n");
		for (CoverageRow row : rows) {
			csv.append(row.region().ars()).append(';')
				.append(cell(row.region().name())).append(';')
				.append(row.municipalityCount()).append(';')
				.append(row.coveredMunicipalities()).append(';')
				.append(decimal(row.municipalityShare())).append(';')
				.append(row.population()).append(';')
				.append(row.populationCovered()).append(';')
				.append(decimal(row.populationShare())).append(';')
				.append(row.flaechendeckend() ? "ja" : "nein").append("\r\n");
		}
		return csv.toString();
	}

	private static String decimal(double value) {
		return String.format(Locale.GERMANY, "%.4f", value);
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
