package dev.autopool.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.agent.config.ConfigParser;
import dev.autopool.agent.config.Rule;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The UNMATCHED line: what a rule that never applied tells its author. */
class RuleUsageTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "factory com.acme.Images.Scratch#f2(int,int) | if Scratch is nested in Images, write com.acme.Images$Scratch",
        "lifecycle com.acme.Outer.Mid.Frame#close()  | if Mid is nested in Outer, write com.acme.Outer$Mid$Frame",
        "arrays com.acme.Codec.Tables                | if Tables is nested in Codec, write com.acme.Codec$Tables",
        "factory com.acme.Images$Scratch#f2(int,int) | ''",
        "factory com.acme.images.Scratch#f2(int,int) | ''",
        "arrays com.acme.Codec.**                    | ''",
    })
    void aNestedClassWrittenWithADotGetsTheDollarHint(String line, String hint) {
        Rule rule = ConfigParser.parse("app.conf", List.of(line)).rules().get(0);

        String unmatched = RuleUsage.unmatchedLine(rule);

        assertTrue(unmatched.startsWith("autopool UNMATCHED app.conf:1: "), unmatched);
        if (hint.isEmpty()) {
            assertEquals(-1, unmatched.indexOf("nested"), unmatched);
        } else {
            assertTrue(unmatched.contains(hint), unmatched);
        }
    }
}
