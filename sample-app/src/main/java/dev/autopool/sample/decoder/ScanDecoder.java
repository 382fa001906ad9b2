package dev.autopool.sample.decoder;

/**
 * Entropy-decodes one scan (T.81 Annex F for sequential, G for progressive Huffman coding) into the frame's
 * coefficient planes. Interleaved scans walk MCUs; single-component scans walk that component's blocks.
 */
final class ScanDecoder {
    /** Told each time a whole row of groups has all its coefficients (only used for single-pass frames). */
    interface GroupRowListener {
        void groupRowDone(int gy) throws DecodeException;
    }

    private enum Mode { SEQUENTIAL, DC_FIRST, DC_REFINE, AC_FIRST, AC_REFINE }

    private final Frame frame;
    private final Component[] comps;
    private final int ss;
    private final int se;
    private final int al;
    private final Mode mode;
    private final int restartInterval;
    private final BitReader in;
    private int eobRun;

    ScanDecoder(Frame frame, Component[] comps, int ss, int se, int ah, int al, int restartInterval, BitReader in) {
        this.frame = frame;
        this.comps = comps;
        this.ss = ss;
        this.se = se;
        this.al = al;
        this.restartInterval = restartInterval;
        this.in = in;
        if (!frame.progressive) mode = Mode.SEQUENTIAL;
        else if (ss == 0) mode = ah == 0 ? Mode.DC_FIRST : Mode.DC_REFINE;
        else mode = ah == 0 ? Mode.AC_FIRST : Mode.AC_REFINE;
    }

    void decode(GroupRowListener listener) throws DecodeException {
        for (Component c : comps) c.dcPred = 0;
        int unit = 0;
        int nextRestart = 0;
        if (comps.length == 1) {
            Component c = comps[0];
            int bw = Frame.ceilDiv(c.width, 8);
            int bh = Frame.ceilDiv(c.height, 8);
            for (int by = 0; by < bh; by++) {
                for (int bx = 0; bx < bw; bx++) {
                    if (restartInterval > 0 && unit > 0 && unit % restartInterval == 0) {
                        restart(nextRestart);
                        nextRestart = (nextRestart + 1) & 7;
                    }
                    decodeBlock(c, frame.block(c, bx, by));
                    unit++;
                }
                in.checkNotExhausted();
                if (listener != null && ((by + 1) % c.groupBlocksY == 0 || by == bh - 1)) {
                    listener.groupRowDone(by / c.groupBlocksY);
                }
            }
            return;
        }
        for (int my = 0; my < frame.mcusY; my++) {
            for (int mx = 0; mx < frame.mcusX; mx++) {
                if (restartInterval > 0 && unit > 0 && unit % restartInterval == 0) {
                    restart(nextRestart);
                    nextRestart = (nextRestart + 1) & 7;
                }
                for (Component c : comps) {
                    for (int v = 0; v < c.v; v++) {
                        for (int h = 0; h < c.h; h++) {
                            decodeBlock(c, frame.block(c, mx * c.h + h, my * c.v + v));
                        }
                    }
                }
                unit++;
            }
            in.checkNotExhausted();
            if (listener != null && ((my + 1) % frame.groupMcusY == 0 || my == frame.mcusY - 1)) {
                listener.groupRowDone(my / frame.groupMcusY);
            }
        }
    }

    private void restart(int n) throws DecodeException {
        in.restart(n);
        for (Component c : comps) c.dcPred = 0;
        eobRun = 0;
    }

    private void decodeBlock(Component c, int[] block) throws DecodeException {
        switch (mode) {
            case SEQUENTIAL -> decodeSequential(c, block);
            case DC_FIRST -> block[0] = decodeDc(c) * (1 << al);
            case DC_REFINE -> {
                if (in.bit() != 0) block[0] |= 1 << al;
            }
            case AC_FIRST -> decodeAcFirst(c, block);
            case AC_REFINE -> decodeAcRefine(c, block);
        }
    }

    private int decodeDc(Component c) throws DecodeException {
        int t = in.decode(c.dcTable);
        if (t > 15) throw new DecodeException("bad DC difference category " + t, in.offset());
        c.dcPred += in.receiveExtend(t);
        return c.dcPred;
    }

    private void decodeSequential(Component c, int[] block) throws DecodeException {
        block[0] = decodeDc(c);
        HuffmanTable ac = c.acTable;
        int[] fast = ac.fastAc;
        int[] zz = Idct.ZIGZAG;
        for (int k = 1; k < 64; ) {
            int f = fast[in.peek(HuffmanTable.LOOKUP_BITS)];
            if (f != 0) {
                k += (f >>> 8) & 15;
                if (k > 63) throw new DecodeException("AC coefficients run past the end of a block", in.offset());
                in.skip(f & 0xFF);
                block[zz[k]] = f >> 16;
                k++;
                continue;
            }
            int rs = in.decode(ac);
            int s = rs & 15;
            int r = rs >>> 4;
            if (s == 0) {
                if (r != 15) break;
                k += 16;
                continue;
            }
            k += r;
            if (k > 63) throw new DecodeException("AC coefficients run past the end of a block", in.offset());
            block[zz[k]] = in.receiveExtend(s);
            k++;
        }
    }

    private void decodeAcFirst(Component c, int[] block) throws DecodeException {
        if (eobRun > 0) {
            eobRun--;
            return;
        }
        HuffmanTable ac = c.acTable;
        int[] zz = Idct.ZIGZAG;
        for (int k = ss; k <= se; ) {
            int rs = in.decode(ac);
            int s = rs & 15;
            int r = rs >>> 4;
            if (s == 0) {
                if (r < 15) {
                    eobRun = (1 << r) - 1;
                    if (r > 0) eobRun += in.bits(r);
                    break;
                }
                k += 16;
                continue;
            }
            k += r;
            if (k > se) throw new DecodeException("AC coefficients run past the scan's spectral end", in.offset());
            block[zz[k]] = in.receiveExtend(s) * (1 << al);
            k++;
        }
    }

    private void decodeAcRefine(Component c, int[] block) throws DecodeException {
        int p1 = 1 << al;
        int m1 = -1 << al;
        int[] zz = Idct.ZIGZAG;
        int k = ss;
        if (eobRun == 0) {
            HuffmanTable ac = c.acTable;
            for (; k <= se; k++) {
                int rs = in.decode(ac);
                int s = rs & 15;
                int r = rs >>> 4;
                if (s != 0) {
                    if (s != 1) throw new DecodeException("bad refinement coefficient size " + s, in.offset());
                    s = in.bit() != 0 ? p1 : m1;
                } else if (r != 15) {
                    eobRun = 1 << r;
                    if (r > 0) eobRun += in.bits(r);
                    break;
                }
                do {
                    int z = zz[k];
                    if (block[z] != 0) {
                        refine(block, z, p1, m1);
                    } else {
                        if (--r < 0) break;
                    }
                    k++;
                } while (k <= se);
                if (s != 0) {
                    if (k > se) throw new DecodeException("refinement runs past the scan's spectral end", in.offset());
                    block[zz[k]] = s;
                }
            }
        }
        if (eobRun > 0) {
            for (; k <= se; k++) {
                int z = zz[k];
                if (block[z] != 0) refine(block, z, p1, m1);
            }
            eobRun--;
        }
    }

    private void refine(int[] block, int z, int p1, int m1) {
        if (in.bit() != 0 && (block[z] & p1) == 0) {
            block[z] += block[z] >= 0 ? p1 : m1;
        }
    }
}
