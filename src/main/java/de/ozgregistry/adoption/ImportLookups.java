package de.ozgregistry.adoption;

import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.organization.Ars;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.Organizations;

import org.springframework.stereotype.Component;

/** What the imports of adoptions (spreadsheet and Open-PVOG) look up the same way: keys and organizations by ARS. */
@Component
class ImportLookups {

	private static final Pattern DIGITS = Pattern.compile("[0-9]+");

	private final Organizations organizations;

	ImportLookups(Organizations organizations) {
		this.organizations = organizations;
	}

	/**
	 * A key without spaces; one digit short of its length gets its leading zero back (a spreadsheet that took
	 * 064120000000 for a number shows 64120000000, for every Land up to Hessen).
	 */
	static String leadingZero(String key, int length) {
		String digits = key.replace(" ", "");
		return digits.length() == length - 1 && DIGITS.matcher(digits).matches() ? "0" + digits : digits;
	}

	/** The organization with this ARS (its leading zero restored); a malformed or unknown ARS refuses the row. */
	Mono<Organization> byArs(String ars) {
		return Mono.defer(() -> {
			String wellFormed = Ars.requireWellFormed(leadingZero(ars, 12), "row");
			return organizations.byArs(wellFormed, null)
				.switchIfEmpty(Mono.error(() -> rowError("No organization with ARS " + wellFormed + ".")));
		});
	}

	/** A row's refusal: its message is the row's reason in the report. */
	static RegistryException rowError(String message) {
		return RegistryException.invalid("row", "import", message);
	}

}
