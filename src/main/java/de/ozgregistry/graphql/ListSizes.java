package de.ozgregistry.graphql;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;

/**
 * How many items every list field of the schema returns, estimated from its arguments before the query runs: the one
 * table the cost model multiplies by, keyed by schema coordinates ({@code Type.field}). Sizes are exact bounds where
 * the schema or a validation rule fixes them (page sizes, enums, regions of the geography), and declared typical
 * sizes where a list grows with the data (OZG-Leistungen of a solution); a longer real list is stopped while the query
 * runs (see {@link ResultCounter}). {@code ListSizesTest} checks that every list field of the schema is in the table.
 */
final class ListSizes {

	/** Estimates the length of one list from the arguments of its field and of the field above it. */
	@FunctionalInterface
	interface Size {

		long of(Map<String, Object> arguments, Map<String, Object> parentArguments, LocalDate today);

	}

	/** Regions of each level within the whole country, a Land, a Kreis, a Gemeindeverband and a Gemeinde (seed: BKG
	 * 2021, Zensus 2022: 16 Länder, 401 Kreise, 10,786 Gemeinden; at most 96 Kreise in a Land (Bayern), 2,301
	 * Gemeinden in a Land (Rheinland-Pfalz), 234 in a Kreis, 71 in a Verband); {@code ListSizesTest} checks them. */
	static final long[] STATES = { 16, 1, 1, 1, 1 };

	static final long[] DISTRICTS = { 410, 100, 1, 1, 1 };

	static final long[] MUNICIPALITIES = { 11_000, 2_400, 250, 100, 1 };

	/** Themenfelder of the OZG catalogue. */
	static final long THEMENFELDER = 14;

	/** Lebenslagen of one Themenfeld (catalogue: at most 8). */
	static final long LEBENSLAGEN_PER_THEMENFELD = 10;

	/** Typical LeiKa-Leistungen of one OZG-Leistung: 9 of 10 have at most 19 (the largest, 10069, has 318). */
	static final long LEIKA_PER_OZG_SERVICE = 20;

	/** Typical OZG-Leistungen of a solution or adoption (at most 50 by validation; the seed has at most 3). */
	static final long OZG_SERVICES_PER_SOLUTION = 10;

	/** Typical LeiKa-Leistungen of a solution (at most 200 by validation; the seed has at most 3). */
	static final long LEIKA_PER_SOLUTION = 20;

	/** Standards of a solution (at most 50 by validation). */
	static final long STANDARDS = 10;

	/** Unverified usedBy claims of a solution (at most 50 by importPubliccode; real files have one or two). */
	static final long USED_BY_CLAIMS = 10;

	/** Values of the enum LegalPath. */
	static final long LEGAL_PATHS = 6;

	/** Roles of one body (Berlin: Land, Kreis and Gemeinde). */
	static final long KINDS_PER_ORGANIZATION = 3;

	/** Status transitions of an adoption: each status at most once (AdoptionStatus.canMoveTo). */
	static final long STATUS_TRANSITIONS = 5;

	/** Adopter counts of a solution or region: one per value of the enum AdoptionStatus. */
	static final long ADOPTION_STATUSES = 5;

	/** Changed fields of one history entry (a solution has 20 fields). */
	static final long FIELD_CHANGES = 25;

	/** Solutions of one duplicate effort (typical; the seed has at most 4). */
	static final long SOLUTIONS_PER_DUPLICATE_EFFORT = 10;

	/** Search facets (kind, themenfeld, land, maturity, reuseModel, lifecycle, openLicence) and their values (at most
	 * the 16 Länder). */
	static final long FACETS = 7;

	static final long FACET_VALUES = 16;

	/** Sections of a search answer: OZG-Leistungen, solutions, organizations. */
	static final long ANSWER_SECTIONS = 3;

	/** Reifegrad classes of a region report: 5 levels of model 1.1, 8 of 2.0, and none. */
	static final long MATURITY_CLASSES = 14;

	/** Duplicate-work alerts of a mutation payload (the ten best, DiscoveryController.candidates). */
	static final long REUSE_CANDIDATES = 10;

	/** Roles of one viewer (the enum Role). */
	static final long ROLES = 5;

