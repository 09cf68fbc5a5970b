package de.ozgregistry.database;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A PostgreSQL that an earlier run of the registry left running on the embedded data directory (the JVM was killed,
 * the server it had started lived on and kept its lock), and its stale {@code postmaster.pid}. Cleared before the
 * embedded server starts, so that the start after a crash succeeds on the first try.
 */
final class LeftoverServer {

	private static final Log logger = LogFactory.getLog(LeftoverServer.class);

	/** zonky's lock file in the data directory, held by the JVM whose embedded server uses the directory. */
	private static final String OWNER_LOCK = "epg-lock";

	private static final long SHUTDOWN_WAIT_MILLIS = 15_000;

	private static final long KILL_WAIT_MILLIS = 5_000;

	private LeftoverServer() {
	}

	/**
	 * Stops every postgres process of this data directory and removes a stale {@code postmaster.pid}, unless a living
	 * registry still owns the directory (then nothing is touched and the start fails on zonky's lock as before).
	 */
	static void clear(Path dataDir) throws IOException {
		Path dir = dataDir.toRealPath();
		if (ownedByLivingProcess(dir)) {
			return;
		}
		List<ProcessHandle> processes = postgresProcessesOf(dir);
		if (!processes.isEmpty()) {
			logger.warn("Stopping the PostgreSQL left running on " + dir + " by an earlier run (PIDs "
					+ processes.stream().map(p -> Long.toString(p.pid())).toList() + ")");
			// SIGTERM: a smart shutdown, which finishes at once since the clients of the dead run are gone
			postmaster(dir, processes).ifPresentOrElse(ProcessHandle::destroy,
					() -> processes.forEach(ProcessHandle::destroy));
			if (!awaitExit(processes, SHUTDOWN_WAIT_MILLIS)) {
				processes.forEach(ProcessHandle::destroyForcibly);
				if (!awaitExit(processes, KILL_WAIT_MILLIS)) {
					throw new IOException("The PostgreSQL left running on " + dir + " does not stop");
				}
			}
		}
		Path pidFile = dir.resolve("postmaster.pid");
		if (Files.exists(pidFile)) {
			// nothing of this directory runs any more: the lock is stale (its PID may belong to another process by now)
			Files.delete(pidFile);
			logger.info("Removed the stale postmaster.pid of " + dir);
		}
	}

	/** The postmaster's PID from {@code postmaster.pid}, if the file exists and names one. */
	static Optional<Long> postmasterPid(Path dataDir) {
		try {
			List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
			return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/** The running postgres processes (postmaster and backends) whose working directory is this data directory. */
	static List<ProcessHandle> postgresProcessesOf(Path dir) {
		List<ProcessHandle> found = new ArrayList<>();
		Path proc = Path.of("/proc");
		if (Files.isDirectory(proc)) {
			// PostgreSQL changes into its data directory, postmaster and backends alike: that tells ours from others
			try (Stream<Path> entries = Files.list(proc)) {
				entries.map(p -> p.getFileName().toString())
					.filter(name -> name.chars().allMatch(Character::isDigit))
					.filter(pid -> isPostgresOf(proc.resolve(pid), dir))
					.forEach(pid -> ProcessHandle.of(Long.parseLong(pid)).ifPresent(found::add));
			}
			catch (IOException ex) {
				logger.warn("Cannot list the processes in /proc: " + ex.getMessage());
			}
			return found;
		}
		// elsewhere: the postmaster named by the lock file, if it is a postgres started on this directory
		postmasterPid(dir).flatMap(ProcessHandle::of)
			.filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().startsWith("postgres"))
				.orElse(false))
			.filter(p -> p.info().arguments().map(args -> String.join(" ", args).contains(dir.toString()))
				.orElse(false))
			.ifPresent(found::add);
		return found;
	}

	private static boolean isPostgresOf(Path process, Path dir) {
		try {
			Path executable = Files.readSymbolicLink(process.resolve("exe"));
			return executable.getFileName().toString().startsWith("postgres")
					&& Files.readSymbolicLink(process.resolve("cwd")).equals(dir);
		}
		catch (IOException | UnsupportedOperationException | SecurityException ex) {
			// gone meanwhile, or not ours to inspect
			return false;
		}
	}

	private static Optional<ProcessHandle> postmaster(Path dir, List<ProcessHandle> processes) {
		return postmasterPid(dir).flatMap(pid -> processes.stream().filter(p -> p.pid() == pid).findFirst());
	}

	/** Whether another living JVM holds zonky's lock on this directory, i.e. a registry runs on it right now. */
	private static boolean ownedByLivingProcess(Path dir) throws IOException {
		Path lockFile = dir.resolve(OWNER_LOCK);
		if (!Files.exists(lockFile)) {
			return false;
		}
		try (FileOutputStream stream = new FileOutputStream(lockFile.toFile(), true);
				FileLock lock = stream.getChannel().tryLock()) {
			return lock == null;
		}
		catch (OverlappingFileLockException ex) {
			// held by this JVM: an embedded server of this process still owns the directory
			return true;
		}
	}

	private static boolean awaitExit(List<ProcessHandle> processes, long millis) {
		long deadline = System.nanoTime() + millis * 1_000_000;
		while (processes.stream().anyMatch(ProcessHandle::isAlive)) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

}
