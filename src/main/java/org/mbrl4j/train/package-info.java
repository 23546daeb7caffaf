/**
 * Training: the online TD-MPC2 loop ({@link org.mbrl4j.train.OnlineTrainer}, the reference's
 * {@code online_trainer.py}), evaluation ({@link org.mbrl4j.train.Evaluator}), checkpoints
 * ({@link org.mbrl4j.train.Checkpoint}, {@link org.mbrl4j.train.BufferFile}) and the logs of a run.
 *
 * <p><b>Steps.</b> The config's {@code steps}, {@code seed_steps}, {@code eval_freq},
 * {@code log_every} and {@code checkpoint_every} count agent steps; an agent step is
 * {@code action_repeat} env steps. {@code eval.csv} and the eval plot use env steps, like the
 * reference's published results; {@code train.csv} has both.
 *
 * <p><b>A run directory</b> ({@link org.mbrl4j.train.RunDirectory}):
 * {@code <work_dir>/<task>/<exp_name>/seed<seed>/} with {@code config.yaml}, {@code eval.csv},
 * {@code train.csv}, {@code planner.jsonl} (when the agent reports planner statistics),
 * {@code multi_gamma.jsonl} (auxiliary-head snapshots, {@link org.mbrl4j.train.MultiGammaSnapshotLog}),
 * {@code eval.png}, {@code figures/} and {@code videos/} (pictures of evaluation episode 0,
 * {@link org.mbrl4j.train.EvalPictures}) and {@code checkpoints/}. Every CSV and JSONL row is flushed as it is written, and
 * every checkpoint, PNG, GIF and config file is replaced atomically, so a crash loses at most the row being
 * written. A run writes only into its own directory ({@link org.mbrl4j.train.RunPlacement}): a
 * fresh run refuses a directory that holds files and offers the ways on (resume from the checkpoint
 * there, {@code overwrite=true}, or {@code run_dir=auto} for a new timestamped folder beside it); a
 * resume from a checkpoint outside its run's directory starts a new one and records
 * {@code resumed_from}. Stale temp files of a killed write are removed at start.
 *
 * <p><b>Checkpoints.</b> {@code checkpoints/latest.safetensors} every {@code checkpoint_every} agent
 * steps (taken at the next episode boundary, replaced each time) and
 * {@code checkpoints/final.safetensors} at the end ({@code save_agent}); each with its replay buffer
 * in {@code <name>.buffer.g<generation>.safetensors}, which the checkpoint names, generation and
 * checksum ({@link org.mbrl4j.train.BufferLink}); every tensor and header carries a CRC32C that is
 * verified on load, and NaN or infinite weights are refused. {@code mbrl train checkpoint=PATH
 * [key=value...]} resumes: the checkpoint's config plus the overrides (architecture keys may not change,
 * {@link org.mbrl4j.train.CheckpointConfig#ARCHITECTURE_KEYS}), the model, optimizer moments,
 * running scale, every RNG counter, the step and episode counters, and the buffer are restored, and
 * the logs are cut back to the checkpoint before appending. From a periodic checkpoint the run
 * continues exactly as if never interrupted; from the final one (taken mid-episode) it starts a new
 * episode (the train.csv and planner.jsonl rows at the resume step average only the updates since the
 * resume: those running means are not saved). A buffer file that was not saved with the checkpoint is
 * refused; without any, the run continues with an empty buffer and no updates until the buffer holds
 * {@code seed_steps} transitions again.
 *
 * <p><b>Randomness.</b> Philox streams of the run seed: training and evaluation episode reset seeds
 * ({@link org.mbrl4j.train.EpisodeSeeds}), seeding actions and buffer sampling (counters saved in
 * checkpoints), and the multi-gamma snapshots and evaluation figures (pure functions of the step,
 * nothing saved); the
 * agent's own streams are saved in its state. Every evaluation uses the same
 * episode seeds.
 */
package org.mbrl4j.train;