	/** Zuständigkeit: the levels of a rule (the enum AdministrativeLevel), the factors of a score (the enum
	 * ScoreFactor), the live adoptions covering one organization for one OZG-Leistung (typical: one per level of its
	 * five areas, several solutions each). */
	static final long LEVELS = 5;

	static final long SCORE_FACTORS = 9;

	static final long COVERS = 20;

	/** Federation: the peers of a node (typical: the 16 Länder, the Bund, a few IT service providers) and the entries
	 * of a node's scope (ARS prefixes and named organizations). */
	static final long PEERS = 25;
	static final long SCOPE_ENTRIES = 50;
	/** Periods of a timeline (ReportController refuses more). */
	static final long MAX_PERIODS = 240;

	private static final Size PAGE_OF_PARENT = (arguments, parent, today) -> pageSize(parent);

	private static final Size OWN_FIRST = (arguments, parent, today) -> pageSize(arguments);

	private static final Size REGIONS = (arguments, parent, today) -> regions(arguments);

	/** The rows of an import's report: its own {@code first} (the schema's default 1,000), at most the most listed. */
	private static final Size REPORT_ROWS = (arguments, parent, today) -> Math
		.min(Math.max((arguments.get("first") instanceof Integer n) ? n : 1000, 1), Page.MAX_REPORT_ROWS);

	/** Columns of an imported file that are not read. */
	static final long UNREAD_COLUMNS = 20;

	/** Versions of the OZG catalogue a node loads (about one a year), and so names an OZG-Leistung had: a few. */
	static final long CATALOGUE_VERSIONS = 20;

	/** Notes an import makes about a file as a whole (ignored keys and extensions): a few. */
	static final long IMPORT_NOTES = 20;

	/** Open-PVOG import: hosts matching no solution, and per host its OZG-Leistungen and example URLs
	 * (OpenPvogImport.MAX_HOSTS, MAX_HOST_SERVICES, MAX_EXAMPLES). */
	static final long UNMATCHED_HOSTS = 100;

	static final long UNMATCHED_HOST_SERVICES = 20;

	static final long UNMATCHED_HOST_EXAMPLES = 3;

	/** URL patterns of a solution (at most 20 by validation, UrlPatterns.MAX). */
	static final long URL_PATTERNS = 20;

	/** Per Land or Kreis only: a Gemeinde level is refused (Coverage.ofThemenfeld, Adopters.Level) and returns
	 * nothing. */
	private static final Size LAND_OR_KREIS_REGIONS = (arguments, parent, today) -> "MUNICIPALITY"
		.equals(String.valueOf(arguments.get("level"))) ? 1 : regions(arguments);

	private static final Size PERIODS = (arguments, parent, today) -> periods(arguments, today);

