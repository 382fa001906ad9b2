package dev.autopool.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.autopool.runtime.settings.Setting;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules file: every rule kind and setting, and a clear, line-numbered reason for every bad line. */
class ConfigParserTest {

    @Test
    void everyRuleKindParses() {
        Config c = ConfigParser.parse("app.conf", List.of(
                "# the app's rules",
                "factory com.acme.M#float3d(int, int, int) zero=false",
                "factory com.acme.M#image(java.lang.String,int,int) dims=2,1",
                "release com.acme.Pool#give(java.lang.String,float[][]) # trailing comment",
                "lifecycle com.acme.Frame#close()",
                "arrays com.acme.decoder.** min-bytes=64k",
                "set leak=full budget=512m"));

        assertEquals(List.of(), c.problems());
        assertEquals(List.of(Rule.Kind.FACTORY, Rule.Kind.FACTORY, Rule.Kind.RELEASE, Rule.Kind.LIFECYCLE,
                Rule.Kind.ARRAYS), c.rules().stream().map(Rule::kind).toList());
        assertEquals(false, c.rules().get(0).zeroes());
        assertEquals("(III)", c.rules().get(0).method().paramDescriptor());
        assertEquals(List.of(2, 1), java.util.Arrays.stream(c.rules().get(1).dimensionArguments()).boxed().toList());
        assertEquals(1, c.rules().get(2).arrayArgument());
        assertEquals("app.conf:5", c.rules().get(3).origin());
        assertEquals(65536, c.rules().get(4).minBytes());
        assertTrue(c.rules().get(4).scope().matches("com/acme/decoder/jpeg/Idct"));
        assertEquals(Map.of("leak", "full", "budget", "536870912"), c.settings().values());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "factori com.acme.M#f(int)                    | unknown rule kind 'factori' (expected factory, release, lifecycle, arrays, owned or set)",
        "factory com.acme.M#f(int,float)              | every dimension must be a distinct int parameter",
        "factory com.acme.M#f(int) dims=0,0           | every dimension must be a distinct int parameter",
        "factory com.acme.M#f(int,int,int,int,int)    | a factory has 1 to 4 dimensions",
        "factory com.acme.M#f(int) colour=red         | 'factory' has no option 'colour'",
        "factory com.acme.M#f(int) zero=maybe         | zero must be true or false",
        "release com.acme.M#free(int)                 | takes no array parameter",
        "release com.acme.M#free(float[]) arg=3       | takes no array parameter at position 3",
        "arrays com.acme..decoder.**                  | expected a package pattern",
        "arrays com.acme.decoder.** min-bytes=lots    | option min-bytes='lots': expected a size",
        "arrays com.acme.decoder.** min-bytes=10%     | option min-bytes='10%': a share of the heap does not apply here",
        "lifecycle com.acme.Frame                     | expected a method as Class#method(type,...)",
        "factory com.acme.M#f(Matrix)                 | must be a primitive or a fully qualified class name",
        "owned com.acme.Img                           | expected a field as Class#field, e.g. com.acme.Img#px",
        "owned com.acme.Img#px() min-bytes=1k         | expected a field as Class#field",
        "owned com.acme.*#px                          | expected a field as Class#field",
        "owned com.acme.Img#px dims=1                 | 'owned' has no option 'dims'",
    })
    void aBadLineIsDroppedWithItsNumberAndReason(String line, String reason) {
        Config c = ConfigParser.parse("app.conf", List.of("factory com.acme.M#ok(int)", line));

        assertEquals(1, c.rules().size(), "only the good line counts");
        assertEquals(1, c.problems().size());
        String message = c.problems().get(0).message();
        assertTrue(message.startsWith("autopool CONFIG app.conf:2: "), message);
        assertTrue(message.contains(reason), message);
        assertTrue(message.endsWith("; the line is ignored"), message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "leak=paranoid                         | leak     | paranoid",
        "leak=FULL                             | leak     | full",
        "budget=2g                             | budget   | 2147483648",
        "budget=4096                           | budget   | 4096",
        "leak.rate=100                         | leak.rate | 100",
        "warmup=float[3][256][256]x4;int[1024] | warmup   | float[3][256][256]x4;int[1024]x1",
        "trim.idle=30s                         | trim.idle | 30000ms",
        "log=debug                             | log      | debug",
        "summary=/tmp/autopool-%p.txt  | summary  | /tmp/autopool-%p.txt",
        "summary=LOGGER                        | summary  | logger",
        "summary.interval=90s                  | summary.interval | 90000ms",
        "summary.interval=500ms                | summary.interval | 500ms",
        "summary.interval=off                  | summary.interval | 0ms",
        "cache=/var/cache/autopool             | cache    | /var/cache/autopool",
    })
    void settingsAreCheckedAndMadeCanonical(String setting, String key, String value) {
        Config c = ConfigParser.parse("app.conf", List.of("set " + setting));

        assertEquals(List.of(), c.problems());
        assertEquals(value, c.settings().values().get(key));
    }

    static Stream<Setting> everySizeKey() {
        return Arrays.stream(Setting.values()).filter(Setting::isSize);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySizeKey")
    void everySizeKeyTakesTheOneSizeGrammarInTheRulesFile(Setting key) {
        Config sized = ConfigParser.parse("app.conf", List.of("set " + key.key() + "=512MiB"));
        Config c = ConfigParser.parse("app.conf", List.of("set " + key.key() + "=25%"));

        assertEquals(List.of(), sized.problems());
        assertEquals("536870912", sized.settings().values().get(key.key()));
        if (key.takesHeapShare()) {
            assertEquals(List.of(), c.problems());
            assertEquals(Long.toString(Runtime.getRuntime().maxMemory() / 4), c.settings().values().get(key.key()));
        } else {
            assertEquals(1, c.problems().size());
            assertTrue(c.problems().get(0).message().startsWith("autopool CONFIG app.conf:1: setting " + key.key()
                    + "=25%: a share of the heap does not apply here: "), c.problems().get(0)::message);
            assertEquals(null, c.settings().values().get(key.key()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "leak=sometimes      | setting leak=sometimes: expected off, sampled, full or paranoid; the setting is ignored",
        "budget=-3           | setting budget=-3: expected a size",
        "budget=120%         | setting budget=120%: expected a share of the heap above 0% and at most 100%",
        "onnx.pool=10%       | setting onnx.pool=10%: a share of the heap does not apply here",
        "trim.idle=soon      | setting trim.idle=soon: expected a duration such as 500ms, 30s, 5m or off",
        "magazine.size=1k    | setting magazine.size=1k: expected a whole number of at least 0, e.g. 8",
        "warmup=char[3]      | warm-up shape 'char[3]' should look like float[3][256][256]x4",
        "leak.rate=0.5       | expected a whole number of at least 1",
        "summary.interval=soon | expected a duration such as 500ms, 30s, 5m or off",
        "warmup=float[0]     | warm-up shape 'float[0]'",
        "jmx=maybe           | setting jmx=maybe: expected auto, on or off; the setting is ignored",
        "colour=red          | setting colour=red: unknown key (known: leak, leak.rate, budget, warmup, log, log.to, summary, summary.interval, dump, jmx, auto-release, cache, budget.fraction",
    })
    void aBadSettingIsDroppedWithItsReason(String setting, String reason) {
        Config c = ConfigParser.parse("app.conf", List.of("set auto-release=on", "set " + setting));

        assertEquals(1, c.problems().size());
        assertTrue(c.problems().get(0).message().startsWith("autopool CONFIG app.conf:2: setting "));
        assertTrue(c.problems().get(0).message().contains(reason), c.problems().get(0)::message);
        assertTrue(c.settings().values().containsKey("auto-release"));
    }

    @Test
    void agentArgumentsOverrideTheFile() throws Exception {
        Path file = Files.createTempFile("autopool", ".conf");
        Files.writeString(file, "set leak=full budget=1g\nfactory com.acme.M#f(int)\n");
        Config c = ConfigLoader.load(AgentArgs.parse("config=" + file + ",leak=off,log=warning,budget=oops"));

        assertEquals(Map.of("leak", "off", "budget", "1073741824", "log", "warning"), c.settings().values());
        assertEquals(1, c.rules().size());
        assertEquals(1, c.problems().size());
        assertTrue(c.problems().get(0).message().startsWith("autopool CONFIG agent arguments: setting budget=oops: expected a size"));
    }

    @Test
    void aByteOrderMarkBeforeTheFirstRuleIsNotPartOfIt() {
        Config c = ConfigParser.parse("app.conf", List.of("\uFEFFfactory com.acme.M#f(int)"));

        assertEquals(List.of(), c.problems());
        assertEquals(Rule.Kind.FACTORY, c.rules().get(0).kind());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "factory com.acme.M#f(int)        | factory com.acme.M#f(int)          | repeats the rule at app.conf:1",
        "factory com.acme.M#f(int)        | factory com.acme.M#f(int) zero=false | conflicts with the rule at app.conf:1",
        "release com.acme.M#f(int,float[]) | factory com.acme.M#f(int,float[]) dims=0 | contradicts the release rule for the same method at app.conf:1",
        "arrays com.acme.**               | arrays com.acme.** min-bytes=1k     | conflicts with the rule at app.conf:1",
        "lifecycle com.acme.F#close()     | lifecycle com.acme.F#close()       | repeats the rule at app.conf:1",
    })
    void aRuleForTheSameTargetAsAnEarlierOneIsReportedAndDropped(String first, String second, String reason) {
        Config c = ConfigParser.parse("app.conf", List.of(first, second));

        assertEquals(1, c.rules().size(), "the first rule written stays");
        assertEquals(1, c.rules().get(0).line());
        assertEquals(1, c.problems().size());
        String message = c.problems().get(0).message();
        assertTrue(message.startsWith("autopool CONFIG app.conf:2: "), message);
        assertTrue(message.contains(reason), message);
    }

    @Test
    void aFactoryAndALifecycleRuleMayNameTheirOwnMethodsOfOneClass() {
        Config c = ConfigParser.parse("app.conf", List.of("factory com.acme.M#f(int)", "release com.acme.M#g(float[])",
                "lifecycle com.acme.M#close()"));

        assertEquals(List.of(), c.problems());
        assertEquals(3, c.rules().size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "factory com.acme.M#f(int) zero=",
        "set leak=",
        "set budget=",
        "factory com.acme.",
        "set ",
        "arrays com.acme..",
    })
    void aHugeBadValueIsEchoedShort(String prefix) {
        String huge = "x".repeat(1 << 20);
        Config c = ConfigParser.parse("app.conf", List.of(prefix + huge));

        assertEquals(1, c.problems().size());
        String message = c.problems().get(0).message();
        assertTrue(message.length() < 400, () -> message.length() + " characters: " + message.substring(0, 200));
        assertTrue(message.contains("characters)"), message);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "factory com.acme.M#f(int)\t# the tab before the # ends the rule",
        "factory com.acme.M#f(int)\t#no space after the #",
        "factory com.acme.M#f(int) zero=false\t\t#",
        "factory com.acme.M#f(int)\f# a form feed separates words too",
        "\t# a comment line indented with a tab",
        "#factory com.acme.M#g(int) at the start of the line",
        "set leak=full\t# and a setting",
    })
    void aHashAfterATabStartsACommentAsAfterASpace(String line) {
        Config c = ConfigParser.parse("app.conf", List.of(line));

        assertEquals(List.of(), c.problems());
        assertEquals(line.startsWith("factory") ? List.of("com.acme.M#f(int)") : List.of(),
                c.rules().stream().map(Rule::target).toList());
        assertEquals(line.contains("leak") ? Map.of("leak", "full") : Map.of(), c.settings().values());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // Before, each was taken as a class named "java.util.List<java.lang.String>" (a rule that never matches)
        // or refused for a wrong reason ("float[]>" is no class name, "takes no array parameter").
        "factory com.acme.M#f(java.util.List<java.lang.String>,int) dims=1 | without type arguments: write 'java.util.List,int'",
        "release com.acme.M#g(java.util.Map<java.lang.String, float[]>,float[]) arg=1 | without type arguments: write 'java.util.Map,float[]'",
        "release com.acme.M#h(float[]...,int)                           | only the last parameter can be variable-arity",
        "release com.acme.M#h(java.lang.String-)                        | 'java.lang.String-' is not a primitive or a class name",
        "release com.acme.M#h(int..)                                    | 'int..' is not a primitive or a class name",
    })
    void aParameterTypeJavaWritesButADescriptorDoesNotIsNamedAsSuch(String line, String reason) {
        Config c = ConfigParser.parse("app.conf", List.of(line));

        assertEquals(List.of(), c.rules());
        assertEquals(1, c.problems().size(), c.problems()::toString);
        String message = c.problems().get(0).message();
        assertTrue(message.contains(reason), message);
    }

    @Test
    void aVariableArityParameterIsTheArrayItIs() {
        Config c = ConfigParser.parse("app.conf", List.of("release com.acme.M#free(float[]...)",
                "factory com.acme.M#g(int,int,java.lang.Object...) dims=0,1", "release com.acme.M#give(int, float[][] ...)"));

        assertEquals(List.of(), c.problems());
        assertEquals("([[F)", c.rules().get(0).method().paramDescriptor());
        assertEquals("(II[Ljava/lang/Object;)", c.rules().get(1).method().paramDescriptor());
        assertEquals("(I[[[F)", c.rules().get(2).method().paramDescriptor());
    }

    @Test
    void aMethodWithMoreParametersThanTheJvmAllowsIsEchoedShort() {
        Config c = ConfigParser.parse("app.conf",
                List.of("factory com.acme.M#f(" + "int,".repeat(5000) + "int)"));

        assertEquals(1, c.problems().size());
        String message = c.problems().get(0).message();
        assertTrue(message.contains("at most 255 parameters"), message);
        assertTrue(message.length() < 400, () -> message.length() + " characters: " + message.substring(0, 200));
    }

    @Test
    void aHashInsideAWordIsNoComment() {
        Config c = ConfigParser.parse("app.conf", List.of("owned com.acme.Img#px",
                "release com.acme.M#free(float[])\t#comment", "set summary=/tmp/run#2.txt # the file"));

        assertEquals(List.of(), c.problems());
        assertEquals(List.of("com.acme.Img#px", "com.acme.M#free(float[])"),
                c.rules().stream().map(Rule::target).toList());
        assertEquals("/tmp/run#2.txt", c.settings().values().get("summary"));
    }

    @Test
    void aSetLineWithAMalformedWordChangesNothing() {
        Config c = ConfigParser.parse("app.conf", List.of("set leak=full leak.rate", "set budget=1g"));

        assertEquals(List.of("autopool CONFIG app.conf:1: expected key=value, got 'leak.rate'; the line is ignored"),
                c.problems().stream().map(ConfigProblem::message).toList());
        assertEquals(Map.of("budget", "1073741824"), c.settings().values(), "leak=full must not apply");
    }

    @Test
    void aSettingGivenTwiceOnOneLineIsReportedAndTheLineChangesNothing() {
        Config c = ConfigParser.parse("app.conf", List.of("set log=info", "set leak=full log=debug leak=off"));

        assertEquals(List.of("autopool CONFIG app.conf:2: setting 'leak' is given twice ('leak=full', then"
                + " 'leak=off'); the line is ignored"), c.problems().stream().map(ConfigProblem::message).toList());
        assertEquals(Map.of("log", "info"), c.settings().values());
    }

    @Test
    void aSettingAnEarlierLineSetIsReportedAndTheFirstValueStays() {
        Config c = ConfigParser.parse("app.conf", List.of("set leak=full", "set budget=1g leak=off", "onnx off",
                "set onnx=on"));

        assertEquals(List.of("autopool CONFIG app.conf:2: 'leak' is set again (first at app.conf:1, to full); the"
                        + " first value stays and this one is ignored",
                "autopool CONFIG app.conf:4: 'onnx' is set again (first at app.conf:3, to off); the first value"
                        + " stays and this one is ignored"),
                c.problems().stream().map(ConfigProblem::message).toList());
        assertEquals(Map.of("leak", "full", "budget", "1073741824", "onnx", "off"), c.settings().values());
    }

    @Test
    void aWellFormedSettingWithABadValueCostsThatSettingAlone() {
        Config c = ConfigParser.parse("app.conf", List.of("set leak=full budget=oops"));

        assertEquals(1, c.problems().size());
        assertTrue(c.problems().get(0).message().startsWith("autopool CONFIG app.conf:1: setting budget=oops: "
                + "expected a size"), c.problems().get(0)::message);
        assertTrue(c.problems().get(0).message().endsWith("; the setting is ignored"), c.problems().get(0)::message);
        assertEquals(Map.of("leak", "full"), c.settings().values());
    }

    @Test
    void aRuleOptionGivenTwiceIsReportedAndTheRuleDropped() {
        Config c = ConfigParser.parse("app.conf", List.of("factory com.acme.M#ok(int)",
                "factory com.acme.M#f(int,int) dims=0,1 dims=1,0"));

        assertEquals(List.of("autopool CONFIG app.conf:2: option 'dims' is given twice ('dims=0,1', then"
                + " 'dims=1,0'); the line is ignored"), c.problems().stream().map(ConfigProblem::message).toList());
        assertEquals(List.of("com.acme.M#ok(int)"), c.rules().stream().map(Rule::target).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "fact<ESC>[31mory com.acme.M#f(int)         | unknown rule kind 'fact?[31mory'",
        "factory com.acme.M#f<ESC>(int)             | 'f?' is not a valid method name",
        "factory com.acme.M<ESC>#f(int)             | 'com.acme.M?' is not a valid class name",
        "factory com.acme.M#f(int) co<ESC>lour=red  | 'factory' has no option 'co?lour'",
        "factory com.acme.M#f(int) zero=n<ESC>o     | zero must be true or false, got 'n?o'",
        "factory com.acme.M#f(i<ESC>nt)             | parameter type 'i?nt'",
        "arrays com.acme<ESC>.**                    | got 'com.acme?.**'",
        "owned com.acme.Img#p<ESC>x                 | got 'com.acme.Img#p?x'",
        "set leak=fu<ESC>ll                         | setting leak=fu?ll: expected off",
        "factory com.acme.M#f(int) zero=<ESC><LONG> | got '?xxxxx",
    })
    void controlCharactersOfABadLineAreNotEchoedRaw(String written, String reason) {
        String line = written.replace("<ESC>", "\u001b").replace("<LONG>", "x".repeat(994) + "\u001b");
        Config c = ConfigParser.parse("app.conf", List.of(line));

        assertEquals(1, c.problems().size());
        String message = c.problems().get(0).message();
        assertTrue(message.contains(reason), message);
        assertTrue(message.chars().noneMatch(Character::isISOControl), message);
    }

    @Test
    void aZeroWidthSpacePastedIntoAMethodNameIsAnErrorNotAnUnmatchedRule() {
        Config c = ConfigParser.parse("app.conf", List.of("factory com.acme.M#f\u200b(int)"));

        assertEquals(1, c.problems().size());
        assertTrue(c.problems().get(0).message().contains("is not a valid method name"), c.problems().get(0)::message);
    }

    @Test
    void aLongEchoIsNotCutBetweenTheHalvesOfASurrogatePair() {
        String emoji = "\uD83D\uDE00";
        Config c = ConfigParser.parse("app.conf", List.of("factory com.acme.M#f(int) zero=" + "x".repeat(59) + emoji
                + "x".repeat(100)));

        String message = c.problems().get(0).message();
        assertTrue(message.contains("'" + "x".repeat(59) + "...'"), message);
    }

    @Test
    void anOwnedRuleNamesAClassAndOneOfItsFields() {
        Config c = ConfigParser.parse("app.conf", List.of("owned com.acme.Img#px min-bytes=64k zero=false"));

        assertEquals(List.of(), c.problems());
        Rule rule = c.rules().get(0);
        assertEquals(Rule.Kind.OWNED, rule.kind());
        assertEquals("com/acme/Img", rule.scope().internalPrefix());
        assertEquals("px", rule.ownedField());
        assertEquals("com.acme.Img#px", rule.target());
        assertEquals(65536, rule.minBytes());
        assertEquals(false, rule.zeroes());
    }
}
