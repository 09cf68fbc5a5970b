package de.ozgregistry.adoption;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import de.ozgregistry.catalog.Catalog;
import de.ozgregistry.catalog.LeikaService;
import de.ozgregistry.catalog.OzgService;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.imports.ImportFile;
import de.ozgregistry.imports.ImportReport;
import de.ozgregistry.imports.ImportReport.ImportRow;
import de.ozgregistry.imports.ImportReport.Outcome;
import de.ozgregistry.imports.ImportTransaction;
import de.ozgregistry.imports.Spreadsheet;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.security.Actor;
import de.ozgregistry.security.Permissions;
import de.ozgregistry.solution.Solution;
import de.ozgregistry.solution.Solutions;
import de.ozgregistry.solution.UrlPatterns;
import de.ozgregistry.statistics.Coverage;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * The Open-PVOG export of the Dashboard Digitale Verwaltung (CSV) brought in as adoptions: a row online in PVOG says
 * that the Gebietskörperschaft (its ARS) offers the LeiKa-Leistung online at the URL; if the URL matches a solution's
 * URL patterns ({@link UrlPatterns}), that is a {@code LIVE} adoption of the solution by the organization, for the
 * OZG-Leistung of the LeiKa key. Rows of one organization and solution make one adoption with all their
 * OZG-Leistungen. Rows whose URL matches no solution are counted per host and never guessed; they do not stop the
 * file. Written as {@link AdoptionImport} writes: through {@link AdoptionRecording}, one transaction per file, a dry
 * run rolled back.
 */
@Service
class OpenPvogImport {

	/** The columns of the export (Dashboard Digitale Verwaltung, "Open-PVOG"), all required. */
	static final String LEIKA_KEY = "leika_key";

	static final String LEIKA_NAME = "leika_name";

	static final String ARS = "ars";

	static final String OZG_ID = "ozgid";

	static final String OZG_NAME = "ozg_bezeichnung";

	static final String URL = "url";

	static final String ONLINE_STATUS = "online_status";

	static final String ACTIVE = "aktiv";

	static final String COVERAGE_KIND = "art_flaechendeckung";

	static final String DATA_DATE = "datenstand_pvog_import";

	static final List<String> COLUMNS = List.of(LEIKA_KEY, LEIKA_NAME, ARS, OZG_ID, OZG_NAME, URL, ONLINE_STATUS,
			ACTIVE, COVERAGE_KIND, DATA_DATE);

	/** Values of {@code online_status} and {@code aktiv} that say yes, and those that say no (an empty cell: no). */
	static final Set<String> YES = Set.of("true", "1", "ja", "j", "yes", "y", "x", "wahr", "online", "aktiv",
			"active");

	static final Set<String> NO = Set.of("", "false", "0", "nein", "n", "no", "falsch", "offline", "inaktiv",
			"inactive", "-");

	static final int MAX_ROWS = AdoptionImport.MAX_ROWS;

	/** The hosts listed in {@code unmatchedHosts} (the most rows first), their OZG-Leistungen and example URLs. */
	static final int MAX_HOSTS = 100;

	static final int MAX_HOST_SERVICES = 20;

	static final int MAX_EXAMPLES = 3;

	/** A host no solution declares: its rows, the organizations and OZG-Leistungen in them, a few URLs. */
	record UnmatchedHost(String host, int rows, int organizations, int ozgServiceCount, List<OzgService> ozgServices,
			List<String> exampleUrls) {
	}

	/** The report, and the hosts that no solution declares. */
	record Result(ImportReport report, List<UnmatchedHost> unmatchedHosts) {
	}

	private final DatabaseClient db;

	private final AdoptionRecording recording;

	private final Adoptions adoptions;

	private final ImportLookups lookups;

	private final ImportTransaction transaction;

	private final Solutions solutions;

	private final Catalog catalog;

	private final Coverage coverage;

	private final Clock clock;

	OpenPvogImport(DatabaseClient db, AdoptionRecording recording, Adoptions adoptions, ImportLookups lookups,
			ImportTransaction transaction, Solutions solutions, Catalog catalog, Coverage coverage, Clock clock) {
		this.db = db;
		this.recording = recording;
		this.adoptions = adoptions;
		this.lookups = lookups;
		this.transaction = transaction;
		this.solutions = solutions;
		this.catalog = catalog;
		this.coverage = coverage;
		this.clock = clock;
	}

