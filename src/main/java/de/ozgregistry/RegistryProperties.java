package de.ozgregistry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of this registry node.
 *
 * @param nodeId the ID of this registry node, written on every record it is authoritative for
 * @param seedDataDir the directory holding the seed data (the repo's {@code seed-data})
 * @param seedOnStart whether to load the seed data on start (idempotent)
 * @param illustrativeData whether to load the illustrative demo set of solutions and adoptions
 */
@ConfigurationProperties("ozg")
public record RegistryProperties(
		@DefaultValue("local") String nodeId,
		@DefaultValue("seed-data") String seedDataDir,
		@DefaultValue("true") boolean seedOnStart,
		@DefaultValue("true") boolean illustrativeData) {
}
