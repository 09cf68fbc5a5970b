package de.ozgregistry.adoption;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLEnumValueDefinition;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import de.ozgregistry.database.Binds;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.imports.ImportFile;
import de.ozgregistry.imports.ImportReport;
import de.ozgregistry.imports.ImportReport.ImportRow;
import de.ozgregistry.imports.ImportReport.Outcome;
import de.ozgregistry.imports.ImportTransaction;
import de.ozgregistry.imports.Spreadsheet;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.Organizations;
import de.ozgregistry.security.Actor;
import de.ozgregistry.security.Permissions;
import de.ozgregistry.solution.Solution;
import de.ozgregistry.solution.Solutions;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * A spreadsheet of adoptions (CSV as Excel saves it) brought in as the mutations would record them: each row creates
 * an adoption ({@code recordAdoption}), moves an existing one to a later status ({@code updateAdoptionStatus}), finds
 * it as it is, or is refused with the reason. The whole file runs in one transaction, with the same checks,
 * permissions and projections as those mutations; a dry run, and a file with a refused row, are rolled back, so that
 * the report of a dry run is exactly what applying the file does, and a file is applied all or nothing. Applied twice,
 * the second time finds every row as it is. What the file creates or changes is {@code IMPORTED}, with a data source
 * naming the file and its SHA-256.
 */
@Service
class AdoptionImport {

	/** The columns read, by the names they may have (lower case; German first). */
	static final List<String> ARS = List.of("ars", "regionalschlüssel", "regionalschluessel");

	static final List<String> AGS = List.of("ags", "gemeindeschlüssel", "gemeindeschluessel");

	static final List<String> NAME = List.of("organisation", "kommune", "gemeinde", "name", "organization");

	static final List<String> KREIS = List.of("kreis", "landkreis", "district");

	static final List<String> SOLUTION = List.of("lösung", "loesung", "lösungs-id", "solution");

	static final List<String> OZG_IDS = List.of("ozg-ids", "ozg-id", "ozg-leistungen", "ozgids");

	static final List<String> STATUS = List.of("status");

	static final List<String> DATE = List.of("datum", "seit", "date", "effectivedate");

	static final List<String> OPERATING_MODEL = List.of("betriebsmodell", "operatingmodel", "operating model");

	static final List<String> LEGAL_PATH = List.of("rechtsweg", "nachnutzungsweg", "legalpath", "legal path");

	static final List<String> SOLUTION_VERSION = List.of("version", "release", "solutionversion");

	/** German words for the statuses, as a spreadsheet may have them (the schema's names are accepted too). */
	private static final Map<String, AdoptionStatus> STATUS_WORDS = Map.ofEntries(
			Map.entry("interesse", AdoptionStatus.INTERESTED), Map.entry("interessiert", AdoptionStatus.INTERESTED),
			Map.entry("geplant", AdoptionStatus.PLANNED), Map.entry("in planung", AdoptionStatus.PLANNED),
			Map.entry("in umsetzung", AdoptionStatus.IN_PROGRESS), Map.entry("in arbeit", AdoptionStatus.IN_PROGRESS),
			Map.entry("live", AdoptionStatus.LIVE), Map.entry("in betrieb", AdoptionStatus.LIVE),
			Map.entry("produktiv", AdoptionStatus.LIVE), Map.entry("live (nutzer)", AdoptionStatus.LIVE),
			Map.entry("eingestellt", AdoptionStatus.DISCONTINUED),
			Map.entry("beendet", AdoptionStatus.DISCONTINUED));

	private static final Pattern UUID_TEXT = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern DIGITS = Pattern.compile("[0-9]+");

	/**
	 * At most this many rows per file (with a token, a request may carry 32 MB, OZG_MAX_IMPORT_SIZE: some 300,000
	 * rows of a spreadsheet; bench/import.sh measures time and heap).
	 */
	static final int MAX_ROWS = 100_000;

	private final DatabaseClient db;

	private final AdoptionRecording recording;

	private final Organizations organizations;

	private final Solutions solutions;

	private final ImportTransaction transaction;

	private final ImportLookups lookups;

	private final ObjectProvider<GraphQlSource> schema;

	AdoptionImport(DatabaseClient db, AdoptionRecording recording, Organizations organizations, Solutions solutions,
			ImportTransaction transaction, ImportLookups lookups, ObjectProvider<GraphQlSource> schema) {
		this.db = db;
		this.recording = recording;
		this.organizations = organizations;
		this.solutions = solutions;
		this.transaction = transaction;
		this.lookups = lookups;
		this.schema = schema;
	}

