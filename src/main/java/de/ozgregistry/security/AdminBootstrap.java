package de.ozgregistry.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * The admin bootstrap credential: from {@code OZG_ADMIN_TOKEN}, or, when none is configured, generated on first
 * start and written to a file only its owner can read (the log says where). Only its hash is kept in memory.
 */
@Component
public class AdminBootstrap {

	private static final Log logger = LogFactory.getLog(AdminBootstrap.class);

	static final Actor ADMIN = new Actor(null, null, null, Set.of(Role.ADMIN), "bootstrap-admin");

	private final byte[] hash;

	AdminBootstrap(SecurityProperties properties) {
		String token = properties.adminToken().strip();
		if (token.isEmpty() && properties.generateAdminToken()) {
			token = readOrGenerate(Path.of(properties.adminTokenFile()).toAbsolutePath());
		}
		else if (token.isEmpty()) {
			logger.warn("No admin token configured (OZG_ADMIN_TOKEN): nobody can issue API tokens.");
		}
		else if (token.length() < 32) {
			throw new IllegalStateException("OZG_ADMIN_TOKEN must have at least 32 characters.");
		}
		this.hash = token.isEmpty() ? null : TokenHashing.hash(token);
	}

	/** Whether this is the admin bootstrap token (compared by hash, in constant time). */
	public boolean matches(String token) {
		return hash != null && MessageDigest.isEqual(hash, TokenHashing.hash(token));
	}

	private static String readOrGenerate(Path file) {
		try {
			if (Files.exists(file)) {
				logger.info("Admin token for this registry is in " + file);
				return Files.readString(file, StandardCharsets.UTF_8).strip();
			}
			Files.createDirectories(file.getParent());
			String token = TokenHashing.newToken();
			Files.createFile(file);
			try {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				logger.warn("Cannot restrict the permissions of " + file + " on this file system.");
			}
			Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
			logger.info("Generated an admin token for this registry into " + file
					+ " (readable by you only). Use it to issue API tokens; see the README.");
			return token;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or write the admin token file " + file, ex);
		}
	}

}
