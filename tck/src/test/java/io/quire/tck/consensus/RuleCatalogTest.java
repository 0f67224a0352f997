package io.quire.tck.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The rules, their tests and RULES.md stay one catalogue: a failure's rule number means one thing. */
class RuleCatalogTest {

    private static final Pattern TEST_NAME = Pattern.compile("(required|optional)_(con\\d{2})_[A-Za-z0-9]+");

    @Test
    void everyTestIsNamedAfterItsRuleAndStrength() {
        for (Method test : SuiteRunner.tests()) {
            Matcher name = TEST_NAME.matcher(test.getName());
            assertThat(name.matches()).as("%s is named <required|optional>_conNN_<what>", test.getName()).isTrue();
            assertThat(Arrays.stream(ConRule.values()).map(ConRule::id)).as("the rule of %s", test.getName())
                    .contains(name.group(2));
        }
        for (ConRule rule : ConRule.values()) {
            assertThat(SuiteRunner.testOf(rule).getName().toUpperCase(Locale.ROOT)).contains(rule.name());
        }
    }

    @Test
    void rulesMdListsEveryRuleWithItsTitleAndTest() throws IOException {
        String rules = Files.readString(Path.of("RULES.md"), StandardCharsets.UTF_8);
        for (ConRule rule : ConRule.values()) {
            assertThat(rules).as("RULES.md on %s", rule)
                    .contains(rule.id() + " — " + rule.title())
                    .contains(SuiteRunner.testOf(rule).getName());
        }
    }
}
