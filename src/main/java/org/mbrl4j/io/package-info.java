/**
 * Files: {@link org.mbrl4j.io.SafeTensors} reads and writes the safetensors format (the checkpoint
 * format, readable from PyTorch's {@code safetensors.torch.load_file}), and
 * {@link org.mbrl4j.io.AtomicFile} replaces a file atomically (temp file, fsync, rename) so a crash
 * never leaves a half-written checkpoint under the real name. {@link org.mbrl4j.io.AnimatedGif} writes
 * looping animated GIFs (evaluation videos) with the JDK's GIF writer, one global colour table
 * ({@link org.mbrl4j.io.GifPalette}) and only each frame's changed rectangle.
 */
package org.mbrl4j.io;
