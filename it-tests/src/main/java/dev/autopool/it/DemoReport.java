package dev.autopool.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The demo's HTML page: the comparison table, the allocation charts, the leak report and the exact commands. */
final class DemoReport {
    private DemoReport() {}

    static Path write(Path dir, ComparisonTable table, List<String> charts, String leakReport, List<String> commands)
            throws IOException {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>autopool demo</title>
                <style>
                  body { font-family: sans-serif; max-width: 72em; margin: 2em auto; color: #222; }
                  table { border-collapse: collapse; } td, th { padding: .25em .7em; border-bottom: 1px solid #ddd; }
                  td { text-align: right; } td:first-child { text-align: left; }
                  pre { background: #f6f8fa; padding: .8em; white-space: pre-wrap; }
                </style></head><body>
                <h1>autopool: same answers, far less garbage</h1>
                """);
        html.append("<p>Each sample app ran twice on the same inputs, without and with "
                + "<code>-javaagent:autopool-agent.jar</code>, on this machine (")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(") at ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME))
                .append(". Ratios are with / without; both runs were recorded with JDK Flight Recorder, which the "
                        + "charts are drawn from.</p>\n");
        html.append("<h2>What changed</h2>\n").append(table.toHtml());
        html.append("<h2>Allocation over time</h2>\n");
        charts.forEach(html::append);
        html.append("<h2>A forgotten release</h2>\n<p>The decoder with the release rule left out of its rules file: "
                + "the buffers its frames and groups keep in fields die unreturned, and autopool says where:</p>\n"
                + "<pre>")
                .append(SvgChart.escape(leakReport)).append("</pre>\n");
        html.append("<h2>Commands</h2>\n<pre>");
        commands.forEach(c -> html.append(SvgChart.escape(c)).append('\n'));
        html.append("</pre>\n</body></html>\n");
        return Files.writeString(dir.resolve("report.html"), html.toString());
    }
}
