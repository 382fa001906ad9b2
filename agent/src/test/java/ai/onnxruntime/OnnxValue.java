package ai.onnxruntime;

/** Test stand-in for ONNX Runtime's interface, so rewrite fixtures can call {@code getValue()} without ORT. */
public interface OnnxValue {
    Object getValue();
}