	Mono<ImportReport> run(String fileName, String content, boolean dryRun, Actor actor) {
		return ImportFile.offTheEventLoop(() -> {
			Permissions.requireAuthenticated(actor);
			ImportFile file = ImportFile.of(fileName, content);
			Spreadsheet.Table table = Spreadsheet.read(file.content(), "input.content");
			requireColumns(table);
			if (table.rows().size() > MAX_ROWS) {
				throw RegistryException.invalid("input.content", "too-many-rows", "The file has "
						+ table.rows().size() + " rows; at most " + MAX_ROWS + " are imported at once: split it.");
			}
			Set<String> known = new HashSet<>();
			for (List<String> names : List.of(ARS, AGS, NAME, KREIS, SOLUTION, OZG_IDS, STATUS, DATE, OPERATING_MODEL,
					LEGAL_PATH, SOLUTION_VERSION)) {
				known.addAll(names);
			}
			Map<String, Integer> seen = new HashMap<>();
			return transaction.run(file, table, dryRun, null, file.attribution(), table.unreadColumns(known),
					() -> transaction.rows(table.rows(), Adoptions.TABLES, row -> row(row, seen, file, actor)),
					List::of);
		});
	}

	private static void requireColumns(Spreadsheet.Table table) {
		List<String> missing = new ArrayList<>();
		if (table.columns().stream().noneMatch(column -> ARS.contains(column) || AGS.contains(column)
				|| NAME.contains(column))) {
			missing.add("ARS (or AGS, or Organisation with Kreis)");
		}
		if (table.columns().stream().noneMatch(SOLUTION::contains)) {
			missing.add("Lösung (ID or name)");
		}
		if (table.columns().stream().noneMatch(STATUS::contains)) {
			missing.add("Status");
		}
		if (!missing.isEmpty()) {
			throw RegistryException.invalid("input.content", "columns", "The file lacks the columns "
					+ String.join(", ", missing) + "; its first line has " + table.columns() + ".");
		}
	}

	/** One row: resolved, then recorded or moved on as the mutations do; any refusal becomes the row's reason. */
	private Mono<ImportRow> row(Spreadsheet.Row row, Map<String, Integer> seen, ImportFile file, Actor actor) {
		Resolved resolved = new Resolved();
		return Mono.defer(() -> {
			AdoptionStatus status = status(row.get(STATUS));
			LocalDate date = date(row.get(DATE));
			List<Integer> ozgIds = ozgIds(row.get(OZG_IDS));
			String operatingModel = enumValue("OperatingModel", row.get(OPERATING_MODEL), "operating model");
			String legalPath = enumValue("LegalPath", row.get(LEGAL_PATH), "legal path");
			String version = row.get(SOLUTION_VERSION);
			return organization(row)
				.doOnNext(organization -> {
					resolved.organization = organization;
					Permissions.requireActsFor(actor, organization, "Importing adoptions");
				})
				.then(solution(row))
				.doOnNext(solution -> resolved.solution = solution)
				.flatMap(solution -> {
					String key = resolved.organization.id() + "/" + solution.id();
					Integer earlier = seen.putIfAbsent(key, row.line());
					if (earlier != null) {
						return Mono.error(RegistryException.invalid("row", "repeated", "The same organization and "
								+ "solution as line " + earlier + ": one row per adoption."));
					}
					return recording.activeAdoption(resolved.organization.id(), solution.id());
				})
				.flatMap(current -> {
					resolved.adoptionId = current.id();
					if (current.status() == status) {
						return Mono.just(resolved.row(row, Outcome.UNCHANGED, "Already " + status + ".", status,
								current.id()));
					}
					if (!current.status().canMoveTo(status)) {
						return Mono.just(resolved.row(row, Outcome.REFUSED, "The adoption is " + current.status()
								+ "; it cannot go back to " + status + ".", null, current.id()));
					}
					return recording.updateStatus(new UpdateAdoptionStatusInput(current.id().toString(), status, date,
							null), actor, file.dataSourceId())
						.map(adoption -> resolved.row(row, Outcome.CHANGE, current.status() + " → " + status + ".",
								status, adoption.id()));
				})
				.switchIfEmpty(Mono.defer(() -> recording.record(new RecordAdoptionInput(
						resolved.organization.id().toString(), resolved.solution.id().toString(), ozgIds, status, date,
						operatingModel, legalPath, version, null), actor, file.dataSourceId())
					.map(adoption -> resolved.row(row, Outcome.CREATE, "New adoption, " + status + ".", status,
							adoption.id()))));
		}).onErrorResume(RegistryException.class, ex -> Mono.just(resolved.row(row, Outcome.REFUSED, ex.getMessage(),
				null, resolved.adoptionId)));
	}

	/** What a row has resolved to so far, for its report line. */
	private static final class Resolved {

		Organization organization;

		Solution solution;

		UUID adoptionId;

		/** The row's report line, with what it names as far as it was found. */
		ImportRow row(Spreadsheet.Row row, Outcome outcome, String message, AdoptionStatus status, UUID adoption) {
			return new ImportRow(row.line(), outcome, message, status == null ? null : status.name(),
					organization == null ? null : organization.id().toString(),
					organization == null ? null : organization.name(), solution == null ? null : solution.id().toString(),
					solution == null ? null : solution.name(), adoption == null ? null : adoption.toString(), null, null);
		}

	}

