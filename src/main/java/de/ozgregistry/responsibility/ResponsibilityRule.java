package de.ozgregistry.responsibility;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;

/**
 * One rule of Zuständigkeit: the levels that execute an OZG-Leistung by default, in one Land, or the addition of one
 * organization. A Land or organization rule without levels is withdrawn (kept for its history).
 *
 * @param id name-based from scope and key ({@link #idOf})
 * @param ozgId the OZG-Leistung
 * @param scope default, Land or organization
 * @param landCode the Land of a Land rule
 * @param organizationId the organization of an organization rule
 * @param levels the levels that execute it (for an organization rule: the level it acts at for it)
 * @param basis why: derived from the LeiKa-Typ, curated, a Land rule, an organization rule
 * @param source the statute or official page
 * @param note an explanation, or {@code null}
 */
public record ResponsibilityRule(UUID id, int ozgId, Scope scope, String landCode, UUID organizationId,
		List<AdministrativeLevel> levels, Basis basis, String source, String note, int version,
		OffsetDateTime updatedAt) {

	/** Where a rule applies. */
	public enum Scope {

		DEFAULT, LAND, ORGANIZATION

	}

	/** Why a rule says what it says. */
	public enum Basis {

		/** Derived from the LeiKa-Typ of the OZG-Leistung's LeiKa-Leistungen (ResponsibilitySeed.levelsOfLeikaType). */
		LEIKA_TYPE,
		/** A row of the curated table, or a default set by the federal coordinator. */
		CURATED,
		/** Set for one Land by its coordinator. */
		LAND_RULE,
		/** Set for one organization by its Land's coordinator. */
		ORGANIZATION_RULE

	}

	static final String COLUMNS = "r.id, r.ozg_id, r.scope, r.land_code, r.organization_id, r.levels, r.basis, "
			+ "r.source, r.note, r.version, r.updated_at";

	/** Whether this Land or organization rule is in force (a default always is). */
	public boolean active() {
		return scope == Scope.DEFAULT || !levels.isEmpty();
	}

	/** The ID of the rule of this scope and key (a Land code, an organization ID, nothing for a default). */
	static UUID idOf(Scope scope, String key, int ozgId) {
		return UUID.nameUUIDFromBytes(("ozg-registry:responsibility:" + scope + ":" + ((key == null) ? "" : key) + ":"
				+ ozgId).getBytes(StandardCharsets.UTF_8));
	}

	static ResponsibilityRule of(Readable row) {
		String[] levels = row.get("levels", String[].class);
		return new ResponsibilityRule(row.get("id", UUID.class), row.get("ozg_id", Integer.class),
				Scope.valueOf(row.get("scope", String.class)), row.get("land_code", String.class),
				row.get("organization_id", UUID.class),
				Arrays.stream(levels).map(AdministrativeLevel::valueOf).toList(),
				Basis.valueOf(row.get("basis", String.class)), row.get("source", String.class),
				row.get("note", String.class), row.get("version", Integer.class),
				row.get("updated_at", OffsetDateTime.class));
	}

}
