package dev.autopool.sample.decoder;

import java.io.ByteArrayOutputStream;

/**
 * Builds minimal hand-made JPEG files for error tests: one grey component, quantisation table of ones, a DC and an
 * AC Huffman table that each hold the single 1-bit code {@code 0} (DC category 0, AC end-of-block), so every block
 * is the two bits {@code 00} and the image is mid-grey.
 */
final class JpegBuilder {
    int sofMarker = 0xC0;
    int precision = 8;
    int width = 16;
    int height = 8;
    int components = 1;
    byte[] entropyData;

    byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        segment(out, 0xDB, concat(new byte[] {0}, filled(64, 1)));
        byte[] sof = new byte[6 + 3 * components];
        sof[0] = (byte) precision;
        sof[1] = (byte) (height >> 8);
        sof[2] = (byte) height;
        sof[3] = (byte) (width >> 8);
        sof[4] = (byte) width;
        sof[5] = (byte) components;
        for (int i = 0; i < components; i++) {
            sof[6 + 3 * i] = (byte) (i + 1);
            sof[7 + 3 * i] = 0x11;
        }
        segment(out, sofMarker, sof);
        byte[] dht = new byte[17 + 1];
        dht[1] = 1; // one code of length 1
        dht[17] = 0; // DC category 0
        segment(out, 0xC4, dht);
        byte[] ac = dht.clone();
        ac[0] = 0x10; // AC table 0; symbol 0x00 = end of block
        segment(out, 0xC4, ac);
        byte[] sos = new byte[1 + 2 * components + 3];
        sos[0] = (byte) components;
        for (int i = 0; i < components; i++) sos[1 + 2 * i] = (byte) (i + 1);
        sos[1 + 2 * components + 1] = 63;
        segment(out, 0xDA, sos);
        byte[] data = entropyData != null ? entropyData : greyData();
        out.writeBytes(data);
        out.write(0xFF);
        out.write(0xD9);
        return out.toByteArray();
    }

    /** Two zero bits per block, padded with ones. */
    private byte[] greyData() {
        long blocks = (long) ((width + 7) / 8) * ((height + 7) / 8) * components;
        int bytes = (int) ((blocks * 2 + 7) / 8);
        byte[] d = new byte[bytes];
        int usedBits = (int) (blocks * 2 % 8);
        if (usedBits != 0) d[bytes - 1] = (byte) ((1 << (8 - usedBits)) - 1);
        return d;
    }

    private static void segment(ByteArrayOutputStream out, int marker, byte[] body) {
        out.write(0xFF);
        out.write(marker);
        out.write((body.length + 2) >> 8);
        out.write(body.length + 2);
        out.writeBytes(body);
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) v);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
