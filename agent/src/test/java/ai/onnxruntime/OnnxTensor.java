package ai.onnxruntime;

/** Test stand-in for ONNX Runtime's tensor: holds one value and hands out a fresh copy of it, as ORT does. */
public class OnnxTensor implements OnnxValue {
    private final float[][][] value;

    public OnnxTensor(float[][][] value) {
        this.value = value;
    }

    @Override
    public Object getValue() {
        float[][][] copy = new float[value.length][value[0].length][];
        for (int i = 0; i < value.length; i++) {
            for (int j = 0; j < value[i].length; j++) copy[i][j] = value[i][j].clone();
        }
        return copy;
    }

    /** Copies the data, as ONNX Runtime's own {@code createTensor(env, Object)} does. */
    public static OnnxTensor createTensor(OrtEnvironment env, Object data) {
        return new OnnxTensor((float[][][]) new OnnxTensor((float[][][]) data).getValue());
    }
}
