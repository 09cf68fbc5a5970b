package de.ozgregistry.catalog;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import de.ozgregistry.changes.ChangeNotifications;
import de.ozgregistry.changes.Projections;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.imports.ImportFile;
import de.ozgregistry.imports.ImportReport;
import de.ozgregistry.imports.ImportReport.ImportRow;
import de.ozgregistry.imports.ImportReport.Outcome;
import de.ozgregistry.imports.ImportTransaction;
import de.ozgregistry.imports.Spreadsheet;
import de.ozgregistry.security.Actor;
import de.ozgregistry.security.Permissions;
import de.ozgregistry.SeedIds;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * A newer version of the OZG catalogue, loaded from a file with the seed's columns ({@code ozg_id}, {@code
 * ozg_leistung}, {@code lebenslage}, {@code themenfeld}) and the version's name and date ({@code katalog_version},
 * {@code katalog_stand}) in every row. The file is the whole catalogue: an OZG-Leistung it adds is created, one it
 * names differently is renamed (its former name kept), one it moves to another Lebenslage or Themenfeld is moved, one
 * it lacks is retired (never deleted: every solution and adoption keeps its link), one retired earlier that it names
 * again is current again. A Lebenslage the catalogue did not have is added to its Themenfeld; a Themenfeld must be one
 * of the 14.
 *
 * <p>The report is computed from the file and the current catalogue alone, so a dry run reports exactly what applying
 * does. Applying is all or nothing, in one transaction that also brings the derived data up to date (the search
 * entries of what changed; statistics are kept by OZG-ID and need nothing) and announces the change to cached reads.
 * A file that would retire more than {@link #MAX_RETIRED_SHARE} of the current OZG-Leistungen is refused: it is more
 * likely cut short than a real catalogue. The same file given again finds every
 * row as it is; a version's name names one file only.
 */
@Service
class CatalogueImport {

	static final List<String> OZG_ID = List.of("ozg_id", "ozg-id", "ozgid");

	static final List<String> NAME = List.of("ozg_leistung", "ozg-leistung", "bezeichnung", "name");

	static final List<String> LEBENSLAGE = List.of("lebenslage");

	static final List<String> THEMENFELD = List.of("themenfeld");

	static final List<String> VERSION = List.of("katalog_version", "katalogversion", "version");

	static final List<String> DATE = List.of("katalog_stand", "stand", "datum");

	/** At most this share of the current OZG-Leistungen may be retired by one file. */
	static final double MAX_RETIRED_SHARE = 0.10;

	/** Catalogue imports run one after another (an advisory lock's key: "ozgkatal"). */
	private static final long LOCK = 0x6f7a676b6174616cL;

	private final DatabaseClient db;

	private final Catalog catalog;

	private final Projections projections;

	private final ChangeNotifications notifications;

	private final ImportTransaction transaction;

	private final Clock clock;

	CatalogueImport(DatabaseClient db, Catalog catalog, Projections projections, ChangeNotifications notifications,
			ImportTransaction transaction, Clock clock) {
		this.db = db;
		this.catalog = catalog;
		this.projections = projections;
		this.notifications = notifications;
		this.transaction = transaction;
		this.clock = clock;
	}

	/** What the import did: the report, and the version loaded (null for a dry run or a refused file). */
	record Result(ImportReport report, CatalogueVersion version) {
	}

	Mono<Result> run(String fileName, String content, boolean dryRun, Actor actor) {
		return ImportFile.offTheEventLoop(() -> {
			Permissions.requireMayUpdateCatalogue(actor);
			ImportFile file = ImportFile.of(fileName, content);
			Spreadsheet.Table table = Spreadsheet.read(file.content(), "input.content");
			requireColumns(table);
			String label = single(table, VERSION, "version (katalog_version)");
			if (label == null) {
				throw RegistryException.invalid("input.content", "catalogue-version",
						"Every row must name the catalogue version in the column katalog_version.");
			}
			String dateText = single(table, DATE, "date (katalog_stand)");
			LocalDate publishedOn = date(dateText);
			Set<String> known = new HashSet<>();
			for (List<String> names : List.of(OZG_ID, NAME, LEBENSLAGE, THEMENFELD, VERSION, DATE)) {
				known.addAll(names);
			}
			boolean csv = table.format().equals("CSV");
			return transaction.within(file, "OZG-Katalog " + label + " (" + file.name() + ")", dryRun, publishedOn,
					file.attribution(), () -> db.sql("select pg_advisory_xact_lock(" + LOCK + ")")
						.then()
						.then(State.read(db))
						.flatMap(state -> {
							state.requireNewer(label, file, publishedOn);
							Plan plan = state.plan(table, label);
							// loaded before from this very file: nothing to write
							if (dryRun || ImportTransaction.refused(plan.rows()) || state.loadedBefore(label)) {
								return Mono.just(plan);
							}
							return apply(plan, state.currentVersion() + 1, label, publishedOn, file)
								.then(projections.catalogueChanged(plan.entries().stream().map(Plan.Entry::ozgId)
									.toList()))
								.then(notifications.referenceDataChanged(db))
								.thenReturn(plan);
						}), Plan::rows)
				.map(plan -> new ImportReport(file.name(), file.sha256(), dryRun,
						!dryRun && !ImportTransaction.refused(plan.rows()), table.format(),
						csv ? table.encoding() : null, csv ? String.valueOf(table.separator()) : null,
						table.unreadColumns(known), plan.notes(), plan.rows()))
				.flatMap(report -> {
					if (!report.applied()) {
						return Mono.just(new Result(report, null));
					}
					catalog.forget();
					return catalog.currentVersion().map(version -> new Result(report, version));
				});
		});
	}

	private static void requireColumns(Spreadsheet.Table table) {
		List<String> missing = new ArrayList<>();
		for (List<String> column : List.of(OZG_ID, NAME, LEBENSLAGE, THEMENFELD, VERSION)) {
			if (table.columns().stream().noneMatch(column::contains)) {
				missing.add(column.get(0));
			}
		}
		if (!missing.isEmpty()) {
			throw RegistryException.invalid("input.content", "columns", "The file lacks the columns "
					+ String.join(", ", missing) + "; its first line has " + table.columns() + ".");
		}
	}

	/** The one value the file gives in these columns (the same in every row that has one), or null if none. */
	private static String single(Spreadsheet.Table table, List<String> columns, String what) {
		Set<String> values = new LinkedHashSet<>();
		for (Spreadsheet.Row row : table.rows()) {
			String value = row.get(columns);
			if (value != null) {
				values.add(value);
			}
		}
		if (values.size() > 1) {
			throw RegistryException.invalid("input.content", "catalogue-version",
					"The file names more than one " + what + ": " + values + ". A file is one version of the catalogue.");
		}
		return values.isEmpty() ? null : values.iterator().next();
	}

	private static LocalDate date(String value) {
		if (value == null) {
			return null;
		}
		try {
			return Spreadsheet.date(value);
		}
		catch (DateTimeParseException ex) {
			throw RegistryException.invalid("input.content", "catalogue-version",
					"The date '" + value + "' (katalog_stand) is neither TT.MM.JJJJ nor JJJJ-MM-TT.");
		}
	}

	/** Writes the plan as catalogue version {@code version}. */
	private Mono<Void> apply(Plan plan, int version, String label, LocalDate publishedOn, ImportFile file) {
		String source = file.dataSourceId();
		Mono<Void> writes = db.sql("""
				insert into catalogue_version (number, label, published_on, file_name, file_sha256, data_source_id)
				values (:number, :label, :published, :fileName, :sha256, :source)""")
			.bind("number", version)
			.bind("label", label)
			.bind("published", publishedOn == null ? LocalDate.now(clock) : publishedOn)
			.bind("fileName", file.name())
			.bind("sha256", file.sha256())
			.bind("source", source)
			.then();
		List<Mono<Void>> steps = new ArrayList<>();
		for (Plan.NewLebenslage lebenslage : plan.lebenslagen()) {
			steps.add(db.sql("""
					insert into lebenslage (number, id, name, themenfeld, data_source_id)
					values (:number, :id, :name, :themenfeld, :source)""")
				.bind("number", lebenslage.number())
				.bind("id", SeedIds.lebenslage(lebenslage.number()))
				.bind("name", lebenslage.name())
				.bind("themenfeld", lebenslage.themenfeld())
				.bind("source", source)
				.then());
		}
		for (Plan.Entry entry : plan.entries()) {
			steps.add(switch (entry.kind()) {
				case CREATE -> db.sql("""
						insert into ozg_service (ozg_id, id, name, lebenslage, themenfeld, data_source_id, introduced_in)
						values (:ozgId, :id, :name, :lebenslage, :themenfeld, :source, :version)""")
					.bind("ozgId", entry.ozgId())
					.bind("id", SeedIds.ozgService(entry.ozgId()))
					.bind("name", entry.name())
					.bind("lebenslage", entry.lebenslage())
					.bind("themenfeld", entry.themenfeld())
					.bind("source", source)
					.bind("version", version)
					.then();
				case CHANGE -> db.sql("""
						with former as (
						    insert into ozg_service_former_name (ozg_id, name, renamed_in)
						    select ozg_id, name, :version from ozg_service where ozg_id = :ozgId and name <> :name)
						update ozg_service set name = :name, lebenslage = :lebenslage, themenfeld = :themenfeld,
						    retired_in = null, data_source_id = :source
						where ozg_id = :ozgId""")
					.bind("ozgId", entry.ozgId())
					.bind("name", entry.name())
					.bind("lebenslage", entry.lebenslage())
					.bind("themenfeld", entry.themenfeld())
					.bind("source", source)
					.bind("version", version)
					.then();
				case RETIRE -> db.sql("update ozg_service set retired_in = :version where ozg_id = :ozgId")
					.bind("ozgId", entry.ozgId())
					.bind("version", version)
					.then();
			});
		}
		return writes.thenMany(Flux.concat(steps)).then();
	}

	/** The catalogue as it is: what a file is compared with. */
	private record State(Map<Integer, Current> services, Map<String, Integer> themenfelder,
			Map<String, Integer> lebenslagen, Map<Integer, Integer> lebenslageThemenfeld, int currentVersion,
			String currentLabel, Map<String, String> versionFiles, LocalDate currentDate, Map<Integer, int[]> links) {

		record Current(int ozgId, String name, int lebenslage, int themenfeld, boolean retired) {
		}

		static Mono<State> read(DatabaseClient db) {
			Mono<Map<Integer, Current>> services = db.sql("""
					select ozg_id, name, lebenslage, themenfeld, retired_in is not null as retired from ozg_service""")
				.map(r -> new Current(r.get("ozg_id", Integer.class), r.get("name", String.class),
						r.get("lebenslage", Integer.class), r.get("themenfeld", Integer.class),
						r.get("retired", Boolean.class)))
				.all()
				.collectMap(Current::ozgId);
			Mono<Map<String, Integer>> themenfelder = db.sql("select number, name from themenfeld")
				.map(r -> Map.entry(r.get("name", String.class), r.get("number", Integer.class)))
				.all()
				.collectMap(Map.Entry::getKey, Map.Entry::getValue);
			Mono<List<Object[]>> lebenslagen = db.sql("select number, name, themenfeld from lebenslage")
				.map(r -> new Object[] { r.get("number", Integer.class), r.get("name", String.class),
						r.get("themenfeld", Integer.class) })
				.all()
				.collectList();
			Mono<List<Object[]>> versions = db.sql("""
					select number, label, file_sha256, published_on from catalogue_version order by number""")
				.map(r -> new Object[] { r.get("number", Integer.class), r.get("label", String.class),
						r.get("file_sha256", String.class), r.get("published_on", LocalDate.class) })
				.all()
				.collectList();
			Mono<Map<Integer, int[]>> links = db.sql("""
					select o.ozg_id,
					       (select count(*)::int from solution_ozg_service s where s.ozg_id = o.ozg_id) as solutions,
					       (select count(*)::int from adoption_ozg_service a where a.ozg_id = o.ozg_id) as adoptions
					from ozg_service o""")
				.map(r -> Map.entry(r.get("ozg_id", Integer.class),
						new int[] { r.get("solutions", Integer.class), r.get("adoptions", Integer.class) }))
				.all()
				.collectMap(Map.Entry::getKey, Map.Entry::getValue);
			return Mono.zip(services, themenfelder, lebenslagen, versions, links).map(all -> {
				Map<String, Integer> lebenslageByName = new HashMap<>();
				Map<Integer, Integer> lebenslageThemenfeld = new HashMap<>();
				for (Object[] row : all.getT3()) {
					lebenslageByName.put((String) row[1], (Integer) row[0]);
					lebenslageThemenfeld.put((Integer) row[0], (Integer) row[2]);
				}
				Map<String, String> files = new HashMap<>();
				int current = 0;
				String currentLabel = null;
				LocalDate date = null;
				for (Object[] row : all.getT4()) {
					files.put((String) row[1], row[2] == null ? "" : ((String) row[2]).strip());
					current = (Integer) row[0];
					currentLabel = (String) row[1];
					date = (LocalDate) row[3];
				}
				return new State(all.getT1(), all.getT2(), lebenslageByName, lebenslageThemenfeld, current,
						currentLabel, files, date, all.getT5());
			});
		}

		/** Whether this version was loaded before (from this very file: {@link #requireNewer} has checked that). */
		boolean loadedBefore(String label) {
			return versionFiles.containsKey(label);
		}

		/**
		 * Refuses a file whose version was loaded from another file, an earlier version given again, and one dated
		 * before the current version.
		 */
		void requireNewer(String label, ImportFile file, LocalDate publishedOn) {
			String loaded = versionFiles.get(label);
			if (loaded != null && !loaded.equals(file.sha256())) {
				throw RegistryException.invalid("input.content", "catalogue-version", "The catalogue version '" + label
						+ "' was loaded from another file" + (loaded.isEmpty() ? " (the seed)" : " (SHA-256 " + loaded
								+ ")") + ": give a changed catalogue a version name of its own.");
			}
			if (loaded != null && !label.equals(currentLabel)) {
				throw RegistryException.invalid("input.content", "catalogue-version", "The catalogue version '" + label
						+ "' is an earlier one; the current version is '" + currentLabel + "'.");
			}
			if (loaded == null && publishedOn != null && currentDate != null && publishedOn.isBefore(currentDate)) {
				throw RegistryException.invalid("input.content", "catalogue-version", "The file's date " + publishedOn
						+ " is older than that of the current catalogue version (" + currentDate + ").");
			}
		}

		/** What the file does to the catalogue, row by row, and the OZG-Leistungen it retires. */
		Plan plan(Spreadsheet.Table table, String label) {
			List<ImportRow> rows = new ArrayList<>();
			List<Plan.Entry> entries = new ArrayList<>();
			List<Plan.NewLebenslage> newLebenslagen = new ArrayList<>();
			Map<String, Integer> lebenslageNumbers = new HashMap<>(lebenslagen);
			int nextLebenslage = lebenslageThemenfeld.keySet().stream().mapToInt(Integer::intValue).max().orElse(0)
					+ 1;
			Map<Integer, Integer> seen = new HashMap<>();
			for (Spreadsheet.Row row : table.rows()) {
				String idText = row.get(OZG_ID);
				String name = row.get(NAME);
				Integer ozgId = parseOzgId(idText);
				if (ozgId == null) {
					rows.add(row(row.line(), Outcome.REFUSED, "'" + (idText == null ? "" : idText)
							+ "' is not an OZG-ID (a number from 10000 to 99999).", null, name));
					continue;
				}
				Integer earlier = seen.putIfAbsent(ozgId, row.line());
				if (earlier != null) {
					rows.add(row(row.line(), Outcome.REFUSED, "OZG-ID " + ozgId + " is on line " + earlier
							+ " too: one row per OZG-Leistung.", ozgId, name));
					continue;
				}
				if (name == null) {
					rows.add(row(row.line(), Outcome.REFUSED, "No name (ozg_leistung).", ozgId, null));
					continue;
				}
				String themenfeldName = row.get(THEMENFELD);
				Integer themenfeld = themenfeldName == null ? null : themenfelder.get(themenfeldName);
				if (themenfeld == null) {
					rows.add(row(row.line(), Outcome.REFUSED, "Unknown Themenfeld '"
							+ (themenfeldName == null ? "" : themenfeldName) + "' (one of "
							+ new TreeMap<>(themenfelder).keySet() + ").", ozgId, name));
					continue;
				}
				String lebenslageName = row.get(LEBENSLAGE);
				if (lebenslageName == null) {
					rows.add(row(row.line(), Outcome.REFUSED, "No Lebenslage.", ozgId, name));
					continue;
				}
				Integer lebenslage = lebenslageNumbers.get(lebenslageName);
				String addedLebenslage = "";
				if (lebenslage == null) {
					lebenslage = nextLebenslage++;
					lebenslageNumbers.put(lebenslageName, lebenslage);
					newLebenslagen.add(new Plan.NewLebenslage(lebenslage, lebenslageName, themenfeld));
					addedLebenslage = " New Lebenslage '" + lebenslageName + "'.";
				}
				Current current = services.get(ozgId);
				if (current == null) {
					entries.add(new Plan.Entry(Plan.Kind.CREATE, ozgId, name, lebenslage, themenfeld));
					rows.add(row(row.line(), Outcome.CREATE, "New OZG-Leistung." + addedLebenslage, ozgId, name));
					continue;
				}
				List<String> changes = new ArrayList<>();
				if (current.retired()) {
					changes.add("current again (it was retired)");
				}
				if (!current.name().equals(name)) {
					changes.add("renamed from '" + current.name() + "'");
				}
				if (current.lebenslage() != lebenslage) {
					changes.add("moved to the Lebenslage '" + lebenslageName + "'");
				}
				if (current.themenfeld() != themenfeld) {
					changes.add("moved to the Themenfeld '" + themenfeldName + "'");
				}
				if (changes.isEmpty()) {
					rows.add(row(row.line(), Outcome.UNCHANGED, "As in the catalogue.", ozgId, name));
					continue;
				}
				entries.add(new Plan.Entry(Plan.Kind.CHANGE, ozgId, name, lebenslage, themenfeld));
				String message = String.join("; ", changes) + ".";
				rows.add(row(row.line(), Outcome.CHANGE,
						Character.toUpperCase(message.charAt(0)) + message.substring(1) + addedLebenslage, ozgId, name));
			}
			List<Current> retiring = services.values()
				.stream()
				.filter(service -> !service.retired() && !seen.containsKey(service.ozgId()))
				.sorted(java.util.Comparator.comparingInt(Current::ozgId))
				.toList();
			long active = services.values().stream().filter(service -> !service.retired()).count();
			boolean tooMany = retiring.size() > MAX_RETIRED_SHARE * active;
			for (Current service : retiring) {
				int[] counts = links.getOrDefault(service.ozgId(), new int[2]);
				if (tooMany) {
					rows.add(row(0, Outcome.REFUSED, "Not in the file: the file would retire " + retiring.size()
							+ " of " + active + " OZG-Leistungen, more than " + Math.round(MAX_RETIRED_SHARE * 100)
							+ " %. Is it the whole catalogue?", service.ozgId(), service.name()));
					continue;
				}
				entries.add(new Plan.Entry(Plan.Kind.RETIRE, service.ozgId(), service.name(), service.lebenslage(),
						service.themenfeld()));
				rows.add(row(0, Outcome.CHANGE, "Retired: not in version '" + label + "'. Kept with its links ("
						+ counts[0] + " solutions, " + counts[1] + " adoptions).", service.ozgId(), service.name()));
			}
			List<String> notes = new ArrayList<>();
			if (!retiring.isEmpty()) {
				notes.add("Rows with line 0 are OZG-Leistungen of the catalogue that the file does not name.");
			}
			return new Plan(rows, entries, newLebenslagen, notes);
		}

		private static Integer parseOzgId(String text) {
			if (text == null || !text.strip().matches("[0-9]{5}")) {
				return null;
			}
			return Integer.valueOf(text.strip());
		}

		private static ImportRow row(int line, Outcome outcome, String message, Integer ozgId, String name) {
			return new ImportRow(line, outcome, message, null, null, null, null, null, null, ozgId, name);
		}

	}

	/** The writes a file makes, and its report. */
	private record Plan(List<ImportRow> rows, List<Entry> entries, List<NewLebenslage> lebenslagen,
			List<String> notes) {

		enum Kind {
			CREATE, CHANGE, RETIRE
		}

		/** An OZG-Leistung created, changed (renamed, moved, current again) or retired, as the file has it. */
		record Entry(Kind kind, int ozgId, String name, int lebenslage, int themenfeld) {
		}

		record NewLebenslage(int number, String name, int themenfeld) {
		}

	}

}
