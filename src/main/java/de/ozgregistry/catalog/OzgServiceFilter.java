package de.ozgregistry.catalog;

/** Filter of {@code ozgServices}; all given criteria must hold. */
public record OzgServiceFilter(Integer themenfeld, Integer lebenslage, String name) {
}
