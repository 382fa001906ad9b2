package dev.autopool.sample.decoder;

import dev.autopool.sample.util.Matrices;

/**
 * A 256x256-pixel region of a frame (a whole number of MCUs): it holds the quantised DCT coefficients of its blocks,
 * one {@code int[blocks][64]} plane per component (sized for a full group; an edge group uses its first rows), and
 * turns them into samples independently of every other group, so groups reconstruct in parallel. Closing it frees
 * the coefficient planes.
 */
final class Group implements AutoCloseable {
    final int gx;
    final int gy;
    /** Blocks of this group per component, horizontally and vertically. */
    private final int[] blocksX;
    private final int[] blocksY;
    /** Rows of each component's coefficient plane: a full group's blocks, also for smaller edge groups. */
    private final int[] planeBlocks;
    private final int[][][] coefficients;

    Group(int gx, int gy, int[] blocksX, int[] blocksY, int[] planeBlocks) {
        this.gx = gx;
        this.gy = gy;
        this.blocksX = blocksX;
        this.blocksY = blocksY;
        this.planeBlocks = planeBlocks;
        this.coefficients = new int[blocksX.length][][];
    }

    /** The coefficients (natural order) of block ({@code lbx}, {@code lby}) of component {@code c}. */
    int[] block(int c, int lbx, int lby) {
        int[][] plane = coefficients[c];
        if (plane == null) {
            plane = Matrices.int2d(planeBlocks[c], 64);
            coefficients[c] = plane;
        }
        return plane[lby * blocksX[c] + lbx];
    }

    /**
     * Dequantises and inverse-transforms every block, component by component, straight into the frame's planes
     * where the group lies inside them, else (groups on the right and bottom edges) into a per-group scratch plane
     * whose samples are then copied, cropped. The scratch never leaves this method.
     */
    void reconstruct(Frame frame) {
        Component[] comps = frame.components;
        boolean[] direct = new boolean[comps.length];
        int rows = 0;
        int cols = 0;
        for (int c = 0; c < comps.length; c++) {
            // a group that lies wholly inside a component's plane is transformed straight into it
            direct[c] = x0(comps[c]) + blocksX[c] * 8 <= comps[c].width
                    && y0(comps[c]) + blocksY[c] * 8 <= comps[c].height;
            if (!direct[c]) {
                rows = Math.max(rows, blocksY[c] * 8);
                cols = Math.max(cols, blocksX[c] * 8);
            }
        }
        float[][] scratch = rows == 0 ? null : Matrices.float2d(rows, cols);
        float[] workspace = new float[64];
        for (int c = 0; c < comps.length; c++) {
            Component comp = comps[c];
            if (direct[c]) {
                inverseTransform(c, comp.dequant, workspace, frame.plane(c), y0(comp), x0(comp));
            } else {
                inverseTransform(c, comp.dequant, workspace, scratch, 0, 0);
                frame.store(c, scratch, x0(comp), y0(comp), blocksX[c] * 8, blocksY[c] * 8);
            }
        }
    }

    private int x0(Component comp) {
        return gx * comp.groupBlocksX * 8;
    }

    private int y0(Component comp) {
        return gy * comp.groupBlocksY * 8;
    }

    private void inverseTransform(int c, float[] dequant, float[] workspace, float[][] out, int oy, int ox) {
        int[] zero = null;
        for (int by = 0; by < blocksY[c]; by++) {
            for (int bx = 0; bx < blocksX[c]; bx++) {
                int[] coef;
                if (coefficients[c] != null) {
                    coef = coefficients[c][by * blocksX[c] + bx];
                } else {
                    if (zero == null) zero = new int[64];
                    coef = zero; // no scan reached this group (possible only for an empty image part)
                }
                Idct.transform(coef, dequant, workspace, out, oy + by * 8, ox + bx * 8);
            }
        }
    }

    boolean holdsNoBuffers() {
        for (int[][] plane : coefficients) {
            if (plane != null) return false;
        }
        return true;
    }

    @Override
    public void close() {
        for (int c = 0; c < coefficients.length; c++) {
            if (coefficients[c] != null) {
                Matrices.free(coefficients[c]);
                coefficients[c] = null;
            }
        }
    }
}
