package de.ozgregistry.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import de.ozgregistry.OzgRegistryApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The environment variables switch the registry to an external PostgreSQL: here the PostgreSQL service of the
 * machine on 127.0.0.1:5432, in a database of this test's own that it drops afterwards.
 */
class ExternalDatabaseTest {

	private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/postgres";

	@Test
	void theRegistryMigratesAndSeedsAnExternalDatabase() throws SQLException {
		String database = "ozg_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		execute("create database " + database);
		try {
			SpringApplication application = new SpringApplication(OzgRegistryApplication.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			try (ConfigurableApplicationContext context = application.run("--ozg.database.mode=external",
					"--ozg.database.host=127.0.0.1", "--ozg.database.port=5432", "--ozg.database.name=" + database,
					"--ozg.database.username=postgres", "--ozg.illustrative-data=false",
					"--ozg.security.generate-admin-token=false")) {
				assertThat(context.getBean(DatabaseEndpoint.class).embedded()).isNull();
			}
			try (Connection connection = DriverManager.getConnection(
					"jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
					Statement statement = connection.createStatement();
					ResultSet rows = statement.executeQuery(
							"select count(*) filter (where kind = 'MUNICIPALITY'), count(*) filter (where source = "
									+ "'ILLUSTRATIVE') from organization")) {
				rows.next();
				assertThat(rows.getInt(1)).isEqualTo(10786);
				assertThat(rows.getInt(2)).isZero();
			}
		}
		finally {
			execute("drop database if exists " + database + " with (force)");
		}
	}

	private static void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(SERVER, "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
