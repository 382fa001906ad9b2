package dev.autopool.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the rules file the agent arguments name and lays the arguments' settings over the file's. */
public final class ConfigLoader {
    private ConfigLoader() {}

    public static Config load(AgentArgs args) {
        Config fromFile;
        if (!args.hasRulesFile()) {
            // No rules file is a supported set-up, not a mistake: the built-in ONNX Runtime rule alone (the
            // agent says so in one INFO line).
            fromFile = new Config(List.of(), Settings.NONE, List.of());
        } else {
            Path path = Path.of(args.configPath());
            try {
                // Bytes, not readAllLines: a strict whole-file decode would drop every rule for one bad byte.
                fromFile = ConfigParser.parse(args.configPath(), Files.readAllBytes(path));
            } catch (IOException e) {
                fromFile = new Config(List.of(), Settings.NONE, List.of(new ConfigProblem(args.configPath(), 0,
                        "cannot read the rules file (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                                + "); none of its rules or settings apply")));
            }
        }
        List<ConfigProblem> problems = new ArrayList<>(args.problems());
        problems.addAll(fromFile.problems());
        Map<String, String> settings = new LinkedHashMap<>(fromFile.settings().values());
        Map<String, String> origins = new LinkedHashMap<>(fromFile.settings().origins());
        for (Map.Entry<String, String> e : args.settings().entrySet()) {
            ConfigParser.putSetting(e.getKey(), e.getValue(), settings, origins, problems, AgentArgs.SOURCE, 0);
        }
        return new Config(fromFile.rules(), new Settings(settings, origins), problems);
    }
}
