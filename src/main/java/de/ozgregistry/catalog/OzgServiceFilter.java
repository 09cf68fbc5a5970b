package de.ozgregistry.catalog;

/** Filter of {@code ozgServices}; all given criteria must hold. Retired OZG-Leistungen only if asked for. */
public record OzgServiceFilter(Integer themenfeld, Integer lebenslage, String name, Boolean includeRetired) {
}
