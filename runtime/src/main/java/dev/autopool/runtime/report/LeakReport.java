package dev.autopool.runtime.report;

/** The {@code autopool LEAK} line: a borrowed buffer the GC collected before anything released it. */
public final class LeakReport {
    private LeakReport() {}

    /**
     * @param array     element type and shape, e.g. {@code float[3][64][64]}
     * @param borrowSite the site as {@code Class.method(File.java:line)}
     * @param count     leaks at this site since start
     * @param sampledOneIn 0 when every borrow is watched, else the sampling rate
     * @param withStack whether the borrow stack follows the line
     */
    public static String line(String array, long bytes, String borrowSite, long count, int sampledOneIn,
                              boolean withStack) {
        StringBuilder sb = new StringBuilder("autopool LEAK ")
                .append(array).append(" (").append(bytes).append(" bytes) borrowed at ").append(borrowSite)
                .append(" was garbage-collected without a release; ")
                .append(ReportLog.times(count)).append(" at this site since start");
        if (sampledOneIn > 1) {
            sb.append(" (leak=sampled watches 1 borrow in ").append(sampledOneIn).append(')');
        }
        sb.append(". Add a release (Pools.release or a release rule) after the buffer's last use on every path"
                + " from ").append(borrowSite);
        if (withStack) {
            sb.append("; the borrow stack follows.");
        } else {
            sb.append(", or set leak=paranoid to log the stack of each leaked borrow.");
        }
        return sb.toString();
    }
}
