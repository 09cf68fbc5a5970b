package de.ozgregistry.catalog;

import java.util.UUID;

/** A Lebenslage or Unternehmenslage, grouping OZG-Leistungen within a Themenfeld. */
public record Lebenslage(int number, UUID id, String name, int themenfeld, String dataSourceId) {
}
