/**
 * Internal, may change in any release: the seal on the runtime's settings
 * ({@link dev.autopool.runtime.settings.SettingsSeal}). The agent seals at the end of its start-up; the pools', the
 * tracker's and the ONNX pool's public setters ask it first. Depends only on {@code report} (the refusal line).
 */
package dev.autopool.runtime.settings;
