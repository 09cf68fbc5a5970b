package de.ozgregistry.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real GraphQL clients and tools from npm (graphql-js, graphql-http, graphql-ws, …), run by the tests with the
 * machine's Node.js against a registry the test started. Their versions are pinned in {@code src/test/node}'s
 * {@code package-lock.json}; {@link #install()} runs {@code npm ci} there once, when {@code node_modules} is missing or
 * older than the lockfile (from the npm registry, never a CDN). Scripts live beside it as {@code *.mjs}.
 */
public final class Npm {

	/** Where the scripts and their {@code package.json} are. */
	public static final Path DIRECTORY = Path.of("src/test/node").toAbsolutePath();

	private static boolean installed;

	private Npm() {
	}

	/** What a script printed and how it ended. */
	public record Result(int exitCode, String stdout, String stderr) {

		/** Both streams, for an assertion's message. */
		public String output() {
			return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
		}
	}

	/** Installs the locked packages, once per JVM and only when the lockfile is newer than what is installed. */
	public static synchronized void install() {
		if (installed) {
			return;
		}
		Path lock = DIRECTORY.resolve("package-lock.json");
		Path installedLock = DIRECTORY.resolve("node_modules/.package-lock.json");
		try {
			if (!Files.exists(installedLock)
					|| Files.getLastModifiedTime(installedLock).compareTo(Files.getLastModifiedTime(lock)) < 0) {
				Result result = run(Duration.ofMinutes(10), List.of("npm", "ci", "--no-audit", "--no-fund",
						"--loglevel=error"));
				if (result.exitCode() != 0) {
					throw new IllegalStateException("npm ci in " + DIRECTORY + " failed:\n" + result.output());
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		installed = true;
	}

	/** Runs {@code node <script> <arguments…>} in {@link #DIRECTORY} after {@link #install()}. */
	public static Result node(Duration timeout, String script, String... arguments) {
		install();
		List<String> command = new ArrayList<>(List.of("node", script));
		command.addAll(List.of(arguments));
		return run(timeout, command);
	}

	private static Result run(Duration timeout, List<String> command) {
		try {
			Process process = new ProcessBuilder(command).directory(DIRECTORY.toFile()).start();
			process.getOutputStream().close();
			CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
			CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeout
						+ "\n--- stdout\n" + stdout.getNow("") + "\n--- stderr\n" + stderr.getNow(""));
			}
			return new Result(process.exitValue(), stdout.join(), stderr.join());
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String read(java.io.InputStream stream) {
		try (stream) {
			return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(unreadable: " + ex.getMessage() + ")";
		}
	}
}
