package de.ozgregistry.catalog;

import java.util.UUID;

/**
 * An OZG-Leistung of the catalogue, identified by its 5-digit OZG-ID: the catalogue version that brought it in, and the
 * one that retired it (null while it is current).
 */
public record OzgService(int ozgId, UUID id, String name, int lebenslage, int themenfeld, String dataSourceId,
		int introducedIn, Integer retiredIn) {
}
