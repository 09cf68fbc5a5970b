package de.ozgregistry.solution;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import de.ozgregistry.graphql.Inputs;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.imports.Spreadsheet;

/**
 * A {@code publiccode.yml} (the standard's version 0, 0.2 to 0.5 and later 0.x) read safely and checked as far as it
 * matters for a solution. Reading refuses what is not a YAML mapping, and what could exhaust the server: more than
 * {@link #MAX_BYTES}, more than {@link #MAX_ALIASES} aliases of lists or maps (a "billion laughs" bomb), deep
 * nesting, recursive and duplicate keys, any type beyond the plain YAML ones. Those are errors of the file as a whole
 * ({@code VALIDATION_FAILED} on {@code input.content}). The standard's rules a readable file breaks are collected in
 * {@link Document#problems()}, each naming its key, and refuse the file's row of the report. Nothing is fetched: URLs
 * are checked for their form only.
 */
final class PubliccodeFile {

	/** The largest file read (the standard's files are a few KB; the real ones here at most 5 KB). */
	static final int MAX_BYTES = 256 * 1024;

	/** Aliases of lists and maps allowed in one file: enough for anchors in a hand-written file, no bomb. */
	static final int MAX_ALIASES = 10;

	/** The {@code usedBy} entries kept, at most, and their length. */
	static final int MAX_USED_BY = 50;

	static final int MAX_USED_BY_LENGTH = 300;

	/** The OZG-Leistung a {@code supports} entry names: {@code urn:de:ozg:leistung:<OZG-ID>}. */
	private static final Pattern OZG_URN = Pattern.compile("urn:de:ozg:leistung:([0-9]{5})", Pattern.CASE_INSENSITIVE);

	private static final Pattern VERSION = Pattern.compile("([0-9]+)(?:\\.([0-9]+))?(?:\\.([0-9]+))?");

	private static final Pattern LANGUAGE = Pattern.compile("[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*");

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

	private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

	/** The values of {@code softwareType}. */
	private static final Set<String> SOFTWARE_TYPES = Set.of("standalone/mobile", "standalone/iot",
			"standalone/desktop", "standalone/web", "standalone/backend", "standalone/other", "addon", "library",
			"configurationFiles");

	/** The values of {@code maintenance.type}. */
	private static final Set<String> MAINTENANCE_TYPES = Set.of("internal", "contract", "community", "none");

	/** The standard's top-level keys that the registry checks or keeps. */
	private static final Set<String> MAPPED = Set.of("publiccodeYmlVersion", "name", "url", "landingURL",
			"softwareVersion", "developmentStatus", "description", "legal", "usedBy", "organisation", "supports");

	/** The standard's other top-level keys: read (some checked) but not kept, the registry has no field for them. */
	private static final List<String> NOT_KEPT = List.of("applicationSuite", "isBasedOn", "releaseDate", "logo",
			"monochromeLogo", "inputTypes", "outputTypes", "platforms", "categories", "roadmap", "softwareType",
			"intendedAudience", "maintenance", "localisation", "dependsOn", "fundedBy");

	/** What the import keeps of a file, the organizations it declares, and what is wrong with it or noted about it. */
	record Document(String version, String name, String summary, String description, String language, String url,
			String landingUrl, String softwareVersion, String developmentStatus, String licence, List<String> usedBy,
			List<Integer> ozgIdsFromSupports, List<String> features,
			String organisationUri, String organisationName, String mainCopyrightOwner, String repoOwner,
			List<String> notes, List<String> problems) {

		/** The lifecycle of its {@code developmentStatus} ({@link Publiccode#LIFECYCLE}). */
		String lifecycle() {
			return Publiccode.LIFECYCLE.get(developmentStatus);
		}

	}

	private PubliccodeFile() {
	}

