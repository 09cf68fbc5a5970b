package de.ozgregistry.federation;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a node is authoritative for: organizations by ARS prefix or by ID. A node is authoritative for those
 * organizations, the solutions they provide and the adoptions they record; the rule is {@code organization_owned} in
 * {@code R__federation.sql}, which takes the scope as two arrays.
 *
 * @param prefixes ARS prefixes; {@code ""} covers every ARS
 * @param organizations organizations named by ID (bodies without an ARS, e.g. federal agencies, vendors)
 */
public record Scope(List<String> prefixes, List<UUID> organizations) {

	private static final Pattern PREFIX = Pattern.compile("\\d{2,12}");

	/** Parses the entries of {@code ozg.federation.scope}; a malformed entry stops the start with its reason. */
	public static Scope parse(List<String> entries) {
		List<String> prefixes = new ArrayList<>();
		List<UUID> organizations = new ArrayList<>();
		for (String raw : entries) {
			String entry = raw.strip();
			if (entry.equals("*")) {
				prefixes.add("");
			}
			else if (PREFIX.matcher(entry).matches()) {
				prefixes.add(entry);
			}
			else {
				try {
					organizations.add(UUID.fromString(entry));
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException("ozg.federation.scope: '" + entry
							+ "' is neither an ARS prefix (2 to 12 digits), an organization ID nor *");
				}
			}
		}
		return new Scope(List.copyOf(prefixes), List.copyOf(organizations));
	}

	/** The scope as the node description lists it: prefixes ({@code *} for all) and IDs. */
	public List<String> entries() {
		List<String> all = new ArrayList<>();
		prefixes.forEach(prefix -> all.add(prefix.isEmpty() ? "*" : prefix));
		organizations.forEach(id -> all.add(id.toString()));
		return all;
	}

	String[] prefixArray() {
		return prefixes.toArray(String[]::new);
	}

	UUID[] organizationArray() {
		return organizations.toArray(UUID[]::new);
	}

}
