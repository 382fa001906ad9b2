package dev.autopool.agent;

import dev.autopool.agent.rewrite.ConstantPoolScan;
import dev.autopool.runtime.report.ReportLog;
import org.objectweb.asm.ClassReader;
import java.util.List;

/**
 * Tells {@link ReportLog} when the app's logging is up: the JDK resolves the {@code System.LoggerFinder} service
 * once, on the first {@code System.getLogger} anyone makes, and defines the finder class it picked (SLF4J's,
 * Log4j's, or the JDK's own over java.util.logging). Until then autopool writes to standard error, so that it is
 * never the one to start the app's logging backend. Costs one constant-pool walk per class until it fires.
 */
final class AppLoggingWatch {
    private static final String FINDER = "java/lang/System$LoggerFinder";
    private static final String JDK_FINDER = "jdk/internal/logger/DefaultLoggerFinder";
    private static final ConstantPoolScan MENTIONS_FINDER = new ConstantPoolScan(List.of(FINDER, JDK_FINDER));
    private static volatile boolean seen;

    private AppLoggingWatch() {}

    static void observe(String className, byte[] classFile) {
        if (seen || classFile == null) return;
        try {
            if (JDK_FINDER.equals(className) || (MENTIONS_FINDER.mentionsAny(classFile) && extendsFinder(classFile))) {
                seen = true;
                ReportLog.appLoggingReady();
            }
        } catch (RuntimeException e) {
            // a class file we cannot read says nothing about logging; the transformer reports it if it matters
        }
    }

    private static boolean extendsFinder(byte[] classFile) {
        try {
            String superName = new ClassReader(classFile).getSuperName();
            return FINDER.equals(superName) || JDK_FINDER.equals(superName);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
