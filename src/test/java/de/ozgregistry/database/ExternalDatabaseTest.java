package de.ozgregistry.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import de.ozgregistry.OzgRegistryApplication;
import de.ozgregistry.support.ApiTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings switch the registry to an external PostgreSQL server: here the server the other API tests run on,
 * reached over TCP like any external server, in a database of this test's own that it drops afterwards.
 */
class ExternalDatabaseTest extends ApiTest {

	@Autowired
	DatabaseEndpoint server;

	@Test
	void theRegistryMigratesAndSeedsAnExternalDatabase() throws SQLException {
		String database = "ozg_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		runSql("create database " + database);
		try {
			SpringApplication application = new SpringApplication(OzgRegistryApplication.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			try (ConfigurableApplicationContext context = application.run("--ozg.database.mode=external",
					"--ozg.database.host=" + server.host(), "--ozg.database.port=" + server.port(),
					"--ozg.database.name=" + database, "--ozg.database.username=" + server.username(),
					"--ozg.illustrative-data=false", "--ozg.security.generate-admin-token=false")) {
				assertThat(context.getBean(DatabaseEndpoint.class).embedded()).isNull();
			}
			try (Connection connection = DriverManager.getConnection(
					"jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + database, server.username(), "");
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
			runSql("drop database if exists " + database + " with (force)");
		}
	}

	private void runSql(String sql) throws SQLException {
		try (Connection connection = server.openJdbcConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