	Mono<Result> run(String fileName, String content, boolean dryRun, Actor actor) {
		return ImportFile.offTheEventLoop(() -> {
			Permissions.requireAuthenticated(actor);
			ImportFile file = ImportFile.of(fileName, content);
			Spreadsheet.Table table = Spreadsheet.read(file.content(), "input.content");
			List<String> missing = COLUMNS.stream().filter(column -> !table.columns().contains(column)).toList();
			if (!missing.isEmpty()) {
				throw RegistryException.invalid("input.content", "columns", "The file lacks the Open-PVOG columns "
						+ missing + "; its first line has " + table.columns() + ".");
			}
			if (table.rows().size() > MAX_ROWS) {
				throw RegistryException.invalid("input.content", "too-many-rows", "The file has "
						+ table.rows().size() + " rows; at most " + MAX_ROWS + " are imported at once: split it.");
			}
			List<Line> lines = table.rows().stream().map(Line::of).toList();
			LocalDate dataDate = lines.stream()
				.map(line -> line.date)
				.filter(Objects::nonNull)
				.max(Comparator.naturalOrder())
				.orElse(null);
			String attribution = file.attribution() + ": Open-PVOG (Dashboard Digitale Verwaltung), Datenstand "
					+ (dataDate == null ? "not given" : dataDate);
			Run run = new Run(lines, file, actor);
			return transaction.run(file, table, dryRun, dataDate, attribution, table.unreadColumns(COLUMNS),
					run::rows, run::notes)
				.flatMap(report -> run.unmatchedHosts().map(hosts -> new Result(report, hosts)));
		});
	}

	/** A row of the file as read: its cells, whether it is online, its date; or why it cannot be read. */
	private static final class Line {

		Spreadsheet.Row row;

		String ars;

		String leikaKey;

		String ozgId;

		String url;

		String coverageKind;

		boolean online;

		LocalDate date;

		/** Why the row is refused before anything is looked up, or null. */
		String refusal;

		static Line of(Spreadsheet.Row row) {
			Line line = new Line();
			line.row = row;
			line.ars = row.get(List.of(ARS));
			line.leikaKey = row.get(List.of(LEIKA_KEY));
			line.ozgId = row.get(List.of(OZG_ID));
			line.url = row.get(List.of(URL));
			line.coverageKind = row.get(List.of(COVERAGE_KIND));
			Boolean status = yesOrNo(row.get(List.of(ONLINE_STATUS)));
			Boolean active = yesOrNo(row.get(List.of(ACTIVE)));
			if (status == null || active == null) {
				line.refusal = "The value of " + (status == null ? ONLINE_STATUS + " '" + row.get(List.of(ONLINE_STATUS))
						: ACTIVE + " '" + row.get(List.of(ACTIVE))) + "' is not understood (true/false, 1/0, ja/nein, "
						+ "online/offline, aktiv/inaktiv).";
				return line;
			}
			line.online = status && active;
			try {
				line.date = Spreadsheet.date(row.get(List.of(DATA_DATE)));
			}
			catch (DateTimeParseException ex) {
				line.refusal = "The " + DATA_DATE + " '" + row.get(List.of(DATA_DATE))
						+ "' is not a date (JJJJ-MM-TT or TT.MM.JJJJ, a time after it is ignored).";
			}
			return line;
		}

		/** True, false, or null for a value that is neither. */
		private static Boolean yesOrNo(String value) {
			String word = (value == null) ? "" : value.strip().toLowerCase(Locale.GERMAN);
			return YES.contains(word) ? Boolean.TRUE : NO.contains(word) ? Boolean.FALSE : null;
		}

	}

	/** What one row resolved to and its report line as far as it is decided. */
	private static final class Resolved {

		final Line line;

		Organization organization;

		LeikaService leika;

		OzgService ozgService;

		Solution solution;

		/** The row's outcome once decided; a row that becomes an adoption waits for its group. */
		Outcome outcome;

		String message;

		UUID adoptionId;

		/** Remarks added to the message: the file's ozgid, the coverage comparison. */
		final List<String> remarks = new ArrayList<>();

		Resolved(Line line) {
			this.line = line;
		}

		void decide(Outcome outcome, String message) {
			this.outcome = outcome;
			this.message = message;
		}

		Integer ozgId() {
			return (leika == null) ? null : leika.ozgId();
		}

