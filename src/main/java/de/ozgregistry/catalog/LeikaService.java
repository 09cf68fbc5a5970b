package de.ozgregistry.catalog;

import java.util.UUID;

/** A LeiKa-Leistung belonging to an OZG-Leistung; {@code key} is {@code null} for services not in the LeiKa. */
public record LeikaService(UUID id, String key, String name, String leikaType, String legalBasis, Integer ozgId,
		String dataSourceId) {
}
