package de.ozgregistry.catalog;

import java.util.UUID;

/** An OZG-Leistung of the catalogue, identified by its 5-digit OZG-ID. */
public record OzgService(int ozgId, UUID id, String name, int lebenslage, int themenfeld, String dataSourceId) {
}
