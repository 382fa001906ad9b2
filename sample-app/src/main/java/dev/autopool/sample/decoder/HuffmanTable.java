package dev.autopool.sample.decoder;

/**
 * A canonical Huffman table from a DHT segment. Codes of up to {@link #LOOKUP_BITS} bits decode with one table
 * look-up; longer ones through the per-length code ranges of T.81 Annex F.2.2.3.
 */
final class HuffmanTable {
    static final int LOOKUP_BITS = 9;

    /** {@code (length << 8) | symbol} for codes of at most LOOKUP_BITS bits, 0 when the code is longer. */
    final int[] lookup = new int[1 << LOOKUP_BITS];
    /**
     * For AC tables: {@code (value << 16) | (run << 8) | bits} when a code and its extra bits fit in LOOKUP_BITS
     * together (the common case), so a whole run/value pair decodes in one look-up; 0 otherwise.
     */
    final int[] fastAc = new int[1 << LOOKUP_BITS];
    private final int[] maxCode = new int[18];
    private final int[] valueOffset = new int[17];
    private final int[] symbols;

    /**
     * @param counts  number of codes of each length 1..16 ({@code counts[0]} is length 1)
     * @param symbols the symbols in code order
     * @param offset  where the table's definition starts, for error messages
     */
    HuffmanTable(int[] counts, int[] symbols, long offset) throws DecodeException {
        this.symbols = symbols;
        int code = 0;
        int k = 0;
        for (int len = 1; len <= 16; len++) {
            int n = counts[len - 1];
            valueOffset[len] = k - code;
            for (int i = 0; i < n; i++, k++, code++) {
                if (code >= (1 << len)) {
                    throw new DecodeException("bad Huffman table: more codes of length " + len + " than fit", offset);
                }
                if (len <= LOOKUP_BITS) {
                    int shift = LOOKUP_BITS - len;
                    int entry = (len << 8) | symbols[k];
                    for (int fill = 0; fill < (1 << shift); fill++) {
                        lookup[(code << shift) | fill] = entry;
                    }
                }
            }
            maxCode[len] = n == 0 ? -1 : code - 1;
            code <<= 1;
        }
        maxCode[17] = Integer.MAX_VALUE;
        for (int look = 0; look < fastAc.length; look++) {
            int entry = lookup[look];
            int len = entry >>> 8;
            int size = entry & 15;
            if (entry == 0 || size == 0 || len + size > LOOKUP_BITS) continue;
            int extra = (look >>> (LOOKUP_BITS - len - size)) & ((1 << size) - 1);
            int value = extra < (1 << (size - 1)) ? extra - (1 << size) + 1 : extra;
            fastAc[look] = (value << 16) | (((entry >>> 4) & 15) << 8) | (len + size);
        }
    }

    /**
     * Decodes a code longer than LOOKUP_BITS from the 16 bits {@code bits16} (MSB first); returns
     * {@code (length << 8) | symbol}, or -1 if no code matches.
     */
    int decodeLong(int bits16) {
        for (int len = LOOKUP_BITS + 1; len <= 16; len++) {
            int code = bits16 >>> (16 - len);
            if (code <= maxCode[len]) {
                return (len << 8) | symbols[code + valueOffset[len]];
            }
        }
        return -1;
    }
}
