package dev.autopool.runtime.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every key's grammar, declared once and read the same by the agent ({@code canonical}) and the runtime. */
class SettingTest {
    private static final long HEAP = 1L << 30;
    private static final String[][] SIZES = {
        {"4096", "4096"}, {"64k", "65536"}, {"64K", "65536"}, {"64kb", "65536"}, {"256m", "268435456"},
        {"512MiB", "536870912"}, {"2g", "2147483648"}, {"1t", "1099511627776"}, {"2 GiB", "2147483648"},
        {"off", "0"}, {"0", "0"}};

    static Stream<Arguments> everySizeKeyWithEverySize() {
        return Arrays.stream(Setting.values()).filter(Setting::isSize)
                .flatMap(s -> Arrays.stream(SIZES).map(size -> Arguments.of(s, size[0], Long.parseLong(size[1]))));
    }

    static Stream<Setting> everySizeKey() {
        return Arrays.stream(Setting.values()).filter(Setting::isSize);
    }

    @Test
    void theSizeKeysAreTheOnesThatCountBytes() {
        assertEquals(List.of(Setting.BUDGET, Setting.SHAPE_MAX, Setting.MAGAZINE_MAX, Setting.OUTSTANDING_WARN,
                Setting.ONNX_POOL), everySizeKey().toList());
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("everySizeKeyWithEverySize")
    void everySizeKeyTakesTheOneSizeGrammar(Setting key, String text, long bytes) {
        assertEquals(Long.toString(bytes), key.canonical(text));
        assertEquals(bytes, read(key, text));
        // The agent hands the canonical text on; the runtime reads it back to the same bytes.
        assertEquals(bytes, read(key, key.canonical(text)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySizeKey")
    void aShareOfTheHeapIsASizeOnlyWhereItCapsSomethingOnTheHeap(Setting key) {
        List<String> problems = new ArrayList<>();
        long bytes = new SettingValues(Map.of(key.key(), "25%"), HEAP, problems::add).bytes(key, -1);
        if (key.takesHeapShare()) {
            assertEquals(List.of(), problems);
            assertEquals(HEAP / 4, bytes);
        } else {
            assertEquals(-1, bytes);
            assertEquals(1, problems.size(), problems::toString);
            assertTrue(problems.get(0).startsWith("setting " + key.key() + "=25%: a share of the heap does not "
                    + "apply here: "), problems::toString);
        }
        assertEquals(key == Setting.BUDGET || key == Setting.SHAPE_MAX || key == Setting.OUTSTANDING_WARN,
                key.takesHeapShare());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySizeKey")
    void everySizeKeyRefusesTheSameNonSizes(Setting key) {
        for (String bad : List.of("lots", "-3", "1.5g", "4x", "99999999999999999999", "16777216t")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> key.canonical(bad), bad);
            assertTrue(e.getMessage().startsWith("expected a size: bytes with an optional k, m, g or t suffix")
                    || e.getMessage().equals("the size is too large"), e::getMessage);
        }
        if (key.takesHeapShare()) {
            assertThrows(IllegalArgumentException.class, () -> key.canonical("120%"));
            assertThrows(IllegalArgumentException.class, () -> key.canonical("0%"));
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "leak             | sometimes      | expected off, sampled, full or paranoid",
        "leak.rate        | 0              | expected a whole number of at least 1, e.g. 64",
        "magazine.earn    | -3             | expected a whole number of at least 0, e.g. 64",
        "budget           | lots           | expected a size: bytes with an optional k, m, g or t suffix (4096, 512k, 256m, 2g, 512MiB) or off, or a share of the heap (25%)",
        "onnx.pool        | 10%            | a share of the heap does not apply here: its buffers are direct memory, outside the heap; expected a size: bytes with an optional k, m, g or t suffix (4096, 512k, 256m, 2g, 512MiB) or off",
        "budget.fraction  | 2              | expected a fraction of the max heap from 0 to 1, e.g. 0.25",
        "trim.idle        | soon           | expected a duration such as 500ms, 30s, 5m or off",
        "report.interval  | 60000          | a duration needs its unit: 60000ms, 60000s or 60000m (a bare number is taken only as 0)",
        "summary.interval | 10             | a duration needs its unit: 10ms, 10s or 10m (a bare number is taken only as 0)",
        "warmup           | char[3]        | warm-up shape 'char[3]' should look like float[3][256][256]x4 (float, double, int, long, short or byte; 1 to 4 positive dimensions; optional xCOUNT)",
        "summary          | ''             | expected stderr, logger, off or a file path",
        "summary          | /no-such-dir/autopool-%p.txt | the directory /no-such-dir does not exist",
        "colour           | red            | unknown key (known: leak, leak.rate, budget, warmup, log, log.to, summary, summary.interval, dump, jmx, auto-release, cache, budget.fraction, shape.max, magazine.size, magazine.max, magazine.earn, trim.idle, outstanding.warn, foreign, quarantine, report.interval, onnx, onnx.pool)",
    })
    void everyBadValueCostsOneLineInOneFormat(String key, String value, String reason) {
        List<String> problems = new ArrayList<>();
        SettingValues values = new SettingValues(Map.of(key, value), HEAP, problems::add);
        Setting setting = Setting.find(key);
        if (setting == null) {
            values.reportUnknownKeys();
        } else {
            assertThrows(IllegalArgumentException.class, () -> setting.canonical(value));
            switch (key) {
                case "leak", "summary" -> values.word(setting, "default");
                case "leak.rate", "magazine.earn" -> values.count(setting, 1);
                case "budget", "onnx.pool" -> values.bytes(setting, 1);
                case "budget.fraction" -> values.fraction(setting, 0.5);
                case "trim.idle", "report.interval", "summary.interval" -> values.millis(setting, 1);
                default -> values.warmup(setting);
            }
        }
        assertEquals(List.of("setting " + key + "=" + value + ": " + reason + "; the setting is ignored"), problems);
    }

    @Test
    void aValuePastedByMistakeIsEchoedCutAndOnOneLine() {
        String pasted = "x".repeat(1000) + "\nWARNING: autopool LEAK forged";
        String line = Setting.LEAK.problem(pasted, "expected off, sampled, full or paranoid");
        assertTrue(line.length() < 250, line);
        assertFalse(line.contains("\n"), line);
        assertTrue(line.contains("(1030 characters)"), line);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "trim.idle        | 30s     | 30000ms",
        "trim.idle        | 500ms   | 500ms",
        "summary.interval | 2m      | 120000ms",
        "summary.interval | 90s     | 90000ms",
        "report.interval  | 0       | 0ms",
        "summary.interval | off     | 0ms",
        "leak             | FULL    | full",
        "leak.rate        | 100     | 100",
        "budget.fraction  | 0.1     | 0.1",
        "warmup           | float[3][256][256]x4; int[1024] | float[3][256][256]x4;int[1024]x1",
        "summary          | LOGGER  | logger",
        "summary          | /var/log/autopool-%p.txt | /var/log/autopool-%p.txt",
    })
    void theCanonicalTextReadsBackToTheSameValue(String key, String value, String canonical) {
        Setting setting = Setting.named(key);
        assertEquals(canonical, setting.canonical(value));
        assertEquals(canonical, setting.canonical(canonical));
    }

    @Test
    void everyKeyHasADefaultAndADocLine() {
        for (Setting s : Setting.values()) {
            assertFalse(s.defaultValue().isBlank(), s::key);
            assertFalse(s.doc().isBlank(), s::key);
        }
    }

    @Test
    void theReadmeDocumentsEveryKey() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        for (Setting s : Setting.values()) {
            assertTrue(readme.contains("`" + s.key() + "`") || readme.contains("set " + s.key() + "="),
                    () -> s.key() + " is not in the README");
        }
    }

    private static long read(Setting key, String text) {
        return new SettingValues(Map.of(key.key(), text), HEAP, p -> { throw new AssertionError(p); })
                .bytes(key, -1);
    }
}
