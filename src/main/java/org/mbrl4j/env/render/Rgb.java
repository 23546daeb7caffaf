package org.mbrl4j.env.render;

/**
 * An opaque colour, 8 bits per channel.
 *
 * @param r red 0..255
 * @param g green 0..255
 * @param b blue 0..255
 */
public record Rgb(int r, int g, int b) {
    public static final Rgb WHITE = new Rgb(255, 255, 255);
    public static final Rgb BLACK = new Rgb(0, 0, 0);

    public Rgb {
        if ((r | g | b) < 0 || r > 255 || g > 255 || b > 255) {
            throw new IllegalArgumentException("Rgb: channels must be in 0..255, got (" + r + ", " + g + ", " + b + ")");
        }
    }

    /** Channel {@code c}: 0 red, 1 green, 2 blue. */
    int channel(int c) {
        return switch (c) {
            case 0 -> r;
            case 1 -> g;
            case 2 -> b;
            default -> throw new IllegalArgumentException("Rgb.channel: c must be 0, 1 or 2, got " + c);
        };
    }
}
