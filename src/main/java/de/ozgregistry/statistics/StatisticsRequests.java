package de.ozgregistry.statistics;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import reactor.core.publisher.Mono;

import de.ozgregistry.graphql.RegistryException;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** Validation of the arguments statistics share: OZG-ID, region and date. */
@Component
class StatisticsRequests {

	private final DatabaseClient db;

	private final Clock clock;

	StatisticsRequests(DatabaseClient db, Clock clock) {
		this.db = db;
		this.clock = clock;
	}

	/** Fails with {@code VALIDATION_FAILED} unless the OZG-ID is in the catalogue. */
	Mono<Integer> ozgId(Integer ozgId) {
		if (ozgId == null) {
			return Mono.error(RegistryException.invalid("ozgId", "required", "ozgId is required."));
		}
		return db.sql("select 1 from ozg_service where ozg_id = :id")
			.bind("id", ozgId)
			.map(row -> ozgId)
			.one()
			.switchIfEmpty(Mono.error(RegistryException.invalid("ozgId", "unknown-ozg-id",
					"Not in the OZG catalogue: " + ozgId + ".")));
	}

	/** Fails with {@code VALIDATION_FAILED} unless the Themenfeld is in the catalogue. */
	Mono<Integer> themenfeld(Integer themenfeld) {
		return db.sql("select 1 from themenfeld where number = :number")
			.bind("number", themenfeld)
			.map(row -> themenfeld)
			.one()
			.switchIfEmpty(Mono.error(RegistryException.invalid("themenfeld", "unknown-themenfeld",
					"Not a Themenfeld of the catalogue: " + themenfeld + " (1–14).")));
	}

	/**
	 * The ARS prefix of a region: empty for the whole country, the 2-digit Land or 5-digit Kreis code as given, or
	 * the prefix of a zero-padded 12-digit ARS of a Land or Kreis.
	 */
	static String within(String within) {
		if (within == null || within.isBlank()) {
			return "";
		}
		String code = within.strip();
		if (code.matches("[0-9]{12}")) {
			code = code.endsWith("0000000000") ? code.substring(0, 2)
					: code.endsWith("0000000") ? code.substring(0, 5) : code;
		}
		if (!code.matches("[0-9]{2}|[0-9]{5}|[0-9]{9}|[0-9]{12}") || Integer.parseInt(code.substring(0, 2)) < 1
				|| Integer.parseInt(code.substring(0, 2)) > 16) {
			throw RegistryException.invalid("within", "region",
					"A region is a Land (06), a Kreis (06411) or the ARS of either (060000000000).");
		}
		return code;
	}

	/** The date statistics refer to: today (German time) if none is given; not in the future. */
	LocalDate at(LocalDate at) {
		LocalDate today = LocalDate.now(clock);
		if (at == null) {
			return today;
		}
		if (at.isAfter(today)) {
			throw RegistryException.invalid("at", "not-in-future", "Statistics describe today or the past.");
		}
		return at;
	}

	static LocalDate parseDate(String text) {
		try {
			return (text == null || text.isBlank()) ? null : LocalDate.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw RegistryException.invalid("at", "date", "A date is written 2024-03-31.");
		}
	}

}
