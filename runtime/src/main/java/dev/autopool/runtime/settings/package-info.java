/**
 * Internal, may change in any release: the one settings pipeline. Each key is declared once
 * ({@link dev.autopool.runtime.settings.Setting}: parser form, default, doc line), read with one grammar
 * ({@link dev.autopool.runtime.settings.SettingValues}, {@link dev.autopool.runtime.settings.Sizes}, warm-up entries),
 * and reported in one format; the agent checks its rules file and arguments with the same declarations. The
 * seal on the runtime's settings ({@link dev.autopool.runtime.report.SettingsSeal}) lives in {@code report}, so
 * that the report package's own setters can ask it too: the agent seals at the end of its start-up; the pools',
 * the tracker's, the ONNX pool's and the log's public setters ask it first. Its types are public
 * for the pools, the tracker and the agent, not for apps. Depends only on {@code report}.
 */
package dev.autopool.runtime.settings;
