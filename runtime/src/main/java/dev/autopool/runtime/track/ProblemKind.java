package dev.autopool.runtime.track;

/** The kinds of misuse the tracker reports. */
public enum ProblemKind {
    LEAK, DOUBLE_RETURN, WRITE_AFTER_RETURN, FOREIGN_RETURN, ROWS_CHANGED, STALE_RELEASE, REPEATED_CLOSE
}
