package de.ozgregistry.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The JWT library's messages as a caller reads them: the reason, never the library's Java names. */
class OidcMessagesTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			An error occurred while attempting to decode the Jwt: Invalid unsecured/JWS/JWE header: Invalid JSON: java.lang.IllegalStateException: Expected BEGIN_OBJECT but was STRING | An error occurred while attempting to decode the Jwt: Invalid unsecured/JWS/JWE header: Invalid JSON
			Jwt expired at 2026-12-03T05:49:00Z | Jwt expired at 2026-12-03T05:49:00Z
			ParseException: Invalid serialization | the token could not be read
			Failed to validate the token | Failed to validate the token
			""")
	void messagesEndBeforeJavaNames(String message, String shown) {
		assertThat(OidcAuthentication.sanitize(message)).isEqualTo(shown);
	}

}