	/**
	 * The file's top-level mapping. A file that is too large, not UTF-8, not YAML, a bomb, or not a mapping fails
	 * with {@code VALIDATION_FAILED} on {@code input.content}, saying why.
	 */
	static Map<String, Object> read(byte[] content) {
		if (content.length > MAX_BYTES) {
			throw fileError("too-large", "The file has " + content.length + " bytes; a publiccode.yml of at most "
					+ MAX_BYTES + " bytes is read.");
		}
		String text = Spreadsheet.utf8(content);
		if (text == null) {
			throw fileError("not-utf8", "The file is not UTF-8 text (a publiccode.yml is UTF-8; it may be binary or "
					+ "saved as ISO-8859-1).");
		}
		if (text.indexOf('\0') >= 0) {
			throw fileError("not-yaml", "The file is not a YAML text file (it holds binary data).");
		}
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		options.setAllowRecursiveKeys(false);
		options.setMaxAliasesForCollections(MAX_ALIASES);
		options.setNestingDepthLimit(20);
		options.setCodePointLimit(MAX_BYTES);
		options.setProcessComments(false);
		Object root;
		try {
			root = new Yaml(new SafeConstructor(options)).load(text);
		}
		catch (DuplicateKeyException ex) {
			throw fileError("duplicate-key", "The file is not a valid publiccode.yml: " + problem(ex)
					+ " (a key may appear only once in a mapping).");
		}
		catch (MarkedYAMLException ex) {
			if (String.valueOf(ex.getProblem()).contains("tag")) {
				// named without the tag, which may name a class
				throw fileError("yaml-tag", "The file uses a YAML tag for a type (on line "
						+ (ex.getProblemMark() == null ? 1 : ex.getProblemMark().getLine() + 1)
						+ "): a publiccode.yml holds plain texts, numbers, lists and mappings only.");
			}
			throw fileError("not-yaml", "The file is not valid YAML: " + problem(ex)
					+ " (it may be cut off, or not a publiccode.yml).");
		}
		catch (YAMLException ex) {
			String message = String.valueOf(ex.getMessage());
			if (message.startsWith("Number of aliases")) {
				throw fileError("aliases", "The file uses more than " + MAX_ALIASES + " aliases of lists or maps "
						+ "(a \"billion laughs\" YAML bomb?): refused without expanding it.");
			}
			if (message.contains("code points")) {
				throw fileError("too-large", "The file has more than " + MAX_BYTES + " characters.");
			}
			if (message.contains("Nesting Depth")) {
				throw fileError("too-deep", "The file nests lists and maps more than 20 levels deep.");
			}
			throw fileError("not-yaml", "The file is not valid YAML (it may be cut off, or not a publiccode.yml).");
		}
		if (!(root instanceof Map<?, ?> map)) {
			throw fileError("not-a-mapping", "The file is not a publiccode.yml: its top level must be a mapping of "
					+ "keys (publiccodeYmlVersion, name, url, ...), it is "
					+ (root == null ? "empty" : kind(root)) + ".");
		}
		Map<String, Object> keys = new LinkedHashMap<>();
		map.forEach((key, value) -> keys.put(String.valueOf(key), value));
		return keys;
	}

	/** The problem and line of a YAML error, without the parser's internals. */
	private static String problem(MarkedYAMLException ex) {
		String problem = ex.getProblem() != null ? ex.getProblem() : "it cannot be read";
		if (ex.getProblemMark() != null) {
			problem += " on line " + (ex.getProblemMark().getLine() + 1);
		}
		else if (ex.getContextMark() != null) {
			problem += " on line " + (ex.getContextMark().getLine() + 1);
		}
		return problem;
	}

	private static RegistryException fileError(String rule, String message) {
		return RegistryException.invalid("input.content", rule, message);
	}

	/** The document of a file's top-level mapping: what the import keeps, with every problem and note. */
	static Document check(Map<String, Object> root) {
		return new Checker(root).document();
	}

	/** The checks of one file, collecting problems (each naming its key) and notes. */
	private static final class Checker {

		private final Map<String, Object> root;

		private final List<String> problems = new ArrayList<>();

		private final List<String> notes = new ArrayList<>();

		Checker(Map<String, Object> root) {
			this.root = root;
		}

