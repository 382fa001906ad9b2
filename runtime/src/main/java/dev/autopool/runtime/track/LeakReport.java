package dev.autopool.runtime.track;

import dev.autopool.runtime.report.ReportLog;

/** The {@code autopool LEAK} line: a borrowed buffer the GC collected before anything released it. */
final class LeakReport {
    private LeakReport() {}

    /**
     * The line for one leak.
     *
     * @param array     element type and shape, e.g. {@code float[3][64][64]}
     * @param borrowSite the site as {@code Class.method(File.java:line)}
     * @param count     leaks at this site since start
     * @param sampledOneIn 0 when every borrow is watched, else the sampling rate
     * @param withStack whether the borrow stack follows the line
     */
    static String line(String array, long bytes, String borrowSite, long count, int sampledOneIn,
                              boolean withStack) {
        StringBuilder sb = new StringBuilder("autopool LEAK ")
                .append(array).append(" (").append(bytes).append(" bytes) borrowed at ").append(borrowSite)
                .append(" was garbage-collected without a release; ")
                .append(ReportLog.times(count)).append(" at this site since start");
        if (sampledOneIn > 1) {
            sb.append(" (leak=sampled watches 1 borrow in ").append(sampledOneIn).append(')');
        }
        sb.append(". Add a release (Pools.release or a release rule) after the buffer's last use");
        if (array.indexOf('[') != array.lastIndexOf('[')) {
            // a matrix whose row is kept somewhere is still in use: releasing it would hand that row to another
            sb.append(" (and that of every row of it: a row kept elsewhere means no release at all; audit says"
                    + " where the agent saw it escape)");
        }
        sb.append(" on every path from ").append(borrowSite);
        if (withStack) {
            sb.append("; the borrow stack follows.");
        } else {
            sb.append(", or set leak=paranoid to log the stack of each leaked borrow.");
        }
        return sb.toString();
    }

    /**
     * The line for an ONNX tensor over a pooled buffer that the GC collected before {@code close()}.
     *
     * @param tensor element type and shape, e.g. {@code float[16][16]}
     * @param createSite the site as {@code Class.method(File.java:line)}
     * @param count     tensor leaks at this site since start
     * @param withStack whether the creation stack follows the line
     */
    static String tensorLine(String tensor, long bytes, String createSite, long count, boolean withStack) {
        return "autopool LEAK an OnnxTensor of " + tensor + " (" + bytes + " bytes) created at " + createSite
                + " was garbage-collected without close(): its native value leaked; " + ReportLog.times(count)
                + " at this site since start. Close every tensor (try-with-resources) on every path from "
                + createSite + (withStack ? "; the creation stack follows." : ".");
    }
}
