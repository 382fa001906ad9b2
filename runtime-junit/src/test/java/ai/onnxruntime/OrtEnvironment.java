package ai.onnxruntime;

/** Test stand-in for ONNX Runtime's environment: the tensor pool looks this type up by name. */
public final class OrtEnvironment {
}