		ImportRow row() {
			String text = remarks.isEmpty() ? message : message + " " + String.join(" ", remarks);
			boolean live = outcome != Outcome.REFUSED && solution != null && adoptionId != null;
			return new ImportRow(line.row.line(), outcome, text, live ? AdoptionStatus.LIVE.name() : null,
					organization == null ? null : organization.id().toString(),
					organization == null ? null : organization.name(),
					solution == null ? null : solution.id().toString(), solution == null ? null : solution.name(),
					adoptionId == null ? null : adoptionId.toString(), ozgId(),
					ozgService == null ? null : ozgService.name());
		}

	}

	/** The rows of one organization and one solution: one adoption. */
	private record Group(UUID organizationId, UUID solutionId) {
	}

	/** One run of the import: the file's rows, and what it finds about hosts and the file on the way. */
	private final class Run {

		final List<Line> lines;

		final ImportFile file;

		final Actor actor;

		final Set<String> notes = new LinkedHashSet<>();

		/** Per host no solution declares, its rows in file order. */
		final Map<String, List<Resolved>> unmatched = new LinkedHashMap<>();

		Run(List<Line> lines, ImportFile file, Actor actor) {
			this.lines = lines;
			this.file = file;
			this.actor = actor;
		}

		List<String> notes() {
			return List.copyOf(notes);
		}

		Mono<List<ImportRow>> rows() {
			notes.clear();
			unmatched.clear();
			List<Resolved> all = lines.stream().map(Resolved::new).toList();
			List<Resolved> online = new ArrayList<>();
			for (Resolved row : all) {
				if (row.line.refusal != null) {
					row.decide(Outcome.REFUSED, row.line.refusal);
				}
				else if (!row.line.online) {
					row.decide(Outcome.UNCHANGED, "Not online in PVOG (" + ONLINE_STATUS + " '"
							+ Objects.toString(row.line.row.get(List.of(ONLINE_STATUS)), "") + "', " + ACTIVE + " '"
							+ Objects.toString(row.line.row.get(List.of(ACTIVE)), "") + "'): nothing inferred.");
				}
				else {
					online.add(row);
				}
			}
			long notOnline = all.stream().filter(row -> row.outcome == Outcome.UNCHANGED).count();
			if (notOnline > 0) {
				notes.add(notOnline + " rows are not online in PVOG (" + ONLINE_STATUS + " or " + ACTIVE
						+ " not set): they are reported UNCHANGED and not read further.");
			}
			Set<String> keys = online.stream()
				.map(row -> row.line.leikaKey)
				.filter(Objects::nonNull)
				.collect(Collectors.toSet());
			Mono<Map<String, LeikaService>> leika = keys.isEmpty() ? Mono.just(Map.of())
					: catalog.leikaServicesByKeys(keys).collectMap(LeikaService::key);
			Set<String> arsValues = online.stream()
				.map(row -> row.line.ars)
				.filter(Objects::nonNull)
				.collect(Collectors.toCollection(LinkedHashSet::new));
			Map<String, Object> byArs = new HashMap<>();
			Mono<Void> organizations = Flux.fromIterable(arsValues)
				.concatMap(ars -> lookups.byArs(ars)
					.map(organization -> (Object) organization)
					.onErrorResume(RegistryException.class, ex -> Mono.just(ex.getMessage()))
					.doOnNext(found -> byArs.put(ars, found)))
				.then();
			return Mono.zip(leika, solutions.withUrlPatterns().collectList(), organizations.thenReturn(byArs))
				.flatMap(found -> {
					Map<String, LeikaService> leikaByKey = found.getT1();
					List<Solution> candidates = found.getT2();
					Set<Integer> ozgIds = leikaByKey.values()
						.stream()
						.map(LeikaService::ozgId)
						.filter(Objects::nonNull)
						.collect(Collectors.toSet());
					return (ozgIds.isEmpty() ? Mono.just(Map.<Integer, OzgService>of())
							: catalog.ozgServices(ozgIds).collectMap(OzgService::ozgId))
						.flatMap(services -> {
							for (Resolved row : online) {
								resolve(row, leikaByKey, services, byArs, candidates);
							}
							return covered(online);
						});
				})
				.then(Mono.defer(() -> compareCoverage(online)))
				.then(Mono.defer(() -> transaction.rows(List.copyOf(groups(online).values()), Adoptions.TABLES,
						group -> adopt(group).thenReturn(group))))
				.then(Mono.fromSupplier(() -> {
					if (!unmatched.isEmpty()) {
						notes.add(unmatched.values().stream().mapToInt(List::size).sum() + " online rows on "
								+ unmatched.size() + " hosts match no solution's URL pattern: they are reported "
								+ "UNCHANGED and grouped in unmatchedHosts" + (unmatched.size() > MAX_HOSTS
										? " (the " + MAX_HOSTS + " hosts with the most rows)" : "")
								+ "; add the solution's URL patterns and import the file again.");
					}
					return all.stream().map(Resolved::row).toList();
				}));
		}

