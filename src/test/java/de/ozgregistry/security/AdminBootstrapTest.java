package de.ozgregistry.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminBootstrapTest {

	@Test
	void withoutAConfiguredTokenOneIsGeneratedIntoAnOwnerOnlyFileAndReusedOnTheNextStart(@TempDir Path dir)
			throws IOException {
		Path file = dir.resolve("data/admin-token");
		AdminBootstrap first = new AdminBootstrap(properties("", file));
		String token = Files.readString(file).strip();
		assertThat(token).startsWith("ozg_");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(first.matches(token)).isTrue();
		AdminBootstrap second = new AdminBootstrap(properties("", file));
		assertThat(second.matches(token)).isTrue();
		assertThat(second.matches(token + "x")).isFalse();
	}

	@Test
	void aConfiguredTokenIsUsedAndNoFileIsWritten(@TempDir Path dir) {
		Path file = dir.resolve("admin-token");
		AdminBootstrap bootstrap = new AdminBootstrap(properties("a-configured-admin-token-of-40-characters", file));
		assertThat(bootstrap.matches("a-configured-admin-token-of-40-characters")).isTrue();
		assertThat(file).doesNotExist();
	}

	@Test
	void aShortConfiguredTokenIsRefused(@TempDir Path dir) {
		assertThatThrownBy(() -> new AdminBootstrap(properties("short", dir.resolve("t"))))
			.hasMessageContaining("32 characters");
	}

	private static SecurityProperties properties(String token, Path file) {
		return new SecurityProperties(token, file.toString(), true,
				new SecurityProperties.Oidc("", "", "", "", "ozg-registry", "ozg_organization", "ozg_roles", "", "openid"), List.of());
	}

}