	private static AdoptionStatus status(String value) {
		if (value == null) {
			throw rowError("No status.");
		}
		String word = value.strip().toLowerCase(Locale.GERMAN);
		AdoptionStatus status = STATUS_WORDS.get(word);
		if (status != null) {
			return status;
		}
		try {
			return AdoptionStatus.valueOf(word.toUpperCase(Locale.ROOT).replace(' ', '_'));
		}
		catch (IllegalArgumentException ex) {
			throw rowError("Unknown status '" + value + "' (Interesse, geplant, in Umsetzung, live, eingestellt; or "
					+ "INTERESTED, PLANNED, IN_PROGRESS, LIVE, DISCONTINUED).");
		}
	}

	private static LocalDate date(String value) {
		if (value == null) {
			return null;
		}
		try {
			return Spreadsheet.date(value);
		}
		catch (DateTimeParseException ex) {
			throw rowError("The date '" + value + "' is neither TT.MM.JJJJ nor JJJJ-MM-TT.");
		}
	}

	private static List<Integer> ozgIds(String value) {
		if (value == null) {
			return null;
		}
		Set<Integer> ids = new LinkedHashSet<>();
		for (String part : value.split("[,;|/\\s]+")) {
			if (part.isBlank()) {
				continue;
			}
			if (!DIGITS.matcher(part).matches() || part.length() > 6) {
				throw rowError("'" + part + "' is not an OZG-ID (a number such as 10160).");
			}
			ids.add(Integer.valueOf(part));
		}
		return ids.isEmpty() ? null : List.copyOf(ids);
	}

	/** A value of one of the schema's enums (by its name, any case), or null if the cell is empty. */
	private String enumValue(String type, String value, String what) {
		if (value == null) {
			return null;
		}
		GraphQLEnumType values = (GraphQLEnumType) schema.getObject().schema().getType(type);
		String name = value.strip().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
		if (values.getValue(name) == null) {
			throw rowError("Unknown " + what + " '" + value + "' (one of " + values.getValues().stream()
				.map(GraphQLEnumValueDefinition::getName).toList() + ").");
		}
		return name;
	}

	/** The organization the row names: by ARS, by AGS (a Gemeinde), or by name (within the Kreis, if given). */
	private Mono<Organization> organization(Spreadsheet.Row row) {
		String ars = row.get(ARS);
		String ags = row.get(AGS);
		String name = row.get(NAME);
		if (ars != null) {
			return lookups.byArs(ars);
		}
		if (ags != null) {
			String key = ImportLookups.leadingZero(ags, 8);
			if (!key.matches("[0-9]{8}")) {
				throw rowError("The AGS '" + ags + "' is not 8 digits.");
			}
			return candidates(db.sql("""
					select id from organization
					where 'MUNICIPALITY' = any (kinds) and substr(ars, 1, 5) || substr(ars, 10, 3) = :key""")
				.bind("key", key), "AGS " + key);
		}
		if (name != null) {
			String kreis = row.get(KREIS);
			var spec = db.sql("""
					select o.id from organization o
					where lower(o.name) = lower(:key)
					  and (cast(:kreis as text) is null or exists (
					      select 1 from organization k
					      where 'DISTRICT' = any (k.kinds) and (lower(k.name) = lower(:kreis) or k.ars = :kreis)
					        and substr(o.ars, 1, 5) = substr(k.ars, 1, 5)))""")
				.bind("key", name);
			return candidates(Binds.nullable(spec, "kreis", kreis, String.class),
					"the name '" + name + "'" + (kreis == null ? "" : " in Kreis " + kreis));
		}
		throw rowError("No organization: give its ARS, its AGS, or its name (with the Kreis).");
	}

	/** The one organization the query finds; none or several refuse the row. */
	private Mono<Organization> candidates(DatabaseClient.GenericExecuteSpec spec, String what) {
		return spec.map(r -> r.get("id", UUID.class)).all().collectList().flatMap(ids -> {
			if (ids.isEmpty()) {
				return Mono.error(rowError("No organization with " + what + "."));
			}
			if (ids.size() > 1) {
				return Mono.error(rowError(ids.size() + " organizations have " + what
						+ ": give the ARS (or the Kreis)."));
			}
			return organizations.byId(ids.get(0));
		});
	}

	/** The solution the row names: by ID, or by its exact name (any case). */
	private Mono<Solution> solution(Spreadsheet.Row row) {
		String value = row.get(SOLUTION);
		if (value == null) {
			return Mono.error(rowError("No solution."));
		}
		if (UUID_TEXT.matcher(value).matches()) {
			return solutions.byId(UUID.fromString(value))
				.switchIfEmpty(Mono.error(rowError("No solution with the ID " + value + ".")));
		}
		return db.sql("select id from solution where lower(name) = lower(:name)")
			.bind("name", value)
			.map(r -> r.get("id", UUID.class))
			.all()
			.collectList()
			.flatMap(ids -> {
				if (ids.isEmpty()) {
					return Mono.error(rowError("No solution named '" + value + "'."));
				}
				if (ids.size() > 1) {
					return Mono.error(rowError(ids.size() + " solutions are named '" + value + "': give its ID."));
				}
				return solutions.byId(ids.get(0));
			});
	}

	private static RegistryException rowError(String message) {
		return ImportLookups.rowError(message);
	}

}
