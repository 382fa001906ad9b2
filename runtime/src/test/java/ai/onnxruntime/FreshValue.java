package ai.onnxruntime;

/** Stands in for one of ONNX Runtime's own values that is no tensor: a fresh array on every call. */
public final class FreshValue implements OnnxValue {
    @Override
    public Object getValue() {
        return new byte[3][5];
    }
}