		/** Looks up the row's organization, LeiKa-Leistung and solution; decides the row where one is missing. */
		private void resolve(Resolved row, Map<String, LeikaService> leikaByKey, Map<Integer, OzgService> services,
				Map<String, Object> byArs, List<Solution> candidates) {
			Line line = row.line;
			Object organization = (line.ars == null) ? "No ARS." : byArs.get(line.ars);
			if (organization instanceof Organization found) {
				row.organization = found;
			}
			row.leika = (line.leikaKey == null) ? null : leikaByKey.get(line.leikaKey);
			if (row.leika != null && row.leika.ozgId() != null) {
				row.ozgService = services.get(row.leika.ozgId());
				if (line.ozgId != null && !line.ozgId.equals(String.valueOf(row.leika.ozgId()))) {
					row.remarks.add("The file's ozgid " + line.ozgId + " differs from the LeiKa catalogue ("
							+ line.leikaKey + " belongs to OZG-Leistung " + row.leika.ozgId()
							+ "): the catalogue's is taken.");
				}
			}
			UrlPatterns.Address address = UrlPatterns.Address.of(line.url);
			if (address == null) {
				row.decide(Outcome.UNCHANGED, (line.url == null) ? "Online in PVOG without a URL: nothing inferred."
						: "The URL '" + line.url + "' is not an http(s) address: nothing inferred.");
				return;
			}
			UrlPatterns.Match match = UrlPatterns.best(address, candidates);
			if (match.solutions().isEmpty()) {
				row.decide(Outcome.UNCHANGED, "No solution declares a URL pattern matching the host " + address.host()
						+ ": not imported (listed in unmatchedHosts).");
				unmatched.computeIfAbsent(address.host(), host -> new ArrayList<>()).add(row);
				return;
			}
			if (!match.isUnique()) {
				row.decide(Outcome.REFUSED, "The URL " + line.url + " matches the solutions "
						+ match.solutions().stream().map(Solution::name).sorted().toList()
						+ " equally (pattern " + match.pattern() + "): ambiguous, not guessed. Make one pattern "
						+ "more specific (a longer host or path).");
				return;
			}
			row.solution = match.solutions().get(0);
			if (!(organization instanceof Organization)) {
				row.decide(Outcome.REFUSED, String.valueOf(organization));
				return;
			}
			if (line.leikaKey == null) {
				row.decide(Outcome.REFUSED, "No LeiKa key.");
				return;
			}
			if (row.leika == null) {
				row.decide(Outcome.REFUSED, "The LeiKa key " + line.leikaKey + " is not in the LeiKa catalogue.");
				return;
			}
			if (row.leika.ozgId() == null) {
				row.decide(Outcome.REFUSED, "The LeiKa key " + line.leikaKey + " belongs to no OZG-Leistung in "
						+ "the catalogue.");
				return;
			}
			try {
				Permissions.requireActsFor(actor, row.organization, "Importing adoptions");
			}
			catch (RegistryException ex) {
				row.decide(Outcome.REFUSED, ex.getMessage());
			}
		}

		/** Refuses the rows whose solution does not cover their OZG-Leistung (one statement for the file). */
		private Mono<Void> covered(List<Resolved> online) {
			List<Resolved> pending = online.stream().filter(row -> row.outcome == null).toList();
			if (pending.isEmpty()) {
				return Mono.empty();
			}
			return solutions.ozgIdsOf(pending.stream().map(row -> row.solution.id()).distinct().toList())
				.doOnNext(offered -> {
					for (Resolved row : pending) {
						if (!offered.getOrDefault(row.solution.id(), List.of()).contains(row.ozgId())) {
							row.decide(Outcome.REFUSED, "The URL matches " + row.solution.name()
									+ ", which does not cover OZG-Leistung " + row.ozgId() + " (LeiKa key "
									+ row.leika.key() + "): add it to the solution, or narrow its URL patterns.");
						}
					}
				})
				.then();
		}