		Document document() {
			String version = version();
			if (version == null) {
				return empty(null);
			}
			String name = string(root, "name", true, 200);
			String url = url(root, "url", true);
			String landingUrl = url(root, "landingURL", false);
			String softwareVersion = string(root, "softwareVersion", false, 50);
			String developmentStatus = string(root, "developmentStatus", true, 100);
			if (developmentStatus != null && !Publiccode.LIFECYCLE.containsKey(developmentStatus)) {
				problems.add("developmentStatus: '" + developmentStatus + "' is not one of "
						+ String.join(", ", Publiccode.LIFECYCLE.keySet()) + ".");
			}
			String softwareType = string(root, "softwareType", true, 100);
			if (softwareType != null && !SOFTWARE_TYPES.contains(softwareType)) {
				problems.add("softwareType: '" + softwareType + "' is not one of the standard's software types.");
			}
			strings(root, "platforms", true);
			strings(root, "categories", false);
			// description
			String[] text = description();
			// legal
			Map<String, Object> legal = map(root, "legal", true);
			String licence = null;
			String mainCopyrightOwner = null;
			String repoOwner = null;
			if (legal != null) {
				licence = string(legal, "legal.license", "license", true, 200);
				if (licence != null && !Spdx.isWellFormed(licence)) {
					problems.add("legal.license: '" + licence + "' is not an SPDX license expression (e.g. EUPL-1.2 "
							+ "or MIT OR Apache-2.0).");
					licence = null;
				}
				mainCopyrightOwner = string(legal, "legal.mainCopyrightOwner", "mainCopyrightOwner", false, 500);
				repoOwner = string(legal, "legal.repoOwner", "repoOwner", false, 500);
			}
			Map<String, Object> organisation = map(root, "organisation", false);
			String organisationUri = null;
			String organisationName = null;
			if (organisation != null) {
				organisationUri = string(organisation, "organisation.uri", "uri", true, 500);
				organisationName = string(organisation, "organisation.name", "name", false, 500);
			}
			maintenance();
			localisation();
			List<String> usedBy = usedBy();
			List<Integer> fromSupports = supports();
			List<String> features = text == null ? List.of() : featuresOf(text[2]);
			notes();
			return new Document(version, name, text == null ? null : text[0], text == null ? null : text[1],
					text == null ? null : text[2], url, landingUrl, softwareVersion, developmentStatus, licence,
					usedBy, fromSupports, features, organisationUri, organisationName,
					mainCopyrightOwner, repoOwner, List.copyOf(notes), List.copyOf(problems));
		}

		private Document empty(String version) {
			return new Document(version, null, null, null, null, null, null, null, null, null, List.of(), List.of(),
					List.of(), null, null, null, null, List.copyOf(notes), List.copyOf(problems));
		}

		/** The version, if it is one this import reads; else null with the problem. */
		private String version() {
			Object value = root.get("publiccodeYmlVersion");
			if (value == null) {
				problems.add("publiccodeYmlVersion: required (e.g. \"0.4\").");
				return null;
			}
			if (!(value instanceof String) && !(value instanceof Number)) {
				problems.add("publiccodeYmlVersion: must be a text such as \"0.4\", is " + kind(value) + ".");
				return null;
			}
			String version = String.valueOf(value).strip();
			Matcher matcher = VERSION.matcher(version);
			if (!matcher.matches()) {
				problems.add("publiccodeYmlVersion: '" + version + "' is not a version (\"0\", \"0.4\", \"0.5.0\").");
				return null;
			}
			if (!matcher.group(1).equals("0")) {
				problems.add("publiccodeYmlVersion: version " + version + " is not read: this import reads the "
						+ "standard's version 0 (\"0\", \"0.x\", \"0.x.y\"; fully from 0.4), not its next major "
						+ "version.");
				return null;
			}
			if (matcher.group(2) != null) {
				int minor = Integer.parseInt(matcher.group(2));
				if (minor < 2) {
					problems.add("publiccodeYmlVersion: version " + version + " is older than 0.2 and not read.");
					return null;
				}
				if (minor < 4) {
					notes.add("publiccodeYmlVersion " + version + " is older than 0.4: the file is read by the rules of "
							+ "0.4, which keep the keys of " + version + ".");
				}
			}
			if (value instanceof Number) {
				notes.add("publiccodeYmlVersion is a number; the standard quotes it (\"" + version + "\").");
			}
			return version;
		}

