package dev.autopool.sample.decoder;

/**
 * Walks the marker segments of a JPEG file: tables, the frame header, and scans, which it hands to
 * {@link ScanDecoder}. Every length and index is checked against the file before it is used.
 */
final class JpegParser {
    private final byte[] data;
    private final long maxPixels;
    private int pos;
    private final int[][] quantTables = new int[4][];
    private final HuffmanTable[] dcTables = new HuffmanTable[4];
    private final HuffmanTable[] acTables = new HuffmanTable[4];
    private int restartInterval;
    private int adobeTransform = -1;
    private boolean jfif;
    private Frame frame;
    private int scans;
    private boolean reconstructedWhileScanning;

    JpegParser(byte[] data, long maxPixels) {
        this.data = data;
        this.maxPixels = maxPixels;
    }

    /** Reads up to and including the frame header. */
    Frame readUpToFrame() throws DecodeException {
        if (data.length == 0) throw new DecodeException("empty file: not a JPEG", 0);
        if (data.length < 2 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != 0xD8) {
            throw new DecodeException("not a JPEG file: missing SOI marker", 0);
        }
        pos = 2;
        while (frame == null) {
            int marker = nextMarker();
            int start = pos - 2;
            switch (marker) {
                case 0xC0, 0xC1, 0xC2 -> frame = readFrameHeader(marker == 0xC2, start);
                case 0xC3 -> throw unsupported("lossless JPEG (SOF3)", start);
                case 0xC5, 0xC6, 0xC7 -> throw unsupported("hierarchical JPEG", start);
                case 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF -> throw unsupported("arithmetic-coded JPEG", start);
                case 0xDA -> throw new DecodeException("scan (SOS) before the frame header (SOF)", start);
                case 0xD9 -> throw new DecodeException("end of image (EOI) before any frame", start);
                default -> readTableOrMisc(marker, start);
            }
        }
        return frame;
    }

    /** Reads the remaining segments and decodes every scan, up to EOI. */
    void readScans(Frame frame, ScanDecoder.GroupRowListener listener) throws DecodeException {
        while (true) {
            int marker = nextMarker();
            int start = pos - 2;
            switch (marker) {
                case 0xD9 -> {
                    if (scans == 0) throw new DecodeException("end of image (EOI) before any scan", start);
                    return;
                }
                case 0xDA -> readScan(frame, listener, start);
                case 0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF ->
                        throw new DecodeException("a second frame header (SOF) in one image", start);
                case 0xDC -> throw unsupported("DNL marker (height defined after the first scan)", start);
                default -> readTableOrMisc(marker, start);
            }
        }
    }

    boolean reconstructedWhileScanning() {
        return reconstructedWhileScanning;
    }

    /** True when three components are YCbCr (the default) rather than RGB. */
    boolean isYCbCr() {
        if (frame.components.length != 3) return false;
        if (adobeTransform >= 0) return adobeTransform != 0;
        if (jfif) return true;
        Component[] c = frame.components;
        return !(c[0].id == 'R' && c[1].id == 'G' && c[2].id == 'B');
    }

    private static DecodeException unsupported(String what, long offset) {
        return new DecodeException("unsupported: " + what, offset);
    }

    private int nextMarker() throws DecodeException {
        if (pos >= data.length) throw new DecodeException("file ends before the end-of-image (EOI) marker", pos);
        if ((data[pos] & 0xFF) != 0xFF) {
            throw new DecodeException(String.format("expected a marker, found byte 0x%02X", data[pos] & 0xFF), pos);
        }
        while (pos < data.length && (data[pos] & 0xFF) == 0xFF) pos++; // fill bytes
        if (pos >= data.length) throw new DecodeException("file ends inside a marker", pos);
        int marker = data[pos++] & 0xFF;
        if (marker == 0) throw new DecodeException("stuffed 0xFF00 where a marker was expected", pos - 2);
        return marker;
    }

    private int u8(int at) throws DecodeException {
        if (at >= data.length) throw new DecodeException("file ends inside a segment", at);
        return data[at] & 0xFF;
    }

    private int u16(int at) throws DecodeException {
        return (u8(at) << 8) | u8(at + 1);
    }

    /** Length-checked segment body: returns the body's start; {@link #pos} moves past the segment. */
    private int segment(String name, int start) throws DecodeException {
        int len = u16(pos);
        if (len < 2) throw new DecodeException(name + " segment length " + len + " is too small", start);
        if (pos + len > data.length) {
            throw new DecodeException(name + " segment of " + len + " bytes runs past the end of the file", start);
        }
        int body = pos + 2;
        pos += len;
        return body;
    }

