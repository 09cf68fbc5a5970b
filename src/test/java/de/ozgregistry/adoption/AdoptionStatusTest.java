package de.ozgregistry.adoption;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AdoptionStatusTest {

	@ParameterizedTest(name = "{0} -> {1}: {2}")
	@CsvSource({ "INTERESTED,PLANNED,true", "INTERESTED,LIVE,true", "PLANNED,IN_PROGRESS,true", "IN_PROGRESS,LIVE,true",
			"LIVE,DISCONTINUED,true", "INTERESTED,DISCONTINUED,true", "LIVE,PLANNED,false", "IN_PROGRESS,INTERESTED,false",
			"LIVE,LIVE,false", "DISCONTINUED,LIVE,false", "DISCONTINUED,DISCONTINUED,false", "PLANNED,PLANNED,false" })
	void onlyForwardStepsAndDiscontinuingAreAllowed(AdoptionStatus from, AdoptionStatus to, boolean allowed) {
		assertThat(from.canMoveTo(to)).isEqualTo(allowed);
	}

}
