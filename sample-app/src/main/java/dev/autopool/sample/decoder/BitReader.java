package dev.autopool.sample.decoder;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads the entropy-coded segment of a scan MSB first, removing the 0xFF00 byte stuffing. At a marker or the end
 * of the file it feeds zero bits, and counts them, so that a scan which needs more bits than the file holds is
 * reported as truncated instead of being decoded from invented data.
 */
final class BitReader {
    private static final VarHandle BIG_ENDIAN_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private final byte[] data;
    private int pos;
    private long acc;
    private int bits;
    /** How many of the buffered low bits are zero padding past a marker or the end of the file. */
    private int padBits;

    BitReader(byte[] data, int pos) {
        this.data = data;
        this.pos = pos;
    }

    /** Position of the next byte not yet buffered. */
    int position() {
        return pos;
    }

    /** Approximate offset of the next unread bit, for error messages. */
    long offset() {
        return Math.max(0, pos - Math.max(0, (bits - padBits)) / 8);
    }

    private void fill() {
        if (pos + 8 <= data.length) {
            // Fast path: take whole bytes at once when none of the next eight is 0xFF (no stuffing, no marker).
            long w = (long) BIG_ENDIAN_LONGS.get(data, pos);
            long inverted = ~w;
            if (((inverted - 0x0101010101010101L) & ~inverted & 0x8080808080808080L) == 0) {
                int n = Math.min(7, (64 - bits) >> 3);
                acc = (acc << (8 * n)) | (w >>> (64 - 8 * n));
                bits += 8 * n;
                pos += n;
                return;
            }
        }
        while (bits <= 56) {
            int b;
            if (pos >= data.length) {
                b = 0;
                padBits += 8;
            } else {
                b = data[pos] & 0xFF;
                if (b == 0xFF) {
                    int next = pos + 1 < data.length ? data[pos + 1] & 0xFF : -1;
                    if (next == 0) {
                        pos += 2;
                    } else {
                        b = 0; // a marker: stop here and pad
                        padBits += 8;
                    }
                } else {
                    pos++;
                }
            }
            acc = (acc << 8) | b;
            bits += 8;
        }
    }

    /** The next {@code n} (1..16) bits without consuming them. */
    int peek(int n) {
        if (bits < n) fill();
        return (int) (acc >>> (bits - n)) & ((1 << n) - 1);
    }

    void skip(int n) {
        bits -= n;
    }

    /** The next {@code n} (0..16) bits as an unsigned value. */
    int bits(int n) {
        if (n == 0) return 0;
        int v = peek(n);
        bits -= n;
        return v;
    }

    int bit() {
        if (bits < 1) fill();
        bits--;
        return (int) (acc >>> bits) & 1;
    }

    /** T.81 F.2.2.1 EXTEND: the next {@code s} bits as a signed magnitude of category {@code s}. */
    int receiveExtend(int s) {
        if (s == 0) return 0;
        int v = bits(s);
        return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
    }

    int decode(HuffmanTable table) throws DecodeException {
        int look = peek(HuffmanTable.LOOKUP_BITS);
        int entry = table.lookup[look];
        if (entry == 0) {
            entry = table.decodeLong(peek(16));
            if (entry < 0) throw new DecodeException("bad Huffman code", offset());
        }
        bits -= entry >>> 8;
        return entry & 0xFF;
    }

    /** Throws if the bits consumed so far reach past the data (into the zero padding). */
    void checkNotExhausted() throws DecodeException {
        if (bits < padBits) {
            throw new DecodeException("entropy-coded data ends early: file truncated or a marker inside the scan",
                    pos);
        }
    }

    /** Drops buffered bits and expects restart marker RSTn ({@code n} = 0..7) at the current byte. */
    void restart(int n) throws DecodeException {
        checkNotExhausted();
        acc = 0;
        bits = 0;
        padBits = 0;
        int p = pos;
        while (p < data.length && (data[p] & 0xFF) == 0xFF && p + 1 < data.length && (data[p + 1] & 0xFF) == 0xFF) {
            p++; // fill bytes before a marker
        }
        if (p + 1 >= data.length || (data[p] & 0xFF) != 0xFF) {
            throw new DecodeException("expected restart marker RST" + n, p);
        }
        int m = data[p + 1] & 0xFF;
        if (m != 0xD0 + n) {
            throw new DecodeException(String.format("expected restart marker RST%d, found 0x%02X", n, m), p);
        }
        pos = p + 2;
    }

    /** After the last MCU: the position of the first marker after the scan's data. */
    int endOfScan() throws DecodeException {
        checkNotExhausted();
        int p = pos;
        while (p + 1 < data.length) {
            if ((data[p] & 0xFF) == 0xFF) {
                int m = data[p + 1] & 0xFF;
                if (m != 0 && m != 0xFF && !(m >= 0xD0 && m <= 0xD7)) return p;
                p += m == 0xFF ? 1 : 2;
            } else {
                p++;
            }
        }
        return data.length;
    }
}
