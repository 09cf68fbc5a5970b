package de.ozgregistry.catalog;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import io.r2dbc.spi.Readable;

/**
 * A version of the OZG catalogue as this node loaded it: version 1 is the seed's, each later one a file given to
 * {@code importCatalogue}, with what it added, renamed and retired, and how many OZG-Leistungen it holds.
 */
public record CatalogueVersion(int number, String label, LocalDate publishedOn, String fileName, String sha256,
		String dataSourceId, OffsetDateTime loadedAt, int added, int renamed, int retired, int ozgServices) {

	static CatalogueVersion of(Readable row) {
		String sha256 = row.get("file_sha256", String.class);
		return new CatalogueVersion(row.get("number", Integer.class), row.get("label", String.class),
				row.get("published_on", LocalDate.class), row.get("file_name", String.class),
				sha256 == null ? null : sha256.strip(), row.get("data_source_id", String.class),
				row.get("loaded_at", OffsetDateTime.class), row.get("added", Integer.class),
				row.get("renamed", Integer.class), row.get("retired", Integer.class),
				row.get("ozg_services", Integer.class));
	}

}