		/**
		 * Adds to each online row with its organization and OZG-Leistung the file's {@code art_flaechendeckung} and
		 * the registry's coverage of the OZG-Leistung in the organization's area today, before the file (one
		 * statement).
		 */
		private Mono<Void> compareCoverage(List<Resolved> online) {
			List<Resolved> known = online.stream()
				.filter(row -> row.organization != null && row.ozgId() != null)
				.toList();
			return coverage
				.ofAreas(known.stream().map(row -> row.organization.id()).toList(),
						known.stream().map(Resolved::ozgId).toList(), LocalDate.now(clock))
				.doOnNext(areas -> {
					Map<String, Coverage.AreaCoverage> byPair = new HashMap<>();
					for (Coverage.AreaCoverage area : areas) {
						byPair.put(area.organizationId() + "/" + area.ozgId(), area);
					}
					for (Resolved row : known) {
						Coverage.AreaCoverage area = byPair.get(row.organization.id() + "/" + row.ozgId());
						String pvog = "PVOG " + COVERAGE_KIND + ": "
								+ (row.line.coverageKind == null ? "(empty)" : row.line.coverageKind);
						row.remarks.add(area == null ? pvog + "; registry: no Gemeinden in the area of "
								+ row.organization.name() + "."
								: pvog + "; registry before this file: " + area.covered() + " of "
										+ area.municipalities() + (area.municipalities() == 1 ? " Gemeinde" : " Gemeinden")
										+ " with OZG-Leistung " + row.ozgId() + " live.");
					}
				})
				.then();
		}

		/** The rows still undecided, by organization and solution, in the order of their first row. */
		private Map<Group, List<Resolved>> groups(List<Resolved> online) {
			Map<Group, List<Resolved>> groups = new LinkedHashMap<>();
			for (Resolved row : online) {
				if (row.outcome == null) {
					groups.computeIfAbsent(new Group(row.organization.id(), row.solution.id()), g -> new ArrayList<>())
						.add(row);
				}
			}
			return groups;
		}

		/**
		 * One adoption for the rows of a group: recorded {@code LIVE} with their OZG-Leistungen, moved to
		 * {@code LIVE}, or found live; its first row carries the outcome, the others name it.
		 */
		private Mono<Void> adopt(List<Resolved> rows) {
			Resolved first = rows.get(0);
			List<Integer> ozgIds = rows.stream().map(Resolved::ozgId).distinct().sorted().toList();
			LocalDate date = rows.stream()
				.map(row -> row.line.date)
				.filter(Objects::nonNull)
				.min(Comparator.naturalOrder())
				.orElse(null);
			String since = (date == null) ? "" : " (Datenstand " + date + ")";
			UUID organizationId = first.organization.id();
			UUID solutionId = first.solution.id();
			return recording.activeAdoption(organizationId, solutionId)
				.flatMap(current -> adoptions.ozgIdsOf(List.of(current.id())).flatMap(named -> {
					Collection<Integer> existing = named.getOrDefault(current.id(), List.of());
					List<Integer> added = ozgIds.stream().filter(id -> !existing.contains(id)).toList();
					String notAdded = added.isEmpty() ? ""
							: " PVOG also lists the OZG-Leistungen " + added + ", which the adoption does not name: "
									+ "an import does not add OZG-Leistungen to an existing adoption.";
					if (!added.isEmpty()) {
						notes.add("Existing adoptions keep their OZG-Leistungen: those PVOG adds are named in the rows "
								+ "and not added.");
					}
					if (current.status() == AdoptionStatus.LIVE) {
						return Mono.just(decided(rows, current.id(), Outcome.UNCHANGED, "Already LIVE." + notAdded));
					}
					return recording
						.updateStatus(new UpdateAdoptionStatusInput(current.id().toString(), AdoptionStatus.LIVE, date,
								null), actor, file.dataSourceId())
						.map(adoption -> decided(rows, adoption.id(), Outcome.CHANGE,
								current.status() + " → LIVE" + since + "." + notAdded));
				}))
				.switchIfEmpty(Mono.defer(() -> discontinued(organizationId, solutionId).flatMap(ended -> Mono
					.error(ImportLookups.rowError("The adoption of " + first.solution.name() + " by "
							+ first.organization.name() + " is DISCONTINUED; PVOG still links it: an import does not "
							+ "bring it back (record a new adoption if it is in use again, or correct PVOG)."))))
					.then(Mono.defer(() -> recording
						.record(new RecordAdoptionInput(organizationId.toString(), solutionId.toString(), ozgIds,
								AdoptionStatus.LIVE, date, null, null, null, null), actor, file.dataSourceId())
						.map(adoption -> decided(rows, adoption.id(), Outcome.CREATE,
								"New adoption, LIVE" + since + ", for the OZG-Leistungen " + ozgIds + ".")))))
				.onErrorResume(RegistryException.class, ex -> {
					for (Resolved row : rows) {
						row.decide(Outcome.REFUSED, row == first ? ex.getMessage()
								: "Same adoption as line " + first.line.row.line() + ", which is refused.");
					}
					return Mono.just(first);
				})
				.then();
		}

