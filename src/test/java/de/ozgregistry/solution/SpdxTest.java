package de.ozgregistry.solution;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SpdxTest {

	@ParameterizedTest
	@ValueSource(strings = { "EUPL-1.2", "MIT", "Apache-2.0", "GPL-2.0-or-later", "GPL-2.0+", "MIT OR Apache-2.0",
			"(MIT OR Apache-2.0) AND EUPL-1.2", "GPL-2.0-only WITH Classpath-exception-2.0", "LicenseRef-Proprietary",
			"DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", "mit or apache-2.0" })
	void wellFormedExpressionsAreAccepted(String expression) {
		assertThat(Spdx.isWellFormed(expression)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "MIT OR", "AND MIT", "(MIT", "MIT)", "MIT Apache-2.0", "MIT WITH", "MIT/Apache",
			"GPL v2", "<script>", "MIT; drop table solution" })
	void malformedExpressionsAreRejected(String expression) {
		assertThat(Spdx.isWellFormed(expression)).isFalse();
	}

}
