/**
 * The training loop: {@link dev.enn.train.Trainer} runs mini-batch epochs over a
 * {@link dev.enn.data.Dataset} with a loss, an optimizer, optional clipping, a learning-rate
 * schedule, validation and early stopping, and reports progress to
 * {@link dev.enn.train.TrainingListener}s. {@link dev.enn.train.Metrics} evaluates a model on a
 * dataset. The library never prints, and {@link dev.enn.train.LoggingListener} writes progress
 * through SLF4J.
 */
package dev.enn.train;
