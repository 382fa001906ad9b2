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
        if (args.configPath() == null || args.configPath().isEmpty()) {
            fromFile = new Config(List.of(), Settings.NONE, List.of(new Problem("agent arguments", 0,
                    "no rules file given; add config=PATH to -javaagent:autopool-agent.jar=...")));
        } else {
            Path path = Path.of(args.configPath());
            try {
                fromFile = ConfigParser.parse(args.configPath(), Files.readAllLines(path));
            } catch (IOException e) {
                fromFile = new Config(List.of(), Settings.NONE, List.of(new Problem(args.configPath(), 0,
                        "cannot read the rules file (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                                + "); the app runs unpooled")));
            }
        }
        List<Problem> problems = new ArrayList<>(fromFile.problems());
        Map<String, String> settings = new LinkedHashMap<>(fromFile.settings().values());
        for (Map.Entry<String, String> e : args.settings().entrySet()) {
            ConfigParser.putSetting(e.getKey(), e.getValue(), settings, problems, "agent arguments", 0);
        }
        return new Config(fromFile.rules(), new Settings(settings), problems);
    }
}
