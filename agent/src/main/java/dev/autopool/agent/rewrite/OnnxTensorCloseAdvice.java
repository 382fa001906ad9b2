package dev.autopool.agent.rewrite;

import dev.autopool.runtime.onnx.OnnxTensors;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * The only change made to ONNX Runtime itself: {@code OnnxTensor.close()} hands a pooled tensor's buffer back
 * after the native value is released, whichever way the app closes it (directly, try-with-resources on any
 * type, {@code OrtSession.Result.close()}); {@code getBufferRef()} marks the buffer as never to be reused.
 * Whatever the runtime throws is suppressed: the tensor behaves as ONNX Runtime wrote it.
 */
public final class OnnxTensorCloseAdvice {
    private OnnxTensorCloseAdvice() {}

    /** The advice for {@code close()} and {@code getBufferRef()} of {@code ai.onnxruntime.OnnxTensor}. */
    public static AsmVisitorWrapper visitor() {
        return new AsmVisitorWrapper.Compound(
                Advice.to(Close.class).on(ElementMatchers.named("close").and(ElementMatchers.takesArguments(0))),
                Advice.to(BufferRef.class).on(ElementMatchers.named("getBufferRef")
                        .and(ElementMatchers.takesArguments(0))));
    }

    static final class Close {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object tensor, @Advice.Thrown Throwable thrown) {
            OnnxTensors.closed(tensor, thrown == null);
        }
    }

    static final class BufferRef {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object tensor,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object view) {
            view = OnnxTensors.viewed(tensor, view);
        }
    }
}
