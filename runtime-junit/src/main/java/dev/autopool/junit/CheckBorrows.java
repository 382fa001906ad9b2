package dev.autopool.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * On a test class or method: each test fails if it misuses pooled buffers (see {@link BorrowCheckExtension}).
 * Without the autopool agent in the JVM the extension attaches it, or fails the test saying how to add it.
 *
 * <p>Under JUnit's parallel execution the checked tests run isolated, as {@code @Isolated} ones do (JUnit's global
 * lock, for writing): the check reads the whole JVM's borrows, which are no one test's while others run.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(BorrowCheckExtension.class)
@ResourceLock(value = Resources.GLOBAL, mode = ResourceAccessMode.READ_WRITE)
public @interface CheckBorrows {}
