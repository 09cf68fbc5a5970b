package de.ozgregistry.solution;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import de.ozgregistry.graphql.Inputs;
import de.ozgregistry.graphql.RegistryException;

import org.springframework.graphql.data.ArgumentValue;

/** The rules for a solution's fields, shared by publishing and updating. */
final class SolutionFields {

	static final int MAX_OZG_IDS = 50;

	static final int MAX_LEIKA_KEYS = 200;

	private SolutionFields() {
	}

	/** A field every solution has may be changed but not cleared. */
	static void notCleared(ArgumentValue<?> change, String field) {
		if (change.isEmpty()) {
			throw RegistryException.invalid(field, "required", field + " cannot be cleared.");
		}
	}

	static String name(String value) {
		return Inputs.line(value, "input.name", 200, true);
	}

	static String summary(String value) {
		return Inputs.line(value, "input.summary", 500, true);
	}

	static String description(String value) {
		return Inputs.text(value, "input.description", 10_000, false);
	}

	static String termsAndCosts(String value) {
		return Inputs.text(value, "input.termsAndCosts", 5_000, false);
	}

	static String contactPerson(String value) {
		return Inputs.line(value, "input.contactPerson", 300, false);
	}

	static String releaseVersion(String value) {
		return Inputs.line(value, "input.releaseVersion", 50, false);
	}

	static String licence(String value) {
		String licence = Inputs.line(value, "input.licence", 200, false);
		if (licence != null && !Spdx.isWellFormed(licence)) {
			throw RegistryException.invalid("input.licence", "spdx",
					"input.licence must be an SPDX license identifier or expression, e.g. EUPL-1.2 or "
							+ "MIT OR Apache-2.0.");
		}
		return licence;
	}

	static List<Integer> ozgIds(List<Integer> value) {
		List<Integer> ids = Inputs.list(value, "input.ozgIds", MAX_OZG_IDS);
		if (ids.isEmpty()) {
			throw RegistryException.invalid("input.ozgIds", "required", "A solution covers at least one OZG-Leistung.");
		}
		for (Integer id : ids) {
			if (id == null || id < 10000 || id > 99999) {
				throw RegistryException.invalid("input.ozgIds", "ozg-id", "An OZG-ID has 5 digits, e.g. 10160.");
			}
		}
		return List.copyOf(new LinkedHashSet<>(ids));
	}

	static List<String> leikaKeys(List<String> value) {
		List<String> keys = Inputs.list(value, "input.leikaKeys", MAX_LEIKA_KEYS);
		for (String key : keys) {
			if (key == null || !key.matches("[0-9]{14}")) {
				throw RegistryException.invalid("input.leikaKeys", "leika-key",
						"A LeiKa key has exactly 14 digits, e.g. 99102013000000.");
			}
		}
		return List.copyOf(new LinkedHashSet<>(keys));
	}

	static List<String> standards(List<String> value) {
		List<String> standards = new ArrayList<>();
		for (String standard : Inputs.list(value, "input.standards", 50)) {
			String text = Inputs.line(standard, "input.standards", 100, true);
			if (!standards.contains(text)) {
				standards.add(text);
			}
		}
		return standards;
	}

	static List<String> legalPaths(List<String> value) {
		return List.copyOf(new LinkedHashSet<>(Inputs.list(value, "input.legalPaths", 10)));
	}

	static Maturity maturity(PublishSolutionInput.MaturityInput value) {
		if (value == null) {
			return null;
		}
		if (value.level() == null) {
			throw RegistryException.invalid("input.maturity.level", "required", "The Reifegrad needs a level.");
		}
		return Maturity.validated(value.level(), value.model(), "input.maturity");
	}

}
