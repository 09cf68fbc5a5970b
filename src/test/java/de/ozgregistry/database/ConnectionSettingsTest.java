package de.ozgregistry.database;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Settings every pooled connection gets from {@link DatabaseConfiguration}. */
class ConnectionSettingsTest extends ApiTest {

	@Test
	void connectionsRunWithoutJitCompilation() {
		// the statistics' queries are short with high estimates: compiling them would cost more than running them
		assertThat(db.sql("select current_setting('jit') as jit").map(row -> row.get("jit", String.class)).one().block())
			.isEqualTo("off");
	}

	@Test
	void theSharedTestServerKeepsTheFastTestSettings() {
		// ApiTest sets ozg.database.durable=false; the run configuration's durable settings: DatabaseCrashTest
		assertThat(db.sql("select current_setting('fsync')").map(row -> row.get(0, String.class)).one().block())
			.isEqualTo("off");
		assertThat(db.sql("select current_setting('synchronous_commit')").map(row -> row.get(0, String.class))
			.one()
			.block()).isEqualTo("off");
	}

}
