package org.mbrl4j.config;

/**
 * PlaNet-lite's model and its training schedule (docs/planet-lite.md#model, #schedule; the notebook's
 * HIDDEN_DIM_MODEL, MODEL_LR, MODEL_BATCH_SIZE, SEQUENCE_LENGTH, STEPS_PER_ITERATION_PLANET and
 * MODEL_TRAIN_STEPS).
 *
 * @param hiddenDim           width of the two ReLU hidden layers
 * @param lr                  Adam learning rate
 * @param batchSize           replay windows per update
 * @param sequenceLength      transitions per replay window
 * @param lossTransitions     which transitions of a window the loss reads: all of them, or the first
 *                            (the notebook's demonstration shortcut)
 * @param nextState           what the next-state head outputs: the next state (the notebook) or its change
 * @param iterationSteps      planned env steps per iteration; the updates of an iteration follow them
 * @param updatesPerIteration gradient updates after each iteration's steps
 */
public record PlanetLiteTrainingConfig(
        int hiddenDim,
        double lr,
        int batchSize,
        int sequenceLength,
        PlanetLiteLossTransitions lossTransitions,
        PlanetLiteNextState nextState,
        int iterationSteps,
        int updatesPerIteration) {

    public PlanetLiteTrainingConfig {
        var c = new Checks();
        c.atLeast("planet_lite.hidden_dim", hiddenDim, 1);
        c.positive("planet_lite.lr", lr);
        c.atLeast("planet_lite.batch_size", batchSize, 1);
        c.atLeast("planet_lite.sequence_length", sequenceLength, 1);
        c.notNull("planet_lite.loss_transitions", lossTransitions, Choice.allowed(PlanetLiteLossTransitions.class));
        c.notNull("planet_lite.next_state", nextState, Choice.allowed(PlanetLiteNextState.class));
        c.atLeast("planet_lite.iteration_steps", iterationSteps, 1);
        c.atLeast("planet_lite.updates_per_iteration", updatesPerIteration, 1);
        c.throwIfAny();
    }
}
