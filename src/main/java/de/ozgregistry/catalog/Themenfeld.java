package de.ozgregistry.catalog;

import java.util.UUID;

/** A Themenfeld (subject area) of the OZG-Umsetzungskatalog. */
public record Themenfeld(int number, UUID id, String name, String dataSourceId) {
}
