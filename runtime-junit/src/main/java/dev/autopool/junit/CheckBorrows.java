package dev.autopool.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On a test class or method: each test fails if it misuses pooled buffers (see {@link BorrowCheckExtension}).
 * Without the autopool agent in the JVM the extension attaches it, or fails the test saying how to add it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(BorrowCheckExtension.class)
public @interface CheckBorrows {}