    private void readTableOrMisc(int marker, int start) throws DecodeException {
        switch (marker) {
            case 0xC4 -> readHuffmanTables(start);
            case 0xDB -> readQuantTables(start);
            case 0xDD -> {
                int body = segment("DRI", start);
                if (pos - body != 2) throw new DecodeException("DRI segment must hold 2 bytes", start);
                restartInterval = u16(body);
            }
            case 0xCC -> throw unsupported("arithmetic-coded JPEG (DAC)", start);
            case 0xE0 -> {
                int body = segment("APP0", start);
                if (pos - body >= 5 && u8(body) == 'J' && u8(body + 1) == 'F' && u8(body + 2) == 'I'
                        && u8(body + 3) == 'F' && u8(body + 4) == 0) {
                    jfif = true;
                }
            }
            case 0xEE -> {
                int body = segment("APP14", start);
                if (pos - body >= 12 && u8(body) == 'A' && u8(body + 1) == 'd' && u8(body + 2) == 'o'
                        && u8(body + 3) == 'b' && u8(body + 4) == 'e') {
                    adobeTransform = u8(body + 11);
                }
            }
            case 0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7 ->
                    throw new DecodeException("restart marker outside a scan", start);
            case 0xD8 -> throw new DecodeException("a second start-of-image (SOI) marker", start);
            case 0x01 -> { } // TEM: no segment
            default -> {
                if ((marker >= 0xE0 && marker <= 0xEF) || marker == 0xFE || (marker >= 0xF0 && marker <= 0xFD)) {
                    segment("APP/COM", start); // EXIF, ICC, XMP, comments, ...: skipped
                } else {
                    throw new DecodeException(String.format("unknown or misplaced marker 0xFF%02X", marker), start);
                }
            }
        }
    }

    private void readQuantTables(int start) throws DecodeException {
        int body = segment("DQT", start);
        int end = pos;
        int p = body;
        while (p < end) {
            int pq = u8(p) >> 4;
            int tq = u8(p) & 15;
            if (tq > 3) throw new DecodeException("DQT table id " + tq + " is not 0..3", p);
            if (pq > 1) throw new DecodeException("DQT precision " + pq + " is not 0 or 1", p);
            int size = pq == 0 ? 64 : 128;
            if (p + 1 + size > end) throw new DecodeException("DQT table runs past its segment", p);
            int[] natural = new int[64];
            for (int k = 0; k < 64; k++) {
                natural[Idct.ZIGZAG[k]] = pq == 0 ? u8(p + 1 + k) : u16(p + 1 + 2 * k);
            }
            quantTables[tq] = natural;
            p += 1 + size;
        }
    }

    private void readHuffmanTables(int start) throws DecodeException {
        int body = segment("DHT", start);
        int end = pos;
        int p = body;
        while (p < end) {
            int tc = u8(p) >> 4;
            int th = u8(p) & 15;
            if (tc > 1 || th > 3) throw new DecodeException("DHT table class/id " + tc + "/" + th + " invalid", p);
            if (p + 17 > end) throw new DecodeException("DHT table runs past its segment", p);
            int[] counts = new int[16];
            int total = 0;
            for (int i = 0; i < 16; i++) {
                counts[i] = u8(p + 1 + i);
                total += counts[i];
            }
            if (total > 256 || p + 17 + total > end) {
                throw new DecodeException("DHT table with " + total + " symbols runs past its segment", p);
            }
            int[] symbols = new int[total];
            for (int i = 0; i < total; i++) symbols[i] = u8(p + 17 + i);
            HuffmanTable table = new HuffmanTable(counts, symbols, p);
            if (tc == 0) dcTables[th] = table;
            else acTables[th] = table;
            p += 17 + total;
        }
    }

