package de.ozgregistry.solution;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import de.ozgregistry.catalog.Catalog;
import de.ozgregistry.graphql.Inputs;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.imports.ImportFile;
import de.ozgregistry.imports.ImportReport;
import de.ozgregistry.imports.ImportReport.ImportRow;
import de.ozgregistry.imports.ImportReport.Outcome;
import de.ozgregistry.imports.ImportTransaction;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.OrganizationKind;
import de.ozgregistry.organization.Organizations;
import de.ozgregistry.security.Actor;
import de.ozgregistry.security.Permissions;

import org.springframework.graphql.data.ArgumentValue;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * A vendor's or provider's {@code publiccode.yml} brought in as a solution of the publishing organization, as
 * {@code publishSolution} would publish it ({@code CREATE}) or {@code updateSolution} would change it
 * ({@code CHANGE}), found as it is ({@code UNCHANGED}), or refused with the reason: a rule of the standard the file
 * breaks (naming the key), a file that does not name the publishing organization, a caller who does not act for it,
 * a solution another registry node owns. One row in the report; the file is mapped by {@link Publiccode}, the one
 * mapping the export uses too. Runs in one transaction ({@link ImportTransaction}); a dry run and a refusal are
 * rolled back, so the report of a dry run is what applying does. What the file creates or changes is
 * {@code IMPORTED} from a data source naming the file and its SHA-256.
 */
@Service
class PubliccodeImport {

	/** The reuse model of a new solution whose import names none: a publiccode.yml describes open-source software. */
	static final String DEFAULT_REUSE_MODEL = "OPEN_SOURCE";

	/** {@code organisation.uri} naming a German body by its ARS. */
	private static final Pattern ARS_URN = Pattern.compile("urn:de:ars:([0-9]{12})", Pattern.CASE_INSENSITIVE);

	/** A feature naming an OZG-Leistung as the export writes it ({@link Publiccode#feature}): OZG-ID, space, name. */
	private static final Pattern OZG_FEATURE = Pattern.compile("([0-9]{5}) (.+)");

	/** Words before a Gemeinde's name in an owner's name ("Landeshauptstadt München"), lower case. */
	private static final List<String> MUNICIPAL_PREFIXES = List.of("landeshauptstadt", "freie und hansestadt",
			"hansestadt", "stadt", "gemeinde", "markt", "große kreisstadt", "kreisfreie stadt");

	/** Words before a Kreis's name ("Landkreis Harz"), lower case. */
	private static final List<String> DISTRICT_PREFIXES = List.of("landkreis", "kreis", "stadtkreis");

	/** What an import gives back: the report, and the solution as it now is (null for a dry run or a refusal). */
	record Result(ImportReport report, Solution solution) {
	}

	private final DatabaseClient db;

	private final SolutionPublishing publishing;

	private final Solutions solutions;

	private final Organizations organizations;

	private final Catalog catalog;

	private final ImportTransaction transaction;

	PubliccodeImport(DatabaseClient db, SolutionPublishing publishing, Solutions solutions,
			Organizations organizations, Catalog catalog, ImportTransaction transaction) {
		this.db = db;
		this.publishing = publishing;
		this.solutions = solutions;
		this.organizations = organizations;
		this.catalog = catalog;
		this.transaction = transaction;
	}

	Mono<Result> run(String providerId, String fileName, String content, boolean dryRun, List<Integer> ozgIds,
			String reuseModel, Actor actor) {
		return ImportFile.offTheEventLoop(() -> {
			Permissions.requireAuthenticated(actor);
			UUID provider = Inputs.id(providerId, "input.providerId");
			List<Integer> explicitOzgIds = ozgIds == null ? null : SolutionFields.ozgIds(ozgIds);
			ImportFile file = ImportFile.of(fileName, content);
			Map<String, Object> root = PubliccodeFile.read(file.content());
			PubliccodeFile.Document document = PubliccodeFile.check(root);
			return organizations.byId(provider)
				.switchIfEmpty(Mono.error(() -> RegistryException.notFound("input.providerId",
						"No organization with the ID given as providerId.")))
				.flatMap(organization -> transaction.within(file, file.name(), dryRun, null, file.attribution(),
						() -> row(document, organization, explicitOzgIds, reuseModel, file, actor),
						row -> List.of(row.row()))
					.map(row -> {
						boolean refused = row.row().outcome() == Outcome.REFUSED;
						ImportReport report = new ImportReport(file.name(), file.sha256(), dryRun,
								!dryRun && !refused, "YAML", null, null, List.of(), document.notes(),
								List.of(row.row()));
						return new Result(report, dryRun || refused ? null : row.solution());
					}));
		});
	}

