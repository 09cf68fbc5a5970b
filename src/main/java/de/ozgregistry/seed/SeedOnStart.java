package de.ozgregistry.seed;

import de.ozgregistry.RegistryProperties;
import de.ozgregistry.database.Migration;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/** Loads the seed data at start-up, after the migrations and before the server accepts requests. */
@Component
class SeedOnStart implements InitializingBean {

	private final Seeding seeding;

	private final boolean enabled;

	SeedOnStart(Migration migration, Seeding seeding, RegistryProperties properties) {
		this.seeding = seeding;
		this.enabled = properties.seedOnStart();
	}

	@Override
	public void afterPropertiesSet() {
		if (enabled) {
			seeding.seed();
		}
	}

}
