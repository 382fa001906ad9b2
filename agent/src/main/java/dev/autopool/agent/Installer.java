package dev.autopool.agent;

import dev.autopool.agent.config.AgentArgs;
import dev.autopool.agent.config.Config;
import dev.autopool.agent.config.ConfigLoader;
import dev.autopool.agent.rewrite.CallSiteRewrite;
import dev.autopool.agent.rewrite.OnnxCreateTensorRewrite;
import dev.autopool.agent.rewrite.OnnxTensorCloseAdvice;
import dev.autopool.agent.rewrite.RewritePlan;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/** Reads the configuration and installs the class-load rewrites it asks for. */
final class Installer {
    private static final Logger LOG = System.getLogger("autopool");

    private static final ElementMatcher.Junction<TypeDescription> ONNX_TENSOR =
            ElementMatchers.named("ai.onnxruntime.OnnxTensor");

    private Installer() {}

    static void install(String rawArgs, Instrumentation inst) {
        AgentArgs args = AgentArgs.parse(rawArgs);
        Config config = ConfigLoader.load(args);
        config.problems().forEach(p -> LOG.log(Level.WARNING, p.message()));
        RewritePlan plan = RewritePlan.of(config);
        OnnxCreateTensorRewrite onnx = OnnxCreateTensorRewrite.fromSettings(config.settings()); // null: "onnx off"
        if (plan.isEmpty() && onnx == null) {
            LOG.log(Level.WARNING, "autopool AGENT no usable rules, nothing will be pooled");
            return;
        }
        AgentBuilder agent = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new FailureListener())
                .ignore(onnx != null ? neverTransformed().and(ElementMatchers.not(ONNX_TENSOR)) : neverTransformed())
                .type(ElementMatchers.not(ONNX_TENSOR))
                .transform((builder, type, loader, module, domain) -> onnx != null
                        ? builder.visit(new CallSiteRewrite(plan)).visit(onnx)
                        : builder.visit(new CallSiteRewrite(plan)));
        if (onnx != null) {
            // The one ONNX Runtime class ever transformed: close() hands pooled buffers back.
            agent = agent.type(ONNX_TENSOR)
                    .transform((builder, type, loader, module, domain) -> builder.visit(OnnxTensorCloseAdvice.visitor()));
        }
        agent.installOn(inst);
        LOG.log(Level.DEBUG, () -> "autopool AGENT installed " + plan);
    }

    /** The agent, the runtime, relocated third-party code, ONNX Runtime and the JDK are never rewritten. */
    static ElementMatcher.Junction<TypeDescription> neverTransformed() {
        return ElementMatchers.<TypeDescription>nameStartsWith("dev.autopool.agent.")
                .or(ElementMatchers.nameStartsWith("dev.autopool.runtime."))
                .or(ElementMatchers.nameStartsWith("dev.autopool.shaded."))
                .or(ElementMatchers.nameStartsWith("net.bytebuddy."))
                .or(ElementMatchers.nameStartsWith("ai.onnxruntime."))
                .or(ElementMatchers.nameStartsWith("java."))
                .or(ElementMatchers.nameStartsWith("javax."))
                .or(ElementMatchers.nameStartsWith("jdk."))
                .or(ElementMatchers.nameStartsWith("sun."))
                .or(ElementMatchers.nameStartsWith("com.sun."))
                .or(ElementMatchers.isSynthetic());
    }
}
