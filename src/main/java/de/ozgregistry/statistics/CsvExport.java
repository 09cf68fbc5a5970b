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

	@Bean
	RouterFunction<ServerResponse> csvExports(Coverage coverage, StatisticsRequests requests) {
		return RouterFunctions.route()
			.GET("/export/coverage.csv", request -> coverageCsv(request, coverage, requests))
			.build();
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

	/** A text cell, quoted when it holds a separator, quote or line break. */
	private static String cell(String text) {
		if (text.contains(";") || text.contains("\"") || text.contains("\n")) {
			return "\"" + text.replace("\"", "\"\"") + "\"";
		}
		return text;
	}

}
