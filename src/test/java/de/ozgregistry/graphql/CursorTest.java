package de.ozgregistry.graphql;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cursors, their signatures and the positions they carry, without the application. */
class CursorTest {

	private static final CursorSigner SIGNER = new CursorSigner("0123456789abcdef0123456789abcdef".getBytes());

	private static String raw(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	private static void assertInvalidAfter(Runnable decode) {
		assertThatThrownBy(decode::run).isInstanceOfSatisfying(RegistryException.class, ex -> {
			assertThat(ex.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
			assertThat(ex.extensions()).containsEntry("field", "after");
		});
	}

	@Test
	void aCursorSurvivesTheRoundTripThroughItsSignature() {
		Cursor cursor = new Cursor("Straße: Hunde;steuer", "4f6c0b6e-6d0c-4f57-9c61-1b8a3f5a2b10");
		String signed = SIGNER.sign(cursor.encode());
		assertThat(Cursor.decode(SIGNER.verify(signed, "after"), "after")).isEqualTo(cursor);
		assertThat(signed).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{22}");
	}

	@Test
	void anAlteredOrUnsignedCursorIsRefused() {
		String signed = SIGNER.sign(new Cursor("5", "search").encode());
		String other = SIGNER.sign(new Cursor("6", "search").encode());
		assertInvalidAfter(() -> SIGNER.verify(new Cursor("5", "search").encode(), "after"));
		assertInvalidAfter(() -> SIGNER.verify(other.substring(0, other.indexOf('.')) + signed.substring(signed.indexOf('.')), "after"));
		char last = signed.charAt(signed.length() - 1);
		assertInvalidAfter(() -> SIGNER.verify(signed.substring(0, signed.length() - 1) + (char) (last ^ 1), "after"));
		assertInvalidAfter(() -> SIGNER.verify(signed + "A", "after"));
		assertInvalidAfter(() -> SIGNER.verify(".", "after"));
		assertInvalidAfter(() -> SIGNER.verify("", "after"));
	}

	@Test
	void aCursorSignedUnderAnotherSecretIsRefused() {
		CursorSigner other = new CursorSigner("another secret of at least 32 bytes!".getBytes());
		assertInvalidAfter(() -> SIGNER.verify(other.sign(new Cursor("5", "search").encode()), "after"));
	}

	@Test
	void aShortSecretIsRefused() {
		assertThatThrownBy(() -> new CursorSigner(new byte[31])).isInstanceOf(IllegalArgumentException.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "c1:10000:\u0000", "c1:\u0000:x", "c2:x:y", "c1:", "c1::x", "c1x" })
	void aMalformedCursorIsRefused(String text) {
		assertInvalidAfter(() -> Cursor.decode(raw(text), "after"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "not base64!", "%%%", "\u0000" })
	void textThatIsNoBase64IsRefused(String text) {
		assertInvalidAfter(() -> Cursor.decode(text, "after"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "c1:search:-5", "c1:search:2147483647", "c1:search:10000001", "c1:search:99999999999",
			"c1:search:", "c1:search:1e3", "c1:search: 5", "c1:gap:5", "c1:search:+5" })
	void aPositionOutsideItsListIsRefused(String text) {
		Page page = Page.of(10, raw(text));
		assertInvalidAfter(() -> page.offset("search"));
	}

	@Test
	void positionsOfTheListAreRead() {
		assertThat(Page.of(10, null).offset("gap")).isZero();
		assertThat(Page.of(10, raw("c1:gap:40")).offset("gap")).isEqualTo(40);
		assertThat(Page.of(100, raw("c1:gap:" + Page.MAX_OFFSET)).offset("gap") + 101).isPositive();
	}

	@Test
	void aConfiguredSecretOverridesTheNodeSecretAndMustBeLongEnough() {
		String configured = "a configured secret of 32 chars!";
		CursorSigner signer = new ApiBoundary().cursorSigner(null, null, configured);
		assertThat(signer.sign("abc")).isEqualTo(new CursorSigner(configured.getBytes()).sign("abc"));
		assertThatThrownBy(() -> new ApiBoundary().cursorSigner(null, null, "too short"))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("OZG_CURSOR_SECRET");
	}

}