	/** The report's row, with the solution it created, changed or found. */
	private record Row(ImportRow row, Solution solution) {
	}

	/** The file's one row: checked, then published, updated or found as the mutations do; refusals are its reason. */
	private Mono<Row> row(PubliccodeFile.Document document, Organization provider, List<Integer> explicitOzgIds,
			String reuseModel, ImportFile file, Actor actor) {
		Solution[] found = new Solution[1];
		return Mono.defer(() -> {
			if (!document.problems().isEmpty()) {
				return Mono.just(refused(provider, null, document.name(), "The file breaks the rules of the "
						+ "publiccode.yml standard: " + String.join(" ", document.problems())));
			}
			Permissions.requireMayPublishSolution(actor, provider);
			String organizationProblem = organizationProblem(document, provider);
			if (organizationProblem != null) {
				return Mono.just(refused(provider, null, document.name(), organizationProblem));
			}
			String repositoryUrl = Publiccode.repositoryUrl(document.url(), document.landingUrl());
			return existing(provider.id(), document)
				.doOnNext(solution -> found[0] = solution)
				.flatMap(solution -> solutions.ozgIdsOf(List.of(solution.id()))
					.map(covered -> List.copyOf(covered.getOrDefault(solution.id(), List.of())))
					.flatMap(current -> ozgIds(document, explicitOzgIds, current).flatMap(ozgIds -> change(document,
							solution, current, ozgIds, repositoryUrl, reuseModel, provider, file, actor))))
				.switchIfEmpty(Mono.defer(() -> ozgIds(document, explicitOzgIds, null).flatMap(ozgIds -> {
					if (ozgIds.isEmpty()) {
						return Mono.just(refused(provider, null, document.name(), "The file names no OZG-Leistung "
								+ "the solution covers: give them as ozgIds (or in the file, as supports entries "
								+ "urn:de:ozg:leistung:<OZG-ID>)."));
					}
					PublishSolutionInput input = new PublishSolutionInput(document.name(), document.summary(),
							document.description(), provider.id().toString(), null, ozgIds, null, null,
							reuseModel != null ? reuseModel : DEFAULT_REUSE_MODEL, null, document.licence(),
							repositoryUrl, document.landingUrl(), null, null, document.lifecycle(),
							document.softwareVersion(), null, null);
					return publishing.publish(input, actor,
							new SolutionPublishing.Imported(file.dataSourceId(), document.usedBy()))
						.map(solution -> new Row(row(Outcome.CREATE, "New solution, " + solution.lifecycle()
								+ ", covering the OZG-Leistungen " + ozgIds + ".", provider, solution), solution));
				})));
		}).onErrorResume(RegistryException.class, ex -> Mono.just(refused(provider, found[0],
				document.name(), ex.getMessage())));
	}

