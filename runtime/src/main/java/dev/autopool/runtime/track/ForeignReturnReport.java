package dev.autopool.runtime.track;

import dev.autopool.runtime.report.ReportLog;

/** The {@code autopool FOREIGN-RETURN} line: an array released that the pool never lent (logged once per site). */
final class ForeignReturnReport {
    private ForeignReturnReport() {}

    static String line(String array, long bytes, String releaseSite, boolean adopted, String refusal) {
        return "autopool FOREIGN-RETURN " + array + " (" + bytes + " bytes) released at " + releaseSite
                + " was never lent by the pool; "
                + (adopted && refusal != null ? "it is not adopted (" + refusal + ") and is left to the garbage"
                           + " collector."
                   : adopted ? "the pool adopts it if its shape fits (foreign=adopt)."
                           : "it is left to the garbage collector. Release only buffers a pooled factory returned, or"
                             + " set foreign=adopt to let the pool keep such arrays.")
                + " Reported once per site; later ones are only counted.";
    }
}
