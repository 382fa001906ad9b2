package ai.onnxruntime;

/** Test stand-in for ONNX Runtime's environment. */
public final class OrtEnvironment {
}