		/** Summary, description and language of the language read: German first, then English, then the first. */
		private String[] description() {
			Map<String, Object> description = map(root, "description", true);
			if (description == null) {
				return null;
			}
			if (description.isEmpty()) {
				problems.add("description: needs at least one language (e.g. de) with shortDescription and "
						+ "longDescription.");
				return null;
			}
			String chosen = null;
			int rank = Integer.MAX_VALUE;
			for (String language : description.keySet()) {
				if (!LANGUAGE.matcher(language).matches()) {
					problems.add("description." + language + ": not a language code (BCP 47, e.g. de or en-GB).");
					continue;
				}
				String primary = language.toLowerCase(Locale.ROOT).split("-")[0];
				int languageRank = switch (primary) {
					case "de", "deu", "ger" -> 0;
					case "en", "eng" -> 1;
					default -> 2;
				};
				if (languageRank < rank) {
					rank = languageRank;
					chosen = language;
				}
				Map<String, Object> text = map(description, "description." + language, language, true);
				if (text != null) {
					string(text, "description." + language + ".shortDescription", "shortDescription", true, 500);
					string(text, "description." + language + ".longDescription", "longDescription", true, 10_000);
					List<String> features = strings(text, "description." + language + ".features", "features", true);
					if (features != null && features.isEmpty()) {
						problems.add("description." + language + ".features: needs at least one feature.");
					}
				}
			}
			if (chosen == null || !(description.get(chosen) instanceof Map<?, ?> map)) {
				return null;
			}
			Object shortText = map.get("shortDescription");
			Object longText = map.get("longDescription");
			if (!(shortText instanceof String summary) || !(longText instanceof String longDescription)) {
				return null;
			}
			if (rank > 0) {
				notes.add("The file has no German description: the " + chosen + " one is read.");
			}
			if (summary.strip().length() > Publiccode.SHORT_DESCRIPTION) {
				notes.add("description." + chosen + ".shortDescription is longer than the standard's "
						+ Publiccode.SHORT_DESCRIPTION + " characters; kept as the summary.");
			}
			return new String[] { oneLine(summary), longDescription.strip(), chosen };
		}

		private List<String> featuresOf(String language) {
			Object text = ((Map<?, ?>) root.get("description")).get(language);
			Object features = ((Map<?, ?>) text).get("features");
			List<String> result = new ArrayList<>();
			if (features instanceof List<?> list) {
				for (Object feature : list) {
					if (feature instanceof String string) {
						result.add(string);
					}
				}
			}
			return result;
		}

		private void maintenance() {
			Map<String, Object> maintenance = map(root, "maintenance", true);
			if (maintenance == null) {
				return;
			}
			String type = string(maintenance, "maintenance.type", "type", true, 50);
			if (type == null) {
				return;
			}
			if (!MAINTENANCE_TYPES.contains(type)) {
				problems.add("maintenance.type: '" + type + "' is not one of internal, contract, community, none.");
				return;
			}
			List<Map<String, Object>> contractors = maps(maintenance, "maintenance.contractors", "contractors");
			List<Map<String, Object>> contacts = maps(maintenance, "maintenance.contacts", "contacts");
			if (type.equals("contract") && (contractors == null || contractors.isEmpty())) {
				problems.add("maintenance.contractors: required when maintenance.type is contract.");
			}
			if (!type.equals("contract") && contractors != null) {
				problems.add("maintenance.contractors: only when maintenance.type is contract.");
			}
			if ((type.equals("internal") || type.equals("community")) && (contacts == null || contacts.isEmpty())) {
				problems.add("maintenance.contacts: required when maintenance.type is " + type + ".");
			}
			if (contractors != null) {
				for (int index = 0; index < contractors.size(); index++) {
					String key = "maintenance.contractors[" + index + "]";
					Map<String, Object> contractor = contractors.get(index);
					string(contractor, key + ".name", "name", true, 500);
					email(contractor, key + ".email");
					url(contractor, key + ".website", "website", false);
					Object until = contractor.get("until");
					if (until == null) {
						problems.add(key + ".until: required (the date the contract ends).");
					}
					else if (!(until instanceof Date) && !(until instanceof String s && DATE.matcher(s).matches())) {
						problems.add(key + ".until: must be a date (YYYY-MM-DD).");
					}
				}
			}
			if (contacts != null) {
				for (int index = 0; index < contacts.size(); index++) {
					String key = "maintenance.contacts[" + index + "]";
					string(contacts.get(index), key + ".name", "name", true, 500);
					email(contacts.get(index), key + ".email");
				}
				if (!contacts.isEmpty()) {
					notes.add("maintenance.contacts are not kept: they name persons (personal data); the provider's "
							+ "role mailbox is its contact.");
				}
			}
		}

