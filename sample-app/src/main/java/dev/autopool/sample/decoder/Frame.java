package dev.autopool.sample.decoder;

import dev.autopool.sample.util.Matrices;

/**
 * One decoded frame: its geometry (components, MCUs, groups), the groups holding its coefficients, and its
 * sample planes: {@code planes} is {@code float[components][height][width]} at full resolution; subsampled
 * components first land in their own smaller plane and are upsampled into it. Closing the frame frees every
 * buffer it still holds, also when decoding failed half way.
 */
final class Frame implements AutoCloseable {
    static final int GROUP_SIZE = 256;

    final int width;
    final int height;
    final boolean progressive;
    final Component[] components;
    final int maxH;
    final int maxV;
    final int mcusX;
    final int mcusY;
    final int groupMcusX;
    final int groupMcusY;
    final int groupsX;
    final int groupsY;
    final Group[] groups;
    /** Full-resolution planes, one per component, allocated by {@link #allocatePlanes()}. */
    float[][][] planes;
    /** Per component: its own-resolution plane when it is subsampled, else null. */
    private final float[][][] subsampled;

    Frame(int width, int height, boolean progressive, Component[] components) {
        this.width = width;
        this.height = height;
        this.progressive = progressive;
        this.components = components;
        int hm = 1;
        int vm = 1;
        for (Component c : components) {
            hm = Math.max(hm, c.h);
            vm = Math.max(vm, c.v);
        }
        maxH = hm;
        maxV = vm;
        mcusX = ceilDiv(width, 8 * maxH);
        mcusY = ceilDiv(height, 8 * maxV);
        groupMcusX = Math.max(1, GROUP_SIZE / (8 * maxH));
        groupMcusY = Math.max(1, GROUP_SIZE / (8 * maxV));
        groupsX = ceilDiv(mcusX, groupMcusX);
        groupsY = ceilDiv(mcusY, groupMcusY);
        for (Component c : components) {
            c.width = ceilDiv(width * c.h, maxH);
            c.height = ceilDiv(height * c.v, maxV);
            c.groupBlocksX = groupMcusX * c.h;
            c.groupBlocksY = groupMcusY * c.v;
        }
        // Every group's coefficient plane has the full-group size, edge groups too, so the groups of all images larger
        // than a group share one buffer shape per component and a plane freed by one group fits the next. An image
        // smaller than a group only gets the blocks it has.
        int[] blocksPerGroup = new int[components.length];
        for (int c = 0; c < components.length; c++) {
            Component comp = components[c];
            blocksPerGroup[c] = Math.min(comp.groupBlocksX, mcusX * comp.h)
                    * Math.min(comp.groupBlocksY, mcusY * comp.v);
        }
        groups = new Group[groupsX * groupsY];
        for (int gy = 0; gy < groupsY; gy++) {
            for (int gx = 0; gx < groupsX; gx++) {
                int mx = Math.min(groupMcusX, mcusX - gx * groupMcusX);
                int my = Math.min(groupMcusY, mcusY - gy * groupMcusY);
                int[] bx = new int[components.length];
                int[] by = new int[components.length];
                for (int c = 0; c < components.length; c++) {
                    bx[c] = mx * components[c].h;
                    by[c] = my * components[c].v;
                }
                groups[gy * groupsX + gx] = new Group(gx, gy, bx, by, blocksPerGroup);
            }
        }
        subsampled = new float[components.length][][];
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    boolean isSubsampled(int c) {
        return components[c].h != maxH || components[c].v != maxV;
    }

    /** The coefficients of block ({@code bx}, {@code by}) of component {@code comp}, in its padded block grid. */
    int[] block(Component comp, int bx, int by) {
        int gx = bx / comp.groupBlocksX;
        int gy = by / comp.groupBlocksY;
        return groups[gy * groupsX + gx].block(comp.index, bx - gx * comp.groupBlocksX, by - gy * comp.groupBlocksY);
    }

    void allocatePlanes() {
        planes = Matrices.float3d(components.length, height, width);
        for (int c = 0; c < components.length; c++) {
            if (isSubsampled(c)) subsampled[c] = Matrices.float2d(components[c].height, components[c].width);
        }
    }

    /**
     * Copies samples of component {@code c} (rows/cols of {@code src} from 0) to ({@code x0}, {@code y0}) of the
     * component's plane, cropped to the plane.
     */
    void store(int c, float[][] src, int x0, int y0, int cols, int rows) {
        float[][] dst = plane(c);
        int h = Math.min(rows, components[c].height - y0);
        int w = Math.min(cols, components[c].width - x0);
        for (int y = 0; y < h; y++) {
            System.arraycopy(src[y], 0, dst[y0 + y], x0, w);
        }
    }

    /** The plane that component {@code c}'s samples land in: its own when subsampled, else the frame's. */
    float[][] plane(int c) {
        return isSubsampled(c) ? subsampled[c] : planes[c];
    }

    /** Upsamples rows {@code y0..y1-1} of every subsampled component into its full-resolution plane. */
    void upsample(int y0, int y1) {
        for (int c = 0; c < components.length; c++) {
            if (isSubsampled(c)) {
                Upsampler.upsample(subsampled[c], components[c].width, components[c].height,
                        maxH / components[c].h, maxV / components[c].v, planes[c], width, y0, y1);
            }
        }
    }

    /** The subsampled planes are no longer needed once upsampled. */
    void freeSubsampled() {
        for (int c = 0; c < subsampled.length; c++) {
            if (subsampled[c] != null) {
                Matrices.free(subsampled[c]);
                subsampled[c] = null;
            }
        }
    }

    /** True when neither the frame nor any of its groups still references a buffer. */
    boolean holdsNoBuffers() {
        for (Group g : groups) {
            if (!g.holdsNoBuffers()) return false;
        }
        for (float[][] s : subsampled) {
            if (s != null) return false;
        }
        return planes == null;
    }

    @Override
    public void close() {
        for (Group g : groups) g.close();
        freeSubsampled();
        if (planes != null) {
            Matrices.free(planes);
            planes = null;
        }
    }
}