	private static final Map<String, Size> SIZES = Map.ofEntries(
			// connections: a page of `first` edges
			Map.entry("OzgServiceConnection.edges", PAGE_OF_PARENT),
			Map.entry("OrganizationConnection.edges", PAGE_OF_PARENT),
			Map.entry("SolutionConnection.edges", PAGE_OF_PARENT),
			Map.entry("AdoptionConnection.edges", PAGE_OF_PARENT),
			Map.entry("HistoryConnection.edges", PAGE_OF_PARENT),
			Map.entry("ApiTokenConnection.edges", PAGE_OF_PARENT),
			Map.entry("ReuseRequestConnection.edges", PAGE_OF_PARENT),
			Map.entry("NotificationSubscriptionConnection.edges", PAGE_OF_PARENT),
			Map.entry("NotificationDeliveryConnection.edges", PAGE_OF_PARENT),
			Map.entry("SearchConnection.edges", PAGE_OF_PARENT),
			Map.entry("GapConnection.edges", PAGE_OF_PARENT),
			Map.entry("DuplicateEffortConnection.edges", PAGE_OF_PARENT),
			Map.entry("OzgServiceAnswerConnection.edges", PAGE_OF_PARENT),
			Map.entry("SearchHitConnection.edges", PAGE_OF_PARENT),
			Map.entry("SolutionUseConnection.edges", PAGE_OF_PARENT),
			// Apollo Federation: one entity per representation the gateway sent
			Map.entry("Query._entities", (arguments, parent, today) ->
					(arguments.get("representations") instanceof java.util.List<?> list) ? list.size() : 1),
			// ranked lists with their own `first`
			Map.entry("Query.reuseOptions", OWN_FIRST),
			Map.entry("Query.topSolutions", OWN_FIRST),
			Map.entry("Query.duplicationIndex", OWN_FIRST),
			// reports: one row per region or period
			Map.entry("Query.coverage", REGIONS),
			Map.entry("Query.themenfeldCoverage", LAND_OR_KREIS_REGIONS),
			Map.entry("Query.timeline", PERIODS),
			Map.entry("RegionReport.themenfelder", fixed(THEMENFELDER)),
			Map.entry("RegionReport.maturity", fixed(MATURITY_CLASSES)),
			// catalogue
			Map.entry("Query.themenfelder", fixed(THEMENFELDER)),
			// the values of the enum NotificationEvent, each at most once
			Map.entry("NotificationSubscription.events", fixed(5)),
			Map.entry("Themenfeld.lebenslagen", fixed(LEBENSLAGEN_PER_THEMENFELD)),
			Map.entry("OzgService.leikaServices", fixed(LEIKA_PER_OZG_SERVICE)),
			Map.entry("Query.catalogueVersions", fixed(CATALOGUE_VERSIONS)),
			Map.entry("OzgService.formerNames", fixed(CATALOGUE_VERSIONS)),
			// organizations
			Map.entry("Organization.kinds", fixed(KINDS_PER_ORGANIZATION)),
			Map.entry("Federation.peers", fixed(PEERS)),
			Map.entry("FederationPeer.refusals", OWN_FIRST),
			Map.entry("RegistryNode.scope", fixed(SCOPE_ENTRIES)),
			// solutions and adoptions
			Map.entry("Solution.ozgServices", fixed(OZG_SERVICES_PER_SOLUTION)),
			Map.entry("Solution.leikaServices", fixed(LEIKA_PER_SOLUTION)),
			Map.entry("Solution.legalPaths", fixed(LEGAL_PATHS)),
			Map.entry("Solution.standards", fixed(STANDARDS)),
			Map.entry("Solution.usedByClaims", fixed(USED_BY_CLAIMS)),
			Map.entry("Solution.urlPatterns", fixed(URL_PATTERNS)),
			Map.entry("Adoption.ozgServices", fixed(OZG_SERVICES_PER_SOLUTION)),
			Map.entry("Adoption.statusHistory", fixed(STATUS_TRANSITIONS)),
			Map.entry("Solution.adopterCounts", fixed(ADOPTION_STATUSES)),
			Map.entry("Solution.useByRegion", LAND_OR_KREIS_REGIONS),
			Map.entry("SolutionRegionUse.adopterCounts", fixed(ADOPTION_STATUSES)),
			Map.entry("HistoryEntry.changes", fixed(FIELD_CHANGES)),
			Map.entry("PublishSolutionPayload.reuseCandidates", fixed(REUSE_CANDIDATES)),
			Map.entry("RecordAdoptionPayload.reuseCandidates", fixed(REUSE_CANDIDATES)),
			Map.entry("ImportReport.rows", REPORT_ROWS),
			Map.entry("ImportReport.unreadColumns", fixed(UNREAD_COLUMNS)),
			Map.entry("ImportReport.notes", fixed(IMPORT_NOTES)),
			Map.entry("ImportOpenPvogPayload.unmatchedHosts", fixed(UNMATCHED_HOSTS)),
			Map.entry("UnmatchedHost.ozgServices", fixed(UNMATCHED_HOST_SERVICES)),
			Map.entry("UnmatchedHost.exampleUrls", fixed(UNMATCHED_HOST_EXAMPLES)),
			// discovery
			Map.entry("SearchConnection.facets", fixed(FACETS)),
			Map.entry("SearchAnswer.facets", fixed(FACETS)),
			Map.entry("SearchAnswer.sectionOrder", fixed(ANSWER_SECTIONS)),
			Map.entry("Facet.values", fixed(FACET_VALUES)),
			Map.entry("ReuseReasons.legalPaths", fixed(LEGAL_PATHS)),
			Map.entry("DuplicateEffort.solutions", fixed(SOLUTIONS_PER_DUPLICATE_EFFORT)),
			Map.entry("Viewer.roles", fixed(ROLES)),
			// Zuständigkeit
			Map.entry("ReuseOption.scoreParts", fixed(SCORE_FACTORS)),
			Map.entry("Query.coveredBy", fixed(COVERS)),
			Map.entry("Query.responsibilityRules", OWN_FIRST),
			Map.entry("ResponsibilityRule.levels", fixed(LEVELS)),
			Map.entry("Gap.levels", fixed(LEVELS)));

