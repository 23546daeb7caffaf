package org.mbrl4j.env;

/** The element type of an observation: f32 state vectors, u8 image frames (PlaNet and pixel TD-MPC2). */
public enum ObsDType {
    F32,
    U8
}
