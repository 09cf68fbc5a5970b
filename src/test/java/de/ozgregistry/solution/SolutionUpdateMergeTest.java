package de.ozgregistry.solution;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import de.ozgregistry.graphql.RegistryException;

import org.springframework.graphql.data.ArgumentValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The partial-update rule of {@code updateSolution}, without the application context. */
class SolutionUpdateMergeTest {

	private static final UUID PROVIDER = UUID.randomUUID();

	private static final UUID VENDOR = UUID.randomUUID();

	private static final Solution CURRENT = new Solution(UUID.randomUUID(), "Hundesteuer online", "Anmelden",
			"Beschreibung", PROVIDER, VENDOR, new Maturity(3, Maturity.MaturityModel.V2_0), "OPEN_SOURCE",
			List.of("FIT_STORE"), "EUPL-1.2", "https://code.example.de/hund", "https://hund.example.de",
			List.of("XÖV"), List.of("hund.example.de/antrag"), "PRODUCTION", "1.0", "kostenlos", "Frau Muster",
			List.of(), "SELF_REPORTED", null, "test-node", 4,
			null, null);

	private static final List<Integer> OZG_IDS = List.of(10160);

	private static final List<String> LEIKA_KEYS = List.of("99102013000000");

	/** The draft that leaves {@link #CURRENT} as it is. */
	private static final SolutionPublishing.Draft UNCHANGED = new SolutionPublishing.Draft("Hundesteuer online",
			"Anmelden", "Beschreibung", PROVIDER, VENDOR, OZG_IDS, LEIKA_KEYS,
			new Maturity(3, Maturity.MaturityModel.V2_0), "OPEN_SOURCE", List.of("FIT_STORE"), "EUPL-1.2",
			"https://code.example.de/hund", "https://hund.example.de", List.of("XÖV"),
			List.of("hund.example.de/antrag"), "PRODUCTION", "1.0",
			"kostenlos", "Frau Muster");

	@Test
	void omittedFieldsKeepTheirValues() {
		assertThat(merge(Map.of())).isEqualTo(UNCHANGED);
	}

	@Test
	void nullClearsEveryOptionalFieldAndLeavesTheOthers() {
		Map<String, Object> changes = new HashMap<>();
		for (String field : List.of("description", "vendorId", "leikaKeys", "maturity", "legalPaths", "licence",
				"repositoryUrl", "landingUrl", "standards", "urlPatterns", "releaseVersion", "termsAndCosts", "contactPerson")) {
			changes.put(field, null);
		}
		assertThat(merge(changes)).isEqualTo(new SolutionPublishing.Draft("Hundesteuer online", "Anmelden", null,
				PROVIDER, null, OZG_IDS, List.of(), null, "OPEN_SOURCE", List.of(), null, null, null, List.of(),
				List.of(), "PRODUCTION", null, null, null));
	}

	@Test
	void aValueReplacesTheFieldCheckedAsInPublishing() {
		UUID otherVendor = UUID.randomUUID();
		Map<String, Object> changes = new HashMap<>();
		changes.put("name", "  Hundesteuer digital  ");
		changes.put("vendorId", otherVendor.toString());
		changes.put("ozgIds", List.of(10160, 10000, 10160));
		changes.put("maturity", new PublishSolutionInput.MaturityInput(2, Maturity.MaturityModel.V1_1));
		changes.put("lifecycle", "PILOT");
		changes.put("standards", List.of("XÖV", "XÖV", "FIM"));
		SolutionPublishing.Draft draft = merge(changes);
		assertThat(draft.name()).isEqualTo(SolutionFields.name("  Hundesteuer digital  "));
		assertThat(draft.vendorId()).isEqualTo(otherVendor);
		assertThat(draft.ozgIds()).containsExactly(10160, 10000);
		assertThat(draft.maturity()).isEqualTo(new Maturity(2, Maturity.MaturityModel.V1_1));
		assertThat(draft.lifecycle()).isEqualTo("PILOT");
		assertThat(draft.standards()).containsExactly("XÖV", "FIM");
		assertThat(draft.summary()).isEqualTo("Anmelden");
		assertThat(draft.leikaKeys()).isEqualTo(LEIKA_KEYS);
	}

	@ParameterizedTest
	@ValueSource(strings = { "name", "summary", "reuseModel", "lifecycle", "ozgIds" })
	void aFieldEverySolutionHasCannotBeCleared(String field) {
		Map<String, Object> changes = new HashMap<>();
		changes.put(field, null);
		assertInvalid(changes, "input." + field, "required");
	}

	@Test
	void anInvalidValueNamesItsField() {
		assertInvalid(Map.of("licence", "GPL v2"), "input.licence", "spdx");
		assertInvalid(Map.of("maturity", new PublishSolutionInput.MaturityInput(9, Maturity.MaturityModel.V2_0)),
				"input.maturity.level", "maturity-range");
		assertInvalid(Map.of("ozgIds", List.of()), "input.ozgIds", "required");
		assertInvalid(Map.of("vendorId", "kein-uuid"), "input.vendorId", null);
	}

	private static void assertInvalid(Map<String, Object> changes, String field, String rule) {
		assertThatThrownBy(() -> merge(changes)).isInstanceOfSatisfying(RegistryException.class, ex -> {
			assertThat(ex.extensions()).containsEntry("field", field);
			if (rule != null) {
				assertThat(ex.extensions()).containsEntry("rule", rule);
			}
		});
	}

	private static SolutionPublishing.Draft merge(Map<String, Object> changes) {
		return SolutionPublishing.merge(CURRENT, OZG_IDS, LEIKA_KEYS, input(changes));
	}

	/** An input with these fields given (a {@code null} value included) and every other field omitted. */
	private static UpdateSolutionInput input(Map<String, Object> changes) {
		RecordComponent[] components = UpdateSolutionInput.class.getRecordComponents();
		Object[] values = new Object[components.length];
		for (int i = 0; i < components.length; i++) {
			String name = components[i].getName();
			values[i] = switch (name) {
				case "id" -> CURRENT.id().toString();
				case "expectedVersion" -> CURRENT.version();
				default -> changes.containsKey(name) ? ArgumentValue.ofNullable(changes.get(name))
						: ArgumentValue.omitted();
			};
		}
		assertThat(changes.keySet()).isSubsetOf(Arrays.stream(components).map(RecordComponent::getName).toList());
		try {
			return (UpdateSolutionInput) UpdateSolutionInput.class
				.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new))
				.newInstance(values);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
