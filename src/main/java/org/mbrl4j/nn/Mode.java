package org.mbrl4j.nn;

/** Train mode applies dropout; eval mode does not (PyTorch's module.train()/eval()). */
public enum Mode {
    TRAIN,
    EVAL
}
