package dev.autopool.agent.rewrite;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers "does this class file mention any of these class names?" by walking its constant pool, without
 * parsing anything else. It is what every loading class pays when no rule selects it by name: a class that
 * calls a rule's method must name the method's owner in its pool.
 */
public final class ConstantPoolScan {
    /** The names, indexed by their length in bytes: most pool entries are ruled out by one array read. */
    private final byte[][][] namesByLength;

    public ConstantPoolScan(Collection<String> internalNames) {
        Map<Integer, List<byte[]>> byLength = new HashMap<>();
        int longest = 0;
        for (String name : internalNames) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            List<byte[]> sameLength = byLength.get(bytes.length);
            if (sameLength == null) byLength.put(bytes.length, sameLength = new java.util.ArrayList<>());
            sameLength.add(bytes);
            longest = Math.max(longest, bytes.length);
        }
        namesByLength = new byte[byLength.isEmpty() ? 0 : longest + 1][][];
        for (Map.Entry<Integer, List<byte[]>> e : byLength.entrySet()) {
            namesByLength[e.getKey()] = e.getValue().toArray(new byte[0][]);
        }
    }

    /** Whether a {@code CONSTANT_Utf8} entry of {@code classFile} equals one of the names. */
    public boolean mentionsAny(byte[] classFile) {
        if (namesByLength.length == 0 || classFile.length < 10) return false;
        try {
            return scan(classFile);
        } catch (IndexOutOfBoundsException e) {
            // A pool that runs past the end: a class file we cannot read. Let the full parse decide (and report).
            return true;
        }
    }

    private boolean scan(byte[] classFile) {
        int count = u2(classFile, 8);
        int at = 10;
        for (int i = 1; i < count; i++) {
            int tag = classFile[at] & 0xff;
            switch (tag) {
                case 1 -> {
                    int length = u2(classFile, at + 1);
                    byte[][] candidates = length < namesByLength.length ? namesByLength[length] : null;
                    if (candidates != null) {
                        for (byte[] name : candidates) {
                            if (Arrays.equals(classFile, at + 3, at + 3 + length, name, 0, length)) return true;
                        }
                    }
                    at += 3 + length;
                }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> at += 5;
                case 5, 6 -> {
                    at += 9;
                    i++;
                }
                case 7, 8, 16, 19, 20 -> at += 3;
                case 15 -> at += 4;
                // An unknown tag means a class file we cannot read: let the full parse decide (and report).
                default -> { return true; }
            }
        }
        return false;
    }

    private static int u2(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