		private void localisation() {
			Map<String, Object> localisation = map(root, "localisation", true);
			if (localisation == null) {
				return;
			}
			Object ready = localisation.get("localisationReady");
			if (ready == null) {
				problems.add("localisation.localisationReady: required (true or false).");
			}
			else if (!(ready instanceof Boolean)) {
				problems.add("localisation.localisationReady: must be true or false, is " + kind(ready) + ".");
			}
			List<String> languages = strings(localisation, "localisation.availableLanguages", "availableLanguages",
					true);
			if (languages != null && languages.isEmpty()) {
				problems.add("localisation.availableLanguages: needs at least one language.");
			}
			if (languages != null) {
				for (String language : languages) {
					if (!LANGUAGE.matcher(language).matches()) {
						problems.add("localisation.availableLanguages: '" + language + "' is not a language code "
								+ "(BCP 47).");
					}
				}
			}
		}

		private List<String> usedBy() {
			List<String> usedBy = strings(root, "usedBy", false);
			if (usedBy == null) {
				return List.of();
			}
			Set<String> claims = new LinkedHashSet<>();
			for (String claim : usedBy) {
				String line = oneLine(claim);
				if (line.length() > MAX_USED_BY_LENGTH) {
					problems.add("usedBy: an entry has more than " + MAX_USED_BY_LENGTH + " characters.");
				}
				else if (!line.isEmpty()) {
					claims.add(line);
				}
			}
			if (claims.size() > MAX_USED_BY) {
				problems.add("usedBy: more than " + MAX_USED_BY + " entries.");
			}
			if (!claims.isEmpty()) {
				notes.add("usedBy is kept as the provider's unverified claims (usedByClaims), not as adoptions.");
			}
			return List.copyOf(claims);
		}

		private List<Integer> supports() {
			List<Map<String, Object>> supports = maps(root, "supports", "supports");
			List<Integer> ids = new ArrayList<>();
			if (supports != null) {
				for (int index = 0; index < supports.size(); index++) {
					String id = string(supports.get(index), "supports[" + index + "].id", "id", true, 500);
					Matcher matcher = id == null ? null : OZG_URN.matcher(id.strip());
					if (matcher != null && matcher.matches()) {
						ids.add(Integer.valueOf(matcher.group(1)));
					}
				}
			}
			return ids;
		}

		/** Notes on the keys not kept, the country sections and the keys the standard does not have. */
		private void notes() {
			List<String> countries = new ArrayList<>();
			List<String> unknown = new ArrayList<>();
			for (String key : root.keySet()) {
				if (key.matches("[a-zA-Z]{2}")) {
					countries.add(key);
				}
				else if (!MAPPED.contains(key) && !NOT_KEPT.contains(key)) {
					unknown.add(key);
				}
			}
			for (String country : countries) {
				notes.add("The country section '" + country + "' is ignored (country extensions are not read).");
			}
			if (!unknown.isEmpty()) {
				notes.add("Keys the standard does not have are ignored: " + String.join(", ", unknown) + ".");
			}
			List<String> notKept = NOT_KEPT.stream().filter(root::containsKey).toList();
			if (!notKept.isEmpty()) {
				notes.add("Read but not kept (the registry has no field for them): " + String.join(", ", notKept)
						+ ".");
			}
		}

		private String string(Map<String, Object> map, String key, boolean required, int maxLength) {
			return string(map, key, key, required, maxLength);
		}

		/** A text value (a number is read as its text); problems for a missing, wrong-typed or too long one. */
		private String string(Map<String, Object> map, String path, String key, boolean required, int maxLength) {
			Object value = map.get(key);
			if (value == null) {
				if (required) {
					problems.add(path + ": required.");
				}
				return null;
			}
			if (!(value instanceof String) && !(value instanceof Number)) {
				problems.add(path + ": must be a text, is " + kind(value) + ".");
				return null;
			}
			String text = String.valueOf(value).strip();
			if (text.isEmpty()) {
				if (required) {
					problems.add(path + ": required (it is empty).");
				}
				return null;
			}
			if (text.length() > maxLength) {
				problems.add(path + ": at most " + maxLength + " characters, has " + text.length() + ".");
				return null;
			}
			return text;
		}

