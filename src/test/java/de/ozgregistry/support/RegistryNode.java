package de.ozgregistry.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import de.ozgregistry.OzgRegistryApplication;
import de.ozgregistry.database.DatabaseEndpoint;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Another registry node for federation tests: a real application instance on a database of its own (created on the
 * test's PostgreSQL server), seeded, with its node ID and settings, and the test's admin token.
 */
public final class RegistryNode implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final DatabaseEndpoint server;

	private final String database;

	private final int port;

	private RegistryNode(ConfigurableApplicationContext context, DatabaseEndpoint server, String database) {
		this.context = context;
		this.server = server;
		this.database = database;
		this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	/**
	 * Starts node {@code nodeId} on a fresh database {@code node_<nodeId>} of the server, on a free port that is
	 * also its {@code ozg.federation.base-url}, with the settings given (property name to value, e.g.
	 * {@code ozg.federation.scope} to {@code 06}).
	 */
	public static RegistryNode start(DatabaseEndpoint server, String nodeId, Map<String, String> settings) {
		create(server, nodeId);
		return open(server, nodeId, settings);
	}

	/**
	 * Starts node {@code nodeId} as {@link #start} does, but as a process of its own (this JVM's class path), which a
	 * test can kill; its output goes to the log file. {@link #open} starts it again on the same database.
	 */
	public static Process spawn(DatabaseEndpoint server, String nodeId, Map<String, String> settings,
			java.nio.file.Path log) throws java.io.IOException {
		return spawn(server, nodeId, freePort(), settings, log);
	}

	/** {@link #spawn} on this port. */
	public static Process spawn(DatabaseEndpoint server, String nodeId, int port, Map<String, String> settings,
			java.nio.file.Path log) throws java.io.IOException {
		create(server, nodeId);
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
				"-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				OzgRegistryApplication.class.getName()));
		command.addAll(arguments(server, nodeId, port, settings));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	/** A JDBC connection to the database of node {@code nodeId}. */
	public static Connection jdbc(DatabaseEndpoint server, String nodeId) throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://" + server.host() + ":" + server.port() + "/"
				+ databaseOf(nodeId), server.username(), server.password());
	}

	private static String databaseOf(String nodeId) {
		return "node_" + nodeId.replaceAll("[^a-z0-9]", "_");
	}

	private static void create(DatabaseEndpoint server, String nodeId) {
		String database = databaseOf(nodeId);
		try (Connection admin = server.openJdbcConnection()) {
			admin.createStatement().execute("drop database if exists " + database + " with (force)");
			admin.createStatement().execute("create database " + database);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Starts node {@code nodeId} again on the database it had (after {@link #close()}), on a new port. */
	public static RegistryNode open(DatabaseEndpoint server, String nodeId, Map<String, String> settings) {
		String database = databaseOf(nodeId);
		List<String> args = arguments(server, nodeId, freePort(), settings);
		// Reactor Netty resources of its own: closing a node must not stop the other nodes' servers and clients,
		// which share the global ones in this JVM
		ConfigurableApplicationContext context = new SpringApplicationBuilder(OzgRegistryApplication.class)
			.initializers(initializing -> {
				ReactorResourceFactory resources = new ReactorResourceFactory();
				resources.setUseGlobalResources(false);
				initializing.getBeanFactory().registerSingleton("reactorResourceFactory", resources);
			})
			.run(args.toArray(String[]::new));
		return new RegistryNode(context, server, database);
	}

	private static List<String> arguments(DatabaseEndpoint server, String nodeId, int port,
			Map<String, String> settings) {
		String database = databaseOf(nodeId);
		List<String> args = new ArrayList<>(List.of("--server.port=" + port,
				"--ozg.federation.base-url=http://localhost:" + port, "--ozg.database.mode=external",
				"--ozg.database.host=" + server.host(), "--ozg.database.port=" + server.port(),
				"--ozg.database.name=" + database, "--ozg.database.username=" + server.username(),
				"--ozg.node-id=" + nodeId, "--ozg.illustrative-data=false",
				"--ozg.security.admin-token=" + ApiTest.ADMIN_TOKEN,
				"--ozg.limits.requests-per-minute-per-address=10000000",
				"--ozg.limits.requests-per-minute-per-token=10000000",
				"--ozg.limits.work-per-minute-per-address=1000000000000",
				"--ozg.limits.work-per-minute-per-token=1000000000000"));
		settings.forEach((name, value) -> args.add("--" + name + "=" + value));
		return args;
	}

	public static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public int port() {
		return port;
	}

	public String url() {
		return "http://localhost:" + port;
	}

	/** A GraphQL client of the node acting as admin. */
	public HttpGraphQlTester admin() {
		return HttpGraphQlTester.create(WebTestClient.bindToServer()
			.baseUrl(url() + "/graphql")
			.defaultHeader("Authorization", "Bearer " + ApiTest.ADMIN_TOKEN)
			.build());
	}

	public GraphQlTester.Response execute(String document, Map<String, Object> variables) {
		var request = admin().document(document);
		variables.forEach(request::variable);
		return request.execute();
	}

	/** A JDBC connection to the node's database (for assertions and for holding transactions open). */
	public Connection jdbc() throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + database,
				server.username(), server.password());
	}

	/** The hash a snapshot lists for a record with these data (JSON), as the node's {@code record_hash} makes it. */
	public String recordHash(String data) throws SQLException {
		try (Connection connection = jdbc();
				java.sql.PreparedStatement statement = connection.prepareStatement("select record_hash(?::jsonb)")) {
			statement.setString(1, data);
			try (java.sql.ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getString(1);
			}
		}
	}

	public <T> T bean(Class<T> type) {
		return context.getBean(type);
	}

	@Override
	public void close() {
		context.close();
	}

}
