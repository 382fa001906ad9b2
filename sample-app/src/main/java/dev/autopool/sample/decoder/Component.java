package dev.autopool.sample.decoder;

/** One colour component of a frame: sampling factors, geometry in samples and blocks, and per-scan state. */
final class Component {
    final int id;
    final int index;
    final int h;
    final int v;
    final int quantTable;
    /** Size in samples of the component's own plane (before upsampling). */
    int width;
    int height;
    /** Blocks per group, horizontally and vertically (full groups). */
    int groupBlocksX;
    int groupBlocksY;
    /** Dequantisation multipliers with the IDCT's scale factors folded in; latched at the first scan. */
    float[] dequant;
    /** DC prediction and tables of the current scan. */
    int dcPred;
    HuffmanTable dcTable;
    HuffmanTable acTable;

    Component(int id, int index, int h, int v, int quantTable) {
        this.id = id;
        this.index = index;
        this.h = h;
        this.v = v;
        this.quantTable = quantTable;
    }
}
