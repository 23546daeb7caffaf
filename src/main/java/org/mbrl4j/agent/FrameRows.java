package org.mbrl4j.agent;

import java.util.List;

/**
 * Labelled rows of RGB frames, each frame (3, size, size) u8 in channel-major order as the renderers
 * of {@code env.render} write them: a picture of {@link EvalFigure}.
 *
 * @param size   frame height and width in pixels
 * @param labels one label per row, e.g. "truth", "posterior", "open loop"
 * @param rows   the frames of each row, left to right in time; every row as long as the first
 */
public record FrameRows(int size, List<String> labels, List<List<byte[]>> rows) {

    public FrameRows {
        labels = List.copyOf(labels);
        rows = rows.stream().map(List::copyOf).toList();
        if (size < 1 || rows.isEmpty() || labels.size() != rows.size()) {
            throw new IllegalArgumentException("FrameRows: size " + size + ", " + labels.size() + " labels and "
                    + rows.size() + " rows; needs size >= 1 and one label per row, >= 1 row");
        }
        int width = rows.get(0).size();
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).size() != width) {
                throw new IllegalArgumentException("FrameRows: row " + r + " (" + labels.get(r) + ") has "
                        + rows.get(r).size() + " frames, row 0 has " + width);
            }
            for (byte[] frame : rows.get(r)) {
                if (frame.length != 3 * size * size) {
                    throw new IllegalArgumentException("FrameRows: a frame of row " + r + " has " + frame.length
                            + " bytes, expected 3·" + size + "·" + size);
                }
            }
        }
    }
}
