package dev.autopool.sample.predictor;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny ONNX graph builder that serialises a {@code ModelProto} with protobuf-java's {@link CodedOutputStream}
 * (no generated classes). Field numbers are those of {@code onnx.proto}; only the fields the predictor's models
 * need are written.
 */
final class OnnxGraph {
    // onnx.proto field numbers.
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int OPSET_VERSION = 2;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTR_NAME = 1;
    private static final int ATTR_F = 2;
    private static final int ATTR_I = 3;
    private static final int ATTR_INTS = 8;
    private static final int ATTR_TYPE = 20;
    private static final int ATTR_TYPE_FLOAT = 1;
    private static final int ATTR_TYPE_INT = 2;
    private static final int ATTR_TYPE_INTS = 7;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int VALUE_NAME = 1;
    private static final int VALUE_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_ELEM = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    static final int FLOAT = 1;
    static final int INT32 = 6;
    static final int INT64 = 7;

    static final int IR_VERSION = 8;
    static final int OPSET = 17;

    private final String name;
    private final List<byte[]> nodes = new ArrayList<>();
    private final Map<String, byte[]> initializers = new LinkedHashMap<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private int counter;

    OnnxGraph(String name) {
        this.name = name;
    }

    /** An attribute of a node. */
    record Attr(String name, int type, float f, long i, long[] ints) {
        static Attr f(String name, float value) {
            return new Attr(name, ATTR_TYPE_FLOAT, value, 0, null);
        }

        static Attr i(String name, long value) {
            return new Attr(name, ATTR_TYPE_INT, 0, value, null);
        }

        static Attr ints(String name, long... values) {
            return new Attr(name, ATTR_TYPE_INTS, 0, 0, values);
        }
    }

    /** Declares a graph input; a dimension is either a Long (fixed) or a String (symbolic). */
    String input(String valueName, int elemType, Object... dims) {
        inputs.add(valueInfo(valueName, elemType, dims));
        return valueName;
    }

    void output(String valueName, int elemType, Object... dims) {
        outputs.add(valueInfo(valueName, elemType, dims));
    }

    String floats(String valueName, float[] data, long... dims) {
        checkSize(data.length, dims);
        ByteBuffer raw = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(data);
        return initializer(valueName, FLOAT, raw.array(), dims);
    }

    String ints(String valueName, int[] data, long... dims) {
        checkSize(data.length, dims);
        ByteBuffer raw = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asIntBuffer().put(data);
        return initializer(valueName, INT32, raw.array(), dims);
    }

    String longs(String valueName, long... data) {
        ByteBuffer raw = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(data);
        return initializer(valueName, INT64, raw.array(), data.length);
    }

    /** A scalar int64 constant (rank 0), e.g. a Gather index. */
    String scalarLong(String valueName, long value) {
        ByteBuffer raw = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        return initializer(valueName, INT64, raw.array());
    }

    /** A scalar float constant (rank 0). */
    String scalar(String valueName, float value) {
        return floats(valueName, new float[] {value});
    }

    /** Adds a node with one output, named after the op, and returns the output's name. */
    String op(String opType, List<Attr> attrs, String... in) {
        String out = opType.toLowerCase() + "_" + counter;
        opInto(out, opType, attrs, in);
        return out;
    }

    String op(String opType, String... in) {
        return op(opType, List.of(), in);
    }

    /** Adds a node whose single output has the given name (for graph outputs). */
    void opInto(String out, String opType, List<Attr> attrs, String... in) {
        int id = counter++;
        nodes.add(message(o -> {
            for (String i : in) o.writeString(NODE_INPUT, i);
            o.writeString(NODE_OUTPUT, out);
            o.writeString(NODE_NAME, opType + "_" + id);
            o.writeString(NODE_OP_TYPE, opType);
            for (Attr a : attrs) o.writeByteArray(NODE_ATTRIBUTE, attribute(a));
        }));
    }

    /** The serialised {@code ModelProto}. */
    byte[] toBytes() {
        byte[] graph = message(o -> {
            for (byte[] n : nodes) o.writeByteArray(GRAPH_NODE, n);
            o.writeString(GRAPH_NAME, name);
            for (byte[] t : initializers.values()) o.writeByteArray(GRAPH_INITIALIZER, t);
            for (byte[] v : inputs) o.writeByteArray(GRAPH_INPUT, v);
            for (byte[] v : outputs) o.writeByteArray(GRAPH_OUTPUT, v);
        });
        byte[] opset = message(o -> o.writeInt64(OPSET_VERSION, OPSET));
        return message(o -> {
            o.writeInt64(MODEL_IR_VERSION, IR_VERSION);
            o.writeString(MODEL_PRODUCER_NAME, "autopool-sample-predictor");
            o.writeByteArray(MODEL_GRAPH, graph);
            o.writeByteArray(MODEL_OPSET_IMPORT, opset);
        });
    }

    /** Adds a constant; asking again for the same name and content reuses it. */
    private String initializer(String valueName, int type, byte[] raw, long... dims) {
        byte[] tensor = message(o -> {
            for (long d : dims) o.writeInt64(TENSOR_DIMS, d);
            o.writeInt32(TENSOR_DATA_TYPE, type);
            o.writeString(TENSOR_NAME, valueName);
            o.writeByteArray(TENSOR_RAW_DATA, raw);
        });
        byte[] previous = initializers.putIfAbsent(valueName, tensor);
        if (previous != null && !Arrays.equals(previous, tensor)) {
            throw new IllegalArgumentException("two different constants named " + valueName);
        }
        return valueName;
    }

    private static byte[] attribute(Attr a) {
        return message(o -> {
            o.writeString(ATTR_NAME, a.name());
            switch (a.type()) {
                case ATTR_TYPE_FLOAT -> o.writeFloat(ATTR_F, a.f());
                case ATTR_TYPE_INT -> o.writeInt64(ATTR_I, a.i());
                default -> {
                    for (long v : a.ints()) o.writeInt64(ATTR_INTS, v);
                }
            }
            o.writeInt32(ATTR_TYPE, a.type());
        });
    }

    private static byte[] valueInfo(String valueName, int elemType, Object... dims) {
        byte[] shape = message(o -> {
            for (Object d : dims) {
                o.writeByteArray(SHAPE_DIM, message(dim -> {
                    if (d instanceof String param) {
                        dim.writeString(DIM_PARAM, param);
                    } else {
                        dim.writeInt64(DIM_VALUE, ((Number) d).longValue());
                    }
                }));
            }
        });
        byte[] tensorType = message(o -> {
            o.writeInt32(TENSOR_TYPE_ELEM, elemType);
            o.writeByteArray(TENSOR_TYPE_SHAPE, shape);
        });
        byte[] type = message(o -> o.writeByteArray(TYPE_TENSOR, tensorType));
        return message(o -> {
            o.writeString(VALUE_NAME, valueName);
            o.writeByteArray(VALUE_TYPE, type);
        });
    }

    private static void checkSize(int length, long... dims) {
        long n = 1;
        for (long d : dims) n *= d;
        if (n != length) throw new IllegalArgumentException("data of " + length + " values for shape of " + n);
    }

    private interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    /** Encodes one message; nested messages are written as length-delimited bytes, as protobuf does. */
    private static byte[] message(Writer writer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            writer.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
