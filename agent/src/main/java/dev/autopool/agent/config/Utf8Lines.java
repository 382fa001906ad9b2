package dev.autopool.agent.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules file's bytes as lines, each decoded from UTF-8 on its own: a stray Latin-1 byte (a {@code café} in a
 * comment) then costs its own line, not the whole file. Lines end at {@code \n}, {@code \r\n} or {@code \r}, as
 * {@code Files.readAllLines} counts them, so line numbers match the user's editor; a byte-order mark stays at the
 * start of the first line, where the parser drops it.
 *
 * @param lines every line, in order; a line that is not valid UTF-8 is empty here
 * @param undecodable for each line (index from 0) that is not valid UTF-8, what is wrong with it
 */
record Utf8Lines(List<String> lines, Map<Integer, String> undecodable) {

    Utf8Lines {
        lines = List.copyOf(lines);
        undecodable = Map.copyOf(undecodable);
    }

    static Utf8Lines split(byte[] bytes) {
        List<String> lines = new ArrayList<>();
        Map<Integer, String> undecodable = new HashMap<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n' && bytes[i] != '\r') continue;
            decode(bytes, start, i, lines, undecodable);
            if (bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') i++;
            start = i + 1;
        }
        // The last line needs no terminator, and a terminator at the very end starts no further line.
        if (start < bytes.length) decode(bytes, start, bytes.length, lines, undecodable);
        return new Utf8Lines(lines, undecodable);
    }

    private static void decode(byte[] bytes, int from, int to, List<String> lines, Map<Integer, String> undecodable) {
        // Strict, and fresh per line: the usual replacement would turn a bad byte into U+FFFD and pass on a rule
        // the user never wrote; a shared decoder could carry a cut-off sequence into the next line.
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        CharBuffer out = CharBuffer.allocate(to - from);
        CoderResult result = strict.decode(in, out, true);
        if (!result.isError()) result = strict.flush(out);
        if (result.isError()) {
            // The column counts bytes from 1: what an editor that opened the file as Latin-1 shows.
            int at = in.position();
            undecodable.put(lines.size(), String.format("not valid UTF-8 (byte 0x%02X at column %d); save the file"
                    + " as UTF-8", bytes[at] & 0xFF, at - from + 1));
            lines.add("");
        } else {
            lines.add(out.flip().toString());
        }
    }
}
