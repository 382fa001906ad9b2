package ai.onnxruntime;

/** Test stand-in for ONNX Runtime's interface (the runtime reaches it only by name). */
public interface OnnxValue {
    Object getValue() throws Exception;
}
