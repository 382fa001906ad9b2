/**
 * Internal, may change in any release: where reports go. The {@code autopool} log
 * ({@link dev.autopool.runtime.report.ReportLog}; the problem lines themselves are built by the tracker, one class per
 * report, next to {@code track.Problems}), the JFR events (their names,
 * {@code dev.autopool.*}, are stable), JMX publication ({@link dev.autopool.runtime.report.MBeanPublisher}) and the
 * exit block ({@link dev.autopool.runtime.report.ShutdownSummary}, a registry the pools, the tracker and the ONNX
 * pool add their parts to), their settings ({@link dev.autopool.runtime.report.ReportSettings}) and the seal on
 * every setting of the runtime ({@link dev.autopool.runtime.report.SettingsSeal}). Names no pool, tracker or ONNX
 * class; depends only on {@code internal}.
 */
package dev.autopool.runtime.report;