	/** The changed fields of an existing solution; unchanged if there are none. */
	private Mono<Row> change(PubliccodeFile.Document document, Solution solution, List<Integer> currentOzgIds,
			List<Integer> ozgIds, String repositoryUrl, String reuseModel, Organization provider, ImportFile file,
			Actor actor) {
		List<String> changed = new ArrayList<>();
		ArgumentValue<String> name = field(changed, "name", document.name(), solution.name(),
				document.name().equals(solution.name()));
		ArgumentValue<String> summary = field(changed, "summary", document.summary(), solution.summary(),
				Publiccode.sameSummary(document.summary(), solution.summary()));
		ArgumentValue<String> description = field(changed, "description", document.description(),
				solution.description(), Publiccode.sameDescription(document.description(), solution.summary(),
						solution.description()));
		ArgumentValue<String> licence = field(changed, "licence", document.licence(), solution.licence(),
				Objects.equals(document.licence(), solution.licence()));
		ArgumentValue<String> repository = field(changed, "repositoryUrl", repositoryUrl, solution.repositoryUrl(),
				Objects.equals(repositoryUrl, solution.repositoryUrl())
						|| Objects.equals(document.url(), solution.repositoryUrl()));
		ArgumentValue<String> landing = field(changed, "landingUrl", document.landingUrl(), solution.landingUrl(),
				Objects.equals(document.landingUrl(), solution.landingUrl()));
		ArgumentValue<String> release = field(changed, "releaseVersion", document.softwareVersion(),
				solution.releaseVersion(), Objects.equals(document.softwareVersion(), solution.releaseVersion()));
		ArgumentValue<String> lifecycle = field(changed, "lifecycle", document.lifecycle(), solution.lifecycle(),
				document.lifecycle().equals(solution.lifecycle()));
		ArgumentValue<String> reuse = reuseModel == null ? ArgumentValue.omitted()
				: field(changed, "reuseModel", reuseModel, solution.reuseModel(),
						reuseModel.equals(solution.reuseModel()));
		ArgumentValue<List<Integer>> coverage = ArgumentValue.omitted();
		if (!new HashSet<>(ozgIds).equals(new HashSet<>(currentOzgIds))) {
			coverage = ArgumentValue.ofNullable(ozgIds);
			changed.add("ozgIds");
		}
		if (!document.usedBy().equals(solution.usedByClaims())) {
			changed.add("usedByClaims");
		}
		if (changed.isEmpty()) {
			return Mono.just(new Row(row(Outcome.UNCHANGED, "The solution is as the file has it (version "
					+ solution.version() + ").", provider, solution), solution));
		}
		UpdateSolutionInput input = new UpdateSolutionInput(solution.id().toString(), solution.version(), name,
				summary, description, ArgumentValue.omitted(), coverage, ArgumentValue.omitted(),
				ArgumentValue.omitted(), reuse, ArgumentValue.omitted(), licence, repository, landing,
				ArgumentValue.omitted(), ArgumentValue.omitted(), lifecycle, release, ArgumentValue.omitted(),
				ArgumentValue.omitted());
		return publishing.update(input, actor, new SolutionPublishing.Imported(file.dataSourceId(), document.usedBy()))
			.map(updated -> new Row(row(Outcome.CHANGE, "Changes " + String.join(", ", changed) + ".", provider,
					updated), updated));
	}

	/** The field for {@code updateSolution}: the file's value where it differs, otherwise left as it is. */
	private static <T> ArgumentValue<T> field(List<String> changed, String field, T value, T current, boolean same) {
		if (same) {
			return ArgumentValue.omitted();
		}
		changed.add(field);
		return ArgumentValue.ofNullable(value);
	}

	/**
	 * The OZG-Leistungen: those of the input; else those the file names ({@code supports} entries
	 * {@code urn:de:ozg:leistung:<OZG-ID>}, and features "OZG-ID name" as the export writes them, where the name is
	 * the catalogue's); else those the solution covers already ({@code current}; empty for a new one).
	 */
	private Mono<List<Integer>> ozgIds(PubliccodeFile.Document document, List<Integer> explicit,
			List<Integer> current) {
		if (explicit != null) {
			return Mono.just(explicit);
		}
		Set<Integer> named = new LinkedHashSet<>(document.ozgIdsFromSupports());
		Map<Integer, String> featureNames = new java.util.HashMap<>();
		for (String text : document.features()) {
			Matcher matcher = OZG_FEATURE.matcher(text.strip());
			if (matcher.matches()) {
				featureNames.put(Integer.valueOf(matcher.group(1)), matcher.group(2).strip());
			}
		}
		return catalog.ozgServices(featureNames.keySet())
			.filter(service -> service.name().equals(featureNames.get(service.ozgId())))
			.map(service -> service.ozgId())
			.collectList()
			.map(fromFeatures -> {
				named.addAll(fromFeatures);
				if (!named.isEmpty()) {
					return List.copyOf(named);
				}
				return current == null ? List.<Integer>of() : current;
			});
	}

	/**
	 * The provider's solution the file describes: the one with its {@code url} as repository URL, else the one with
	 * its name. Two of them refuse the file.
	 */
	private Mono<Solution> existing(UUID providerId, PubliccodeFile.Document document) {
		Flux<UUID> byUrl = db.sql("""
				select id from solution where provider_id = :provider and lower(repository_url) = lower(:url)""")
			.bind("provider", providerId)
			.bind("url", document.url())
			.map(row -> row.get("id", UUID.class))
			.all();
		Flux<UUID> byName = db.sql("select id from solution where provider_id = :provider and name = :name")
			.bind("provider", providerId)
			.bind("name", document.name())
			.map(row -> row.get("id", UUID.class))
			.all();
		return byUrl.collectList()
			.flatMap(ids -> ids.isEmpty() ? byName.collectList() : Mono.just(ids))
			.flatMap(ids -> {
				if (ids.size() > 1) {
					return Mono.error(RegistryException.invalid("input.content", "ambiguous", ids.size()
							+ " solutions of the provider have this repository URL or name: update the right one "
							+ "with updateSolution."));
				}
				return ids.isEmpty() ? Mono.empty() : solutions.byId(ids.get(0));
			});
	}