		/** Decides the rows of a group: the first with the outcome, the others as part of it. */
		private Resolved decided(List<Resolved> rows, UUID adoptionId, Outcome outcome, String message) {
			Resolved first = rows.get(0);
			first.adoptionId = adoptionId;
			first.decide(outcome, message);
			Set<String> seen = new java.util.HashSet<>();
			seen.add(first.line.leikaKey);
			for (Resolved row : rows.subList(1, rows.size())) {
				row.adoptionId = adoptionId;
				row.decide(Outcome.UNCHANGED, "Same adoption as line " + first.line.row.line()
						+ (seen.add(row.line.leikaKey) ? " (its OZG-Leistung " + row.ozgId() + " included)."
								: " (the same LeiKa-Leistung again)."));
			}
			return first;
		}

		/** Whether the organization's adoption of the solution was discontinued (and none is active). */
		private Mono<Boolean> discontinued(UUID organizationId, UUID solutionId) {
			return db.sql("select 1 from adoption where organization_id = :org and solution_id = :solution "
					+ "and status = 'DISCONTINUED' limit 1")
				.bind("org", organizationId)
				.bind("solution", solutionId)
				.map(row -> Boolean.TRUE)
				.first();
		}

		/** The hosts no solution declares, the most rows first, at most {@link #MAX_HOSTS}. */
		Mono<List<UnmatchedHost>> unmatchedHosts() {
			List<Map.Entry<String, List<Resolved>>> hosts = unmatched.entrySet()
				.stream()
				.sorted(Comparator.comparing((Map.Entry<String, List<Resolved>> e) -> -e.getValue().size())
					.thenComparing(Map.Entry::getKey))
				.limit(MAX_HOSTS)
				.toList();
			Set<Integer> all = new TreeSet<>();
			hosts.forEach(host -> host.getValue().forEach(row -> ozgIdSeen(row).ifPresent(all::add)));
			Mono<Map<Integer, OzgService>> services = all.isEmpty() ? Mono.just(Map.of())
					: catalog.ozgServices(all).collectMap(OzgService::ozgId);
			return services.map(byId -> hosts.stream().map(host -> {
				List<Resolved> rows = host.getValue();
				Set<Integer> ozgIds = new TreeSet<>();
				rows.forEach(row -> ozgIdSeen(row).ifPresent(ozgIds::add));
				int organizations = (int) rows.stream()
					.map(row -> ImportLookups.leadingZero(Objects.toString(row.line.ars, ""), 12))
					.distinct()
					.count();
				return new UnmatchedHost(host.getKey(), rows.size(), organizations, ozgIds.size(),
						ozgIds.stream().map(byId::get).filter(Objects::nonNull).limit(MAX_HOST_SERVICES).toList(),
						rows.stream().map(row -> row.line.url).distinct().limit(MAX_EXAMPLES).toList());
			}).toList());
		}

		/** The OZG-Leistung a row names: by its LeiKa key, else the file's ozgid. */
		private java.util.Optional<Integer> ozgIdSeen(Resolved row) {
			if (row.ozgId() != null) {
				return java.util.Optional.of(row.ozgId());
			}
			String given = row.line.ozgId;
			return (given != null && given.matches("[0-9]{5}")) ? java.util.Optional.of(Integer.valueOf(given))
					: java.util.Optional.empty();
		}

	}

}