		private String url(Map<String, Object> map, String key, boolean required) {
			return url(map, key, key, required);
		}

		/** An http(s) URL, checked for its form only (never fetched). */
		private String url(Map<String, Object> map, String path, String key, boolean required) {
			String text = string(map, path, key, required, 500);
			if (text == null) {
				return null;
			}
			if (Inputs.isHttpUrl(text)) {
				return text;
			}
			problems.add(path + ": '" + text + "' is not an http or https URL.");
			return null;
		}

		private void email(Map<String, Object> map, String path) {
			String email = string(map, path, "email", false, 254);
			if (email != null && !EMAIL.matcher(email).matches()) {
				problems.add(path + ": '" + email + "' is not an e-mail address.");
			}
		}

		private Map<String, Object> map(Map<String, Object> map, String key, boolean required) {
			return map(map, key, key, required);
		}

		@SuppressWarnings("unchecked")
		private Map<String, Object> map(Map<String, Object> map, String path, String key, boolean required) {
			Object value = map.get(key);
			if (value == null) {
				if (required) {
					problems.add(path + ": required.");
				}
				return null;
			}
			if (!(value instanceof Map<?, ?> nested)) {
				problems.add(path + ": must be a mapping of keys, is " + kind(value) + ".");
				return null;
			}
			Map<String, Object> keys = new LinkedHashMap<>();
			nested.forEach((k, v) -> keys.put(String.valueOf(k), v));
			return keys;
		}

		private List<String> strings(Map<String, Object> map, String key, boolean required) {
			return strings(map, key, key, required);
		}

		/** A list of texts; null (with a problem if required) if missing or not such a list. */
		private List<String> strings(Map<String, Object> map, String path, String key, boolean required) {
			Object value = map.get(key);
			if (value == null) {
				if (required) {
					problems.add(path + ": required.");
				}
				return null;
			}
			if (!(value instanceof List<?> list)) {
				problems.add(path + ": must be a list, is " + kind(value) + ".");
				return null;
			}
			List<String> strings = new ArrayList<>();
			for (Object item : list) {
				if (!(item instanceof String) && !(item instanceof Number)) {
					problems.add(path + ": every entry must be a text, one is " + kind(item) + ".");
					return null;
				}
				strings.add(String.valueOf(item));
			}
			return strings;
		}

		/** A list of mappings, or null if missing (a problem if it is something else). */
		private List<Map<String, Object>> maps(Map<String, Object> map, String path, String key) {
			Object value = map.get(key);
			if (value == null) {
				return null;
			}
			if (!(value instanceof List<?> list)) {
				problems.add(path + ": must be a list, is " + kind(value) + ".");
				return null;
			}
			List<Map<String, Object>> maps = new ArrayList<>();
			for (Object item : list) {
				if (!(item instanceof Map<?, ?> nested)) {
					problems.add(path + ": every entry must be a mapping of keys, one is " + kind(item) + ".");
					return null;
				}
				Map<String, Object> keys = new LinkedHashMap<>();
				nested.forEach((k, v) -> keys.put(String.valueOf(k), v));
				maps.add(keys);
			}
			return maps;
		}

	}

	/** A text on one line: line breaks (of a folded YAML block) and runs of spaces become one space. */
	static String oneLine(String text) {
		return text.strip().replaceAll("\\s+", " ");
	}

	/** What a YAML value is, in words. */
	private static String kind(Object value) {
		if (value instanceof Map<?, ?>) {
			return "a mapping";
		}
		if (value instanceof List<?> || value instanceof Set<?>) {
			return "a list";
		}
		if (value instanceof Boolean) {
			return "true or false";
		}
		if (value instanceof Number) {
			return "a number";
		}
		if (value instanceof Date) {
			return "a date";
		}
		if (value instanceof byte[]) {
			return "binary data";
		}
		return "a text";
	}

}