	/**
	 * Why the file does not name the publishing organization, or null if it does. {@code organisation.uri} as
	 * {@code urn:de:ars:<ARS>} decides alone: the organization's ARS. Otherwise the organization is named if
	 * {@code organisation.uri} is a URL on the host of its website, or if {@code organisation.name},
	 * {@code legal.mainCopyrightOwner} or {@code legal.repoOwner} (or one of its parts separated by "/" or ";") is
	 * its name, in any case and spacing, with a copyright sign or year, or with the word its kind puts before it
	 * ("Landeshauptstadt München", "Landkreis Harz").
	 */
	static String organizationProblem(PubliccodeFile.Document document, Organization provider) {
		List<String> declared = new ArrayList<>();
		String uri = document.organisationUri();
		if (uri != null) {
			declared.add("organisation.uri '" + uri + "'");
			Matcher ars = ARS_URN.matcher(uri.strip());
			if (ars.matches()) {
				return ars.group(1).equals(provider.ars()) ? null : refusal(provider, declared);
			}
			String host = host(uri);
			if (host != null && host.equals(host(provider.website()))) {
				return null;
			}
		}
		String[][] names = { { "organisation.name", document.organisationName() },
				{ "legal.mainCopyrightOwner", document.mainCopyrightOwner() },
				{ "legal.repoOwner", document.repoOwner() } };
		for (String[] name : names) {
			if (name[1] == null) {
				continue;
			}
			declared.add(name[0] + " '" + name[1] + "'");
			for (String part : name[1].split("[/;]")) {
				if (names(part, provider)) {
					return null;
				}
			}
		}
		return refusal(provider, declared);
	}

	private static String refusal(Organization provider, List<String> declared) {
		String says = declared.isEmpty() ? "it declares no organization"
				: "it declares " + String.join(", ", declared);
		return "The file does not name " + provider.name() + " as its organization (" + says + "): a publiccode.yml "
				+ "is imported only for the organization it names, in organisation.uri (urn:de:ars:<ARS>, or a URL "
				+ "of its website), organisation.name, legal.mainCopyrightOwner or legal.repoOwner.";
	}

	/** Whether an owner's name is the organization's name. */
	private static boolean names(String owner, Organization provider) {
		String text = fold(owner.replaceAll("(?i)©|\\(c\\)|\\bcopyright\\b|\\b(19|20)[0-9]{2}\\b", " "));
		String name = fold(provider.name());
		if (name.isEmpty() || text.isEmpty()) {
			return false;
		}
		if (text.equals(name)) {
			return true;
		}
		List<String> prefixes = new ArrayList<>();
		if (provider.kinds().contains(OrganizationKind.MUNICIPALITY)) {
			prefixes.addAll(MUNICIPAL_PREFIXES);
		}
		if (provider.kinds().contains(OrganizationKind.DISTRICT)) {
			prefixes.addAll(DISTRICT_PREFIXES);
		}
		if (provider.designation() != null) {
			prefixes.add(fold(provider.designation()));
		}
		return prefixes.stream().anyMatch(prefix -> text.equals(prefix + " " + name));
	}

	/** Lower case, single spaces, no punctuation at the ends. */
	private static String fold(String text) {
		return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll("^[\\s,.:-]+|[\\s,.:-]+$", "");
	}

	/** The host of a URL without "www.", or null. */
	private static String host(String url) {
		if (url == null) {
			return null;
		}
		try {
			String host = new URI(url.strip()).getHost();
			if (host == null) {
				return null;
			}
			host = host.toLowerCase(Locale.ROOT);
			return host.startsWith("www.") ? host.substring(4) : host;
		}
		catch (java.net.URISyntaxException ex) {
			return null;
		}
	}

	private static Row refused(Organization provider, Solution solution, String name, String message) {
		return new Row(new ImportRow(1, Outcome.REFUSED, message, null, provider.id().toString(), provider.name(),
				solution == null ? null : solution.id().toString(), solution == null ? name : solution.name(), null,
				null, null), null);
	}

	private static ImportRow row(Outcome outcome, String message, Organization provider, Solution solution) {
		return new ImportRow(1, outcome, message, null, provider.id().toString(), provider.name(),
				solution.id().toString(), solution.name(), null, null, null);
	}

}