	private ListSizes() {
	}

	/** Whether the field returns a list (possibly non-null, of possibly non-null items). */
	static boolean isList(GraphQLFieldDefinition field) {
		GraphQLType type = GraphQLTypeUtil.unwrapNonNull(field.getType());
		return type instanceof GraphQLList;
	}

	/** Whether the table has a size for this field. Introspection lists are bounded by the schema itself. */
	static boolean isDefined(GraphQLFieldsContainer parent, GraphQLFieldDefinition field) {
		return isIntrospection(parent) || SIZES.containsKey(parent.getName() + "." + field.getName());
	}

	/**
	 * The estimated length of this list. Introspection counts 1: graphql-java's good-faith check lets a document ask
	 * for each introspection list once, so its answer is at most one copy of the schema. A list missing from the
	 * table (which ListSizesTest prevents) counts as a full page.
	 */
	static long of(GraphQLFieldsContainer parent, GraphQLFieldDefinition field, Map<String, Object> arguments,
			Map<String, Object> parentArguments, LocalDate today) {
		if (isIntrospection(parent)) {
			return 1;
		}
		Size size = SIZES.get(parent.getName() + "." + field.getName());
		if (size == null) {
			return Page.MAX_FIRST;
		}
		return Math.max(1, size.of(arguments, (parentArguments != null) ? parentArguments : Map.of(), today));
	}

	/** The schema coordinates the table has a size for. */
	static java.util.Set<String> coordinates() {
		return SIZES.keySet();
	}

	static boolean isIntrospection(GraphQLFieldsContainer parent) {
		return parent.getName().startsWith("__");
	}

	/** The page size a field asks for: its {@code first}, the schema's default without, at most the largest page. */
	static long pageSize(Map<String, Object> arguments) {
		Object first = arguments.get("first");
		int size = (first instanceof Integer n) ? n : Page.DEFAULT_FIRST;
		return Math.min(Math.max(size, 1), Page.MAX_FIRST);
	}

	/** Rows of a per-region report: regions of {@code level} inside {@code within}. */
	static long regions(Map<String, Object> arguments) {
		Object level = arguments.get("level");
		long[] sizes = switch (String.valueOf(level)) {
			case "STATE" -> STATES;
			case "DISTRICT" -> DISTRICTS;
			default -> MUNICIPALITIES;
		};
		int within = regionKind(arguments.get("within"));
		return (within < 0) ? 1 : sizes[within];
	}

	/**
	 * The kind of region a {@code within} names, as an index into the size tables: 0 the country, 1 a Land, 2 a Kreis,
	 * 3 a Gemeindeverband, 4 a Gemeinde; -1 for a value that is no region (the report refuses it and returns nothing).
	 * Only an estimate: StatisticsRequests.within validates.
	 */
	static int regionKind(Object within) {
		if (!(within instanceof String text) || text.isBlank()) {
			return 0;
		}
		String code = text.strip();
		if (code.matches("[0-9]{12}")) {
			code = code.endsWith("0000000000") ? code.substring(0, 2)
					: code.endsWith("0000000") ? code.substring(0, 5) : code;
		}
		return switch (code.matches("[0-9]+") ? code.length() : -1) {
			case 2 -> 1;
			case 5 -> 2;
			case 9 -> 3;
			case 12 -> 4;
			default -> -1;
		};
	}

	/** Points of a timeline: one per month or quarter from {@code from} to {@code to} (today without). */
	static long periods(Map<String, Object> arguments, LocalDate today) {
		if (!(arguments.get("from") instanceof LocalDate from)) {
			return MAX_PERIODS;
		}
		LocalDate to = (arguments.get("to") instanceof LocalDate date) ? date : today;
		long months = ChronoUnit.MONTHS.between(from.withDayOfMonth(1), to.withDayOfMonth(1));
		long periods = months / ("QUARTER".equals(String.valueOf(arguments.get("interval"))) ? 3 : 1) + 1;
		return Math.min(Math.max(periods, 1), MAX_PERIODS);
	}

	private static Size fixed(long size) {
		return (arguments, parent, today) -> size;
	}

}