    private Frame readFrameHeader(boolean progressive, int start) throws DecodeException {
        int body = segment("SOF", start);
        int precision = u8(body);
        int height = u16(body + 1);
        int width = u16(body + 3);
        int n = u8(body + 5);
        if (precision != 8) throw unsupported(precision + "-bit samples (only 8-bit)", start);
        if (height == 0) throw unsupported("height 0 in the frame header (DNL)", start);
        if (width == 0) throw new DecodeException("frame width is 0", start);
        if ((long) width * height > maxPixels) {
            throw new DecodeException("image of " + width + "x" + height + " = " + (long) width * height
                    + " pixels exceeds the limit of " + maxPixels, start);
        }
        if (n == 4) throw unsupported("4-component (CMYK/YCCK) JPEG", start);
        if (n != 1 && n != 3) throw unsupported(n + "-component JPEG (only 1 or 3)", start);
        // float planes, int coefficients and byte output per sample: refuse what cannot fit rather than run out
        long needed = (long) width * height * n * (4 + 4 + 1);
        long heap = Runtime.getRuntime().maxMemory();
        if (needed > heap - heap / 4) {
            throw new DecodeException("image of " + width + "x" + height + " needs about " + needed / 1_000_000
                    + " MB, more than the heap allows (" + heap / 1_000_000 + " MB; raise -Xmx)", start);
        }
        if (pos - body != 6 + 3 * n) throw new DecodeException("SOF segment length does not match " + n + " components", start);
        Component[] comps = new Component[n];
        for (int i = 0; i < n; i++) {
            int p = body + 6 + 3 * i;
            int id = u8(p);
            int h = u8(p + 1) >> 4;
            int v = u8(p + 1) & 15;
            int tq = u8(p + 2);
            if (h < 1 || h > 4 || v < 1 || v > 4) {
                throw new DecodeException("sampling factors " + h + "x" + v + " of component " + id + " not in 1..4", p);
            }
            if (tq > 3) throw new DecodeException("quantisation table " + tq + " of component " + id + " not in 0..3", p);
            for (int j = 0; j < i; j++) {
                if (comps[j].id == id) throw new DecodeException("two components with id " + id, p);
            }
            comps[i] = new Component(id, i, h, v, tq);
        }
        int maxH = 1;
        int maxV = 1;
        for (Component c : comps) {
            maxH = Math.max(maxH, c.h);
            maxV = Math.max(maxV, c.v);
        }
        for (Component c : comps) {
            if (maxH % c.h != 0 || maxV % c.v != 0) {
                throw unsupported("fractional sampling ratio " + maxH + "/" + c.h + " x " + maxV + "/" + c.v, start);
            }
        }
        return new Frame(width, height, progressive, comps);
    }

    private void readScan(Frame frame, ScanDecoder.GroupRowListener listener, int start) throws DecodeException {
        int body = segment("SOS", start);
        int ns = u8(body);
        if (ns < 1 || ns > 4 || pos - body != 4 + 2 * ns) {
            throw new DecodeException("SOS segment with " + ns + " components has a bad length", start);
        }
        Component[] comps = new Component[ns];
        for (int i = 0; i < ns; i++) {
            int p = body + 1 + 2 * i;
            int id = u8(p);
            Component c = null;
            for (Component fc : frame.components) {
                if (fc.id == id) c = fc;
            }
            if (c == null) throw new DecodeException("scan names component " + id + " which the frame lacks", p);
            for (int j = 0; j < i; j++) {
                if (comps[j] == c) throw new DecodeException("scan names component " + id + " twice", p);
            }
            int td = u8(p + 1) >> 4;
            int ta = u8(p + 1) & 15;
            if (td > 3 || ta > 3) throw new DecodeException("scan Huffman table id out of 0..3", p);
            c.dcTable = dcTables[td];
            c.acTable = acTables[ta];
            comps[i] = c;
        }
        int p = body + 1 + 2 * ns;
        int ss = u8(p);
        int se = u8(p + 1);
        int ah = u8(p + 2) >> 4;
        int al = u8(p + 2) & 15;
        if (frame.progressive) {
            boolean ok = ss <= se && se <= 63 && al <= 13 && (ss == 0 ? se == 0 : ns == 1) && (ah == 0 || ah == al + 1);
            if (!ok) {
                throw new DecodeException("bad progressive scan parameters Ss=" + ss + " Se=" + se + " Ah=" + ah
                        + " Al=" + al, p);
            }
        }
        int blocksInMcu = 0;
        for (Component c : comps) blocksInMcu += c.h * c.v;
        if (ns > 1 && blocksInMcu > 10) throw new DecodeException("MCU of " + blocksInMcu + " blocks exceeds 10", start);
        boolean needsDc = !frame.progressive || (ss == 0 && ah == 0);
        boolean needsAc = !frame.progressive || ss > 0;
        for (Component c : comps) {
            if (needsDc && c.dcTable == null) throw new DecodeException("scan uses an undefined DC Huffman table", start);
            if (needsAc && c.acTable == null) throw new DecodeException("scan uses an undefined AC Huffman table", start);
            if (c.dequant == null) {
                int[] q = quantTables[c.quantTable];
                if (q == null) {
                    throw new DecodeException("component " + c.id + " uses undefined quantisation table " + c.quantTable, start);
                }
                c.dequant = Idct.dequantMultipliers(q);
            }
        }
        // A sequential scan of every component completes each group as it passes: reconstruct while decoding.
        boolean pipelined = !frame.progressive && ns == frame.components.length && scans == 0;
        scans++;
        BitReader in = new BitReader(data, pos);
        new ScanDecoder(frame, comps, ss, se, ah, al, restartInterval, in).decode(pipelined ? listener : null);
        if (pipelined) reconstructedWhileScanning = true;
        pos = in.endOfScan();
    }
}
