package dev.autopool.it;

import java.util.List;
import java.util.Locale;

/** A line chart of allocation over time as inline SVG: no script, no library, readable in any browser. */
final class SvgChart {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 280;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 40;

    /** One labelled curve. */
    record Series(String label, String color, AllocationTimeline timeline) {}

    private SvgChart() {}

    static String render(String title, List<Series> series) {
        double maxSeconds = Math.max(0.001, series.stream().mapToDouble(s -> s.timeline().seconds()).max().orElse(1));
        double maxMb = Math.max(1, series.stream().mapToDouble(s -> s.timeline().megabytes()).max().orElse(1));
        double yTop = niceCeiling(maxMb);
        double xRight = niceCeiling(maxSeconds);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\" font-family=\"sans-serif\" font-size=\"11\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT, escape(title)));
        axes(svg, xRight, yTop);
        int legendY = TOP + 12;
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (AllocationTimeline.Point p : s.timeline().points()) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(p.seconds(), xRight), y(p.megabytes(), yTop)));
            }
            svg.append(String.format(Locale.ROOT, "  <polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                    + "points=\"%s\"/>%n", s.color(), points.toString().trim()));
            svg.append(String.format(Locale.ROOT, "  <rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s: %.0f MB allocated, %d GCs</text>%n", LEFT + 12, legendY - 4,
                    s.color(), LEFT + 30, legendY, escape(s.label()), s.timeline().megabytes(),
                    s.timeline().gcCount()));
            legendY += 16;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void axes(StringBuilder svg, double xRight, double yTop) {
        int x0 = LEFT;
        int y0 = HEIGHT - BOTTOM;
        svg.append(String.format(Locale.ROOT, "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>%n",
                x0, y0, WIDTH - RIGHT, y0));
        svg.append(String.format(Locale.ROOT, "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>%n",
                x0, TOP, x0, y0));
        for (int i = 0; i <= 4; i++) {
            double mb = yTop * i / 4;
            double y = y(mb, yTop);
            svg.append(String.format(Locale.ROOT, "  <line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
                    + "stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", x0, y, WIDTH - RIGHT, y, x0 - 6,
                    y + 4, label(mb)));
            double s = xRight * i / 4;
            double x = x(s, xRight);
            svg.append(String.format(Locale.ROOT, "  <text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s s</text>%n",
                    x, y0 + 16, label(s)));
        }
        svg.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%d\" text-anchor=\"middle\">time since the JVM "
                + "started recording</text>%n", (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 6));
        svg.append(String.format(Locale.ROOT, "  <text x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\" "
                + "text-anchor=\"middle\">MB allocated so far</text>%n", (TOP + y0) / 2, (TOP + y0) / 2));
    }

    private static double x(double seconds, double xRight) {
        return LEFT + seconds / xRight * (WIDTH - LEFT - RIGHT);
    }

    private static double y(double mb, double yTop) {
        return HEIGHT - BOTTOM - mb / yTop * (HEIGHT - TOP - BOTTOM);
    }

    /** A round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) at least {@code v}. */
    private static double niceCeiling(double v) {
        double power = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * power >= v) return m * power;
        }
        return 10 * power;
    }

    private static String label(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
