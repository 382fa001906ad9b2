package dev.autopool.it;

import java.util.Map;

/** A side-by-side table of two {@code RESULT} lines: without the agent, with it, and the ratio. */
public record ComparisonTable(Map<String, String> without, Map<String, String> with, int leaks) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-12s %14s %14s %10s%n", "", "without agent", "with agent", "ratio"));
        for (String key : new String[] {"ms", "allocMB", "gcCount", "gcMs"}) {
            if (!without.containsKey(key) || !with.containsKey(key)) continue;
            double a = Double.parseDouble(without.get(key));
            double b = Double.parseDouble(with.get(key));
            String ratio = a == 0 ? "-" : String.format("%.3f", b / a);
            sb.append(String.format("%-12s %14s %14s %10s%n", key, without.get(key), with.get(key), ratio));
        }
        sb.append(String.format("%-12s %14s %14s%n", "checksum", without.get("checksum"), with.get("checksum")));
        sb.append(String.format("%-12s %29s%n", "identical",
                without.get("checksum").equals(with.get("checksum")) ? "yes" : "NO"));
        sb.append(String.format("%-12s %29d%n", "leaks found", leaks));
        return sb.toString();
    }
}
