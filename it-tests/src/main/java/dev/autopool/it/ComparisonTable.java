package dev.autopool.it;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo's side-by-side table: for each workload, its run without the agent, with it, and the ratio, one row
 * per cost, then the leaks the agent found and whether the outputs were identical.
 */
public final class ComparisonTable {
    private static final List<Metric> ROWS = List.of(Metric.WALL_MS, Metric.WORK_MS, Metric.ALLOC_MB,
            Metric.GC_PAUSES, Metric.GC_PAUSE_MS, Metric.DIRECT_MB, Metric.PEAK_RSS_MB);

    /** One workload run twice on the same inputs. */
    public record Column(String workload, ChildRun without, ChildRun with, boolean identical, long leaks) {}

    private final List<Column> columns;

    public ComparisonTable(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    /** Fixed-width text for a terminal. */
    @Override
    public String toString() {
        List<String[]> rows = new ArrayList<>();
        List<String> head1 = new ArrayList<>(List.of(""));
        List<String> head2 = new ArrayList<>(List.of(""));
        for (Column c : columns) {
            head1.addAll(List.of(c.workload(), "", ""));
            head2.addAll(List.of("without", "with agent", "ratio"));
        }
        rows.add(head1.toArray(String[]::new));
        rows.add(head2.toArray(String[]::new));
        for (Metric m : ROWS) {
            List<String> row = new ArrayList<>(List.of(m.label()));
            for (Column c : columns) {
                row.addAll(List.of(m.format(c.without()), m.format(c.with()), m.ratio(c.with(), c.without())));
            }
            rows.add(row.toArray(String[]::new));
        }
        List<String> leaks = new ArrayList<>(List.of("leaks found"));
        List<String> same = new ArrayList<>(List.of("outputs identical"));
        for (Column c : columns) {
            leaks.addAll(List.of("", Long.toString(c.leaks()), ""));
            same.addAll(List.of("", c.identical() ? "yes" : "NO", ""));
        }
        rows.add(leaks.toArray(String[]::new));
        rows.add(same.toArray(String[]::new));
        return render(rows);
    }

    /** The same table as HTML, for the demo report. */
    public String toHtml() {
        StringBuilder html = new StringBuilder("<table>\n<tr><th></th>");
        for (Column c : columns) {
            html.append("<th colspan=\"3\">").append(SvgChart.escape(c.workload())).append("</th>");
        }
        html.append("</tr>\n<tr><th></th>");
        html.append("<th>without</th><th>with agent</th><th>ratio</th>".repeat(columns.size())).append("</tr>\n");
        for (Metric m : ROWS) {
            html.append("<tr><td>").append(m.label()).append("</td>");
            for (Column c : columns) {
                html.append("<td>").append(m.format(c.without())).append("</td><td>").append(m.format(c.with()))
                        .append("</td><td>").append(m.ratio(c.with(), c.without())).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("<tr><td>leaks found</td>");
        for (Column c : columns) html.append("<td></td><td>").append(c.leaks()).append("</td><td></td>");
        html.append("</tr>\n<tr><td>outputs identical</td>");
        for (Column c : columns) {
            html.append("<td></td><td>").append(c.identical() ? "yes" : "<b>NO</b>").append("</td><td></td>");
        }
        return html.append("</tr>\n</table>\n").toString();
    }

    private static String render(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] row : rows) {
            for (int i = 0; i < cols; i++) width[i] = Math.max(width[i], row[i].length());
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < cols; i++) {
                String fmt = i == 0 ? "%-" + width[i] + "s" : "  %" + width[i] + "s";
                sb.append(String.format(fmt, row[i]));
                if (i > 0 && i % 3 == 0 && i < cols - 1) sb.append("  |");
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }
}
