package de.ozgregistry.responsibility;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static de.ozgregistry.responsibility.AdministrativeLevel.DISTRICT;
import static de.ozgregistry.responsibility.AdministrativeLevel.FEDERAL;
import static de.ozgregistry.responsibility.AdministrativeLevel.MUNICIPALITY;
import static de.ozgregistry.responsibility.AdministrativeLevel.STATE;
import static org.assertj.core.api.Assertions.assertThat;

/** The rules of Zuständigkeit without the application: the LeiKa-Typ default and how the rules combine. */
class ResponsibilityRulesTest {

	@Test
	void leikaTypesNameTheirLevels() {
		assertThat(ResponsibilitySeed.levelsOfLeikaType("1")).containsExactly(FEDERAL);
		assertThat(ResponsibilitySeed.levelsOfLeikaType("2/3")).containsExactly(DISTRICT);
		assertThat(ResponsibilitySeed.levelsOfLeikaType("2")).containsExactly(DISTRICT);
		assertThat(ResponsibilitySeed.levelsOfLeikaType("4")).containsExactly(STATE);
		assertThat(ResponsibilitySeed.levelsOfLeikaType("4a")).containsExactly(STATE);
		assertThat(ResponsibilitySeed.levelsOfLeikaType("4b")).containsExactly(DISTRICT);
		assertThat(ResponsibilitySeed.levelsOfLeikaType("5")).containsExactly(MUNICIPALITY);
		assertThat(ResponsibilitySeed.levelsOfLeikaType("1, 2/3")).containsExactly(FEDERAL, DISTRICT);
		assertThat(ResponsibilitySeed.levelsOfLeikaType("1;2/3")).containsExactly(FEDERAL, DISTRICT);
		assertThat(ResponsibilitySeed.levelsOfLeikaType("6")).isEmpty();
		assertThat(ResponsibilitySeed.levelsOfLeikaType(null)).isEmpty();
	}

	private static ResponsibilityRule rule(ResponsibilityRule.Scope scope, int ozgId, AdministrativeLevel... levels) {
		ResponsibilityRule.Basis basis = switch (scope) {
			case DEFAULT -> ResponsibilityRule.Basis.CURATED;
			case LAND -> ResponsibilityRule.Basis.LAND_RULE;
			case ORGANIZATION -> ResponsibilityRule.Basis.ORGANIZATION_RULE;
		};
		return new ResponsibilityRule(UUID.randomUUID(), ozgId, scope, null, null, List.of(levels), basis, "s", null, 1,
				null);
	}

	@Test
	void aLandRuleReplacesTheDefaultAndAnOrganizationRuleAdds() {
		var defaults = List.of(rule(ResponsibilityRule.Scope.DEFAULT, 1, DISTRICT),
				rule(ResponsibilityRule.Scope.DEFAULT, 2, MUNICIPALITY),
				rule(ResponsibilityRule.Scope.DEFAULT, 3, DISTRICT),
				rule(ResponsibilityRule.Scope.DEFAULT, 4, FEDERAL));
		Set<AdministrativeLevel> gemeinde = EnumSet.of(MUNICIPALITY);
		assertThat(Responsibility.apply(gemeinde, defaults).keySet()).containsExactly(2);

		var withLand = new java.util.ArrayList<>(defaults);
		withLand.add(rule(ResponsibilityRule.Scope.LAND, 1, MUNICIPALITY, DISTRICT));
		withLand.add(rule(ResponsibilityRule.Scope.LAND, 2, STATE));
		withLand.add(rule(ResponsibilityRule.Scope.ORGANIZATION, 3, DISTRICT));
		withLand.add(rule(ResponsibilityRule.Scope.ORGANIZATION, 4));
		Map<Integer, Responsibility.Reason> reasons = Responsibility.apply(gemeinde, withLand);
		assertThat(reasons.keySet()).containsExactly(1, 3);
		assertThat(reasons.get(1).levels()).containsExactly(MUNICIPALITY);
		assertThat(reasons.get(1).rule().basis()).isEqualTo(ResponsibilityRule.Basis.LAND_RULE);
		assertThat(reasons.get(3).rule().basis()).isEqualTo(ResponsibilityRule.Basis.ORGANIZATION_RULE);

		// a withdrawn Land rule (no levels) leaves the default in force
		var withdrawn = new java.util.ArrayList<>(defaults);
		withdrawn.add(rule(ResponsibilityRule.Scope.LAND, 2));
		assertThat(Responsibility.apply(gemeinde, withdrawn).keySet()).containsExactly(2);
	}

}
