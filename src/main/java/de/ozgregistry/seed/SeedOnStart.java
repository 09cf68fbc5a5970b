package de.ozgregistry.seed;

import de.ozgregistry.RegistryProperties;
import de.ozgregistry.changes.Projections;
import de.ozgregistry.database.Migration;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Loads the seed data at start-up, after the migrations and before the server accepts requests; then rebuilds the
 * projections whose stored version is not this code's (after an upgrade that changed one).
 */
@Component
class SeedOnStart implements InitializingBean {

	private final Seeding seeding;

	private final Projections projections;

	private final boolean enabled;

	SeedOnStart(Migration migration, Seeding seeding, Projections projections, RegistryProperties properties) {
		this.seeding = seeding;
		this.projections = projections;
		this.enabled = properties.seedOnStart();
	}

	@Override
	public void afterPropertiesSet() {
		if (enabled) {
			seeding.seed();
		}
		projections.rebuildStale();
	}

}
